/**
 * Learner hooks: the places where an exercise plugs a learner's function into
 * the engine. Every hook is optional, called synchronously and expected to be
 * pure apart from the handle it is given. When a hook throws, the engine
 * records a `hook-error` event (with the message) and falls back to the safe
 * default documented on each hook, so a bug in learner code shows up in the
 * trace instead of crashing the run.
 */
import type { NodeId, OperationKind, Value } from './trace/events.ts';
import type { LogEntry } from './model/log.ts';

// ---------------------------------------------------------------- chapter 1

/** What `admit` is told about an arriving request. */
export interface RequestInfo {
  readonly op: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly client: string;
  /** Virtual time the request arrived at the node. */
  readonly arrivedAt: number;
  /** Time the client will give up (arrivedAt + remaining timeout budget). */
  readonly deadline: number;
  /** Number of workers serving requests on this node. */
  readonly workers: number;
  /** Mean service time of this kind of request in ms (reads and writes differ). */
  readonly serviceTime: number;
}

/**
 * Chapter 1 — load shedding. Called when a request arrives at a node with finite
 * capacity; `queueDepth` counts requests waiting or in service. `'reject'`
 * answers the client at once with a `fail` (reason `shed`).
 * On a thrown error the request is accepted.
 */
export type AdmitHook = (queueDepth: number, request: RequestInfo) => 'accept' | 'reject';

// ---------------------------------------------------------------- chapter 2

/** The follower a learner's `applyBatch` works on. */
export interface ReplicaHandle {
  readonly node: NodeId;
  /** LSN of the last entry this replica applied (0 before any). */
  readonly appliedLsn: number;
  /** The replica's current value for `key` (`null` when absent). */
  get(key: string): Value;
  /** Appends the entry to the replica's log and applies it to its data. Records `append` and `apply`. */
  apply(entry: LogEntry): void;
  /** Asks the leader to send entries again from `lsn` on (for gaps). */
  requestFrom(lsn: number): void;
}

/**
 * Chapter 2 — a follower receives a batch of log entries, possibly reordered,
 * duplicated, or with earlier batches lost. Apply what can be applied in LSN
 * order, skip what was already applied, and ask for what is missing.
 * After a thrown error the rest of the batch is ignored (the leader will resend).
 */
export type ApplyBatchHook = (replica: ReplicaHandle, entries: readonly LogEntry[]) => void;

// ---------------------------------------------------------------- chapter 3

/**
 * One change as a change-data-capture consumer sees it. It does not say
 * whether the change was delivered before: a real log reader cannot know
 * what a crashed consumer handled, so telling a redelivery apart is the
 * consumer's job (the trace's `cdc` event still records it, for views and checkers).
 */
export interface Change {
  readonly lsn: number;
  readonly key: string;
  readonly op: 'insert' | 'update' | 'delete';
  readonly before: Value;
  readonly after: Value;
}

/** A derived view (search index, cache, counter table): a plain mutable JSON object. */
export type DerivedView = Record<string, Value>;

/**
 * Chapter 3 — a CDC consumer keeps `view` up to date from the change stream.
 * Delivery is at-least-once, so the same change may arrive again. The view is
 * the consumer's durable state (every update to it is stored at once); after a
 * consumer crash the hook gets the view reloaded from storage, as a new object.
 * After a thrown error the change counts as processed.
 */
export type OnChangeHook = (view: DerivedView, change: Change) => void;

// ---------------------------------------------------------------- chapter 4

/** What `ackPolicy` sees for the oldest write that is not acknowledged yet. */
export interface AckState {
  readonly lsn: number;
  readonly leader: NodeId;
  /** Followers whose acknowledged LSN is at least `lsn`. */
  readonly acked: readonly NodeId[];
  readonly followers: readonly { readonly node: NodeId; readonly ackedLsn: number; readonly lastHeardAgo: number }[];
  /** How long the write has been waiting, in ms. */
  readonly waited: number;
}

/**
 * Chapter 4 — return true to acknowledge the write at `state.lsn` to its client.
 * Called when the write is appended and whenever a follower acknowledges.
 * On a thrown error the write is not acknowledged (yet).
 */
export type AckPolicyHook = (state: AckState) => boolean;

// ---------------------------------------------------------------- chapter 5

/** What a client session remembers (for read-your-writes and monotonic reads). */
export interface SessionInfo {
  readonly session: string;
  /** LSN of this session's latest acknowledged write (0 if none). */
  readonly lastWriteLsn: number;
  /** Highest replica LSN any of this session's reads was served at (0 if none). */
  readonly lastReadLsn: number;
  /** The node that served the session's previous read, if any. */
  readonly lastReadFrom: NodeId | null;
  readonly key: string;
}

/** A replica a read could go to. */
export interface ReplicaInfo {
  readonly node: NodeId;
  readonly role: 'leader' | 'follower';
  readonly up: boolean;
  /** LSN the replica has applied (what a real client learns from replica metadata). */
  readonly appliedLsn: number;
}

/** Chapter 5 — choose the node a read goes to. On a thrown error the read goes to the leader. */
export type RouteReadHook = (session: SessionInfo, replicas: readonly ReplicaInfo[]) => NodeId;

// ---------------------------------------------------------------- chapter 6

export interface Candidate {
  readonly node: NodeId;
  /** Last LSN in the candidate's log. */
  readonly lsn: number;
  /** Epoch of that last entry. */
  readonly lastEpoch: number;
}

/** Chapter 6 — pick the new leader among reachable replicas (or null to wait). On a thrown error nobody is elected. */
export type ElectLeaderHook = (candidates: readonly Candidate[]) => NodeId | null;

// ---------------------------------------------------------------- chapter 7

/**
 * Chapter 7 — merge two concurrent versions of one key (a cart, a counter)
 * into one. Used with `multiLeader.conflict: 'merge'` (the default when this
 * hook is given): whenever a leader holds versions whose version vectors are
 * concurrent, they are folded with this function in a canonical order and the
 * result counts as having seen both. It must be commutative, associative and
 * idempotent, or leaders that merged in different orders end up different.
 * On a thrown error `a` is kept.
 */
export type MergeHook = (a: Value, b: Value) => Value;

// ---------------------------------------------------------------- chapter 8

/** One replica's answer to a quorum read. */
export interface QuorumResponse {
  readonly node: NodeId;
  readonly value: Value;
  /**
   * Version of the value: higher is newer, 0 for never written. It is the
   * coordinator's clock reading (ms) when the write was made, raised above
   * versions the writing session had already seen.
   */
  readonly version: number;
}

/**
 * Chapter 8 — turn a read quorum's answers (the first r, in arrival order)
 * into the value returned, and name the replicas to repair with it. The
 * engine writes the chosen value back to every node in `repair` (with the
 * newest answer's version holding that value, or `version`, for a value no
 * replica had), whether or not `quorum.readRepair` is on.
 * On a thrown error the first response is returned and nothing is repaired.
 */
export type ReconcileHook = (responses: readonly QuorumResponse[]) => {
  readonly value: Value;
  readonly version?: number;
  readonly repair?: readonly NodeId[];
};

/** All learner hooks. */
export interface Hooks {
  readonly admit?: AdmitHook;
  readonly applyBatch?: ApplyBatchHook;
  readonly onChange?: OnChangeHook;
  readonly ackPolicy?: AckPolicyHook;
  readonly routeRead?: RouteReadHook;
  readonly electLeader?: ElectLeaderHook;
  readonly merge?: MergeHook;
  readonly reconcile?: ReconcileHook;
}

export type HookName = keyof Hooks;

/** A short message for any thrown value. */
/** The name a hook error is filed under: the Error's own name, or `thrown value` for anything else. */
export function errorName(err: unknown): string {
  try {
    return err instanceof Error && typeof err.name === 'string' ? err.name : 'thrown value';
  } catch {
    return 'thrown value';
  }
}

export function describeError(err: unknown): string {
  // Learner code can throw anything, including an Error whose `message` getter throws.
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return String(err);
  } catch {
    return 'unprintable error';
  }
}
