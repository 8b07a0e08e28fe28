/**
 * The trace: the engine's only output and the contract every other part reads.
 *
 * A trace is an ordered list of plain, JSON-serialisable events. Checkers,
 * metrics, the simulation view, quiz keys and exercise grades read nothing
 * else, so everything a learner can be asked about must be visible here.
 *
 * Two layers share one list:
 * - the client history (`invoke` then exactly one of `ack`, `fail`, `info`),
 *   in the style of Jepsen histories, which the consistency checkers judge;
 * - the system's inner life (messages, log appends, applies, crashes, elections),
 *   which the viewer draws and the divergence / split-brain checkers judge.
 *
 * `step` is the event's index in the trace (0-based, dense) and `time` is
 * virtual milliseconds. Both are assigned by the recorder, never by callers.
 */

/** Name of a node, for example `"leader"`, `"f1"` or `"eu-1"`. */
export type NodeId = string;

/** Unique id of one client operation within a run, for example `"op-17"`. */
export type OpId = string;

/** Unique id of one network message within a run, for example `"m-204"`. */
export type MessageId = string;

/** Values a key can hold. Kept JSON-friendly so traces serialise losslessly. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [k: string]: Value };

/**
 * What a client asked for. `increment` and `add` exist for counters and sets (CRDT chapters);
 * `cas` is compare-and-set on a register (see `InvokeEvent.expected`).
 */
export type OperationKind = 'write' | 'read' | 'increment' | 'add' | 'remove' | 'delete' | 'cas';

/** Fields every event has. */
export interface EventBase {
  /** Index of the event in the trace (0, 1, 2, ...). */
  readonly step: number;
  /** Virtual time in milliseconds since the start of the run. */
  readonly time: number;
}

// ---------------------------------------------------------------- client history

/** A client starts an operation. Every `invoke` is followed by at most one completion with the same `op`. */
export interface InvokeEvent extends EventBase {
  readonly type: 'invoke';
  readonly op: OpId;
  /** The client process that issued it; one client issues one operation at a time. */
  readonly client: string;
  /** Session the client belongs to (read-your-writes and monotonic reads are per session). Defaults to the client. */
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  /** The value written (the new value for `cas`), or the amount for `increment`, or the element for `add`/`remove`. Absent for reads. */
  readonly value?: Value;
  /** For `cas` only: the value the register must hold for the swap to happen. */
  readonly expected?: Value;
  /** The node the client sent it to. */
  readonly node: NodeId;
}

/**
 * The operation definitely happened. For reads, `value` is what was read. For `cas`,
 * `value` is `true` when it swapped and `false` when the register held something other
 * than `expected` (it happened, compared, and changed nothing); absent counts as `true`.
 * A `cas` that was rejected before it compared anything is a `fail`, like any other kind.
 */
export interface AckEvent extends EventBase {
  readonly type: 'ack';
  readonly op: OpId;
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly value?: Value;
  /** The node that answered. */
  readonly node: NodeId;
  /** Log position of the write, or the replica's applied position when a read was served. */
  readonly lsn?: number;
  /** Leader epoch in force on the answering node, where the topology has one. */
  readonly epoch?: number;
  /** Sibling values returned by a read when concurrent versions exist (multi-leader / leaderless). */
  readonly siblings?: readonly Value[];
}

/** The operation definitely did not happen (rejected, shed, fenced, no leader). */
export interface FailEvent extends EventBase {
  readonly type: 'fail';
  readonly op: OpId;
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly node: NodeId;
  readonly reason: string;
}

/** The outcome is unknown (timed out, connection lost): it may or may not have taken effect. */
export interface InfoEvent extends EventBase {
  readonly type: 'info';
  readonly op: OpId;
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly node: NodeId;
  readonly reason: string;
}

// ---------------------------------------------------------------- network

/** A message was handed to the network. */
/**
 * What a replication-protocol message said, as typed fields (the display
 * `summary` is made from these and is never parsed back). Each kind fills the
 * fields it has: `replicate` an LSN range `first..last` after `prevLsn` (no
 * range for an empty probe); `fetch` the position `from` it asks for and
 * whether it wants a snapshot (`bootstrap`); `ack` and `heartbeat` an `lsn`;
 * `snapshot` the `lsn` it covers; `truncate` the LSN `to` cut back to;
 * `vote-request` the candidate's log position; `vote` whether it was granted.
 * `epoch` is the sender's epoch (or the epoch voted in).
 */
export interface MessageDetail {
  readonly epoch?: number;
  readonly first?: number;
  readonly last?: number;
  readonly prevLsn?: number;
  readonly from?: number;
  readonly bootstrap?: boolean;
  readonly lsn?: number;
  readonly lastEpoch?: number;
  readonly to?: number;
  readonly granted?: boolean;
}

export interface SendEvent extends EventBase {
  readonly type: 'send';
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  /** Protocol message kind, for example `"replicate"`, `"ack"`, `"heartbeat"`, `"fetch"`. */
  readonly kind: string;
  /** Short human summary for the viewer, for example `"LSN 4..6"`. */
  readonly summary?: string;
  readonly detail?: MessageDetail;
}

/** A message arrived at its destination. */
export interface DeliverEvent extends EventBase {
  readonly type: 'deliver';
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
}

/** A message will never arrive. */
export interface DropEvent extends EventBase {
  readonly type: 'drop';
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly reason: 'loss' | 'partition' | 'node-down';
}

/** The network delivered an extra copy of a message (it will be delivered twice). */
export interface DuplicateEvent extends EventBase {
  readonly type: 'duplicate';
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
}

/** The network was split: nodes in different groups cannot reach each other (in-flight messages across the cut are dropped). */
export interface PartitionEvent extends EventBase {
  readonly type: 'partition';
  readonly groups: readonly (readonly NodeId[])[];
}

/** All partitions are removed. */
export interface HealEvent extends EventBase {
  readonly type: 'heal';
}

/** A link's latency changed (slow link) — `factor` multiplies the configured latency. */
export interface LinkEvent extends EventBase {
  readonly type: 'link';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly factor: number;
}

// ---------------------------------------------------------------- storage and replication

/** A node appended an entry to its replication log. */
export interface AppendEvent extends EventBase {
  readonly type: 'append';
  readonly node: NodeId;
  readonly lsn: number;
  readonly epoch: number;
  readonly key: string;
  /** What the entry carries, depending on the log format (statement text, page bytes summary, or row image). */
  readonly format: 'statement' | 'physical' | 'logical';
  readonly entry: Value;
}

/** A node applied a log entry (or a local write) to its data. `value` is the resulting value of `key`. */
export interface ApplyEvent extends EventBase {
  readonly type: 'apply';
  readonly node: NodeId;
  readonly lsn: number;
  readonly key: string;
  readonly value: Value;
  /**
   * Every concurrent version the node now keeps for `key` (multi-leader with
   * version vectors), `value` being the first; absent while there is one.
   * Without it a checker reading node state would see one sibling and take
   * the others for lost writes.
   */
  readonly siblings?: readonly Value[];
}

/** The leader considers everything up to `lsn` committed (by the configured acknowledgement mode). */
export interface CommitEvent extends EventBase {
  readonly type: 'commit';
  readonly node: NodeId;
  readonly lsn: number;
}

/** A follower could not apply an entry (gap, version mismatch, duplicate skipped). */
export interface RejectEntryEvent extends EventBase {
  readonly type: 'reject-entry';
  readonly node: NodeId;
  readonly lsn: number;
  readonly reason: string;
}

/** A node loaded a snapshot (new follower bootstrap or catch-up beyond the retained log). */
export interface SnapshotEvent extends EventBase {
  readonly type: 'snapshot';
  readonly node: NodeId;
  readonly from: NodeId;
  readonly lsn: number;
  /** Epoch of the entry at `lsn` in the source's log (so logs can be compared by LSN and epoch). */
  readonly epoch?: number;
  /** The data the snapshot carried (added by the engine so a viewer can show it). */
  readonly data?: { readonly [k: string]: Value };
}

/**
 * A node cut its log back to `lsn`, dropping entries `from..to` that conflict
 * with the current leader's log (a deposed leader's unreplicated tail, or a
 * follower's copy of it). `data` holds the node's values, after the cut, for
 * every key the dropped entries had touched.
 */
export interface TruncateEvent extends EventBase {
  readonly type: 'truncate';
  readonly node: NodeId;
  /** The node's last LSN after the cut. */
  readonly lsn: number;
  readonly from: number;
  readonly to: number;
  /** Epoch of the first dropped entry. */
  readonly epoch: number;
  readonly data: { readonly [k: string]: Value };
}

/** A change-data-capture consumer received a change. */
export interface CdcEvent extends EventBase {
  readonly type: 'cdc';
  readonly consumer: string;
  readonly lsn: number;
  readonly key: string;
  readonly before: Value;
  readonly after: Value;
  /** True when this is a redelivery of a change the consumer already saw. */
  readonly redelivery: boolean;
  /** The consumer's derived view after it handled this change (added by the engine; absent when not tracked). */
  readonly view?: Value;
}

/** Queue depth of a node changed (chapter 1: finite capacity). */
export interface QueueEvent extends EventBase {
  readonly type: 'queue';
  readonly node: NodeId;
  readonly depth: number;
}

// ---------------------------------------------------------------- faults and control

export interface CrashEvent extends EventBase {
  readonly type: 'crash';
  readonly node: NodeId;
}

/** A node came back. `lsn` is the last durable log position it kept. */
export interface RestartEvent extends EventBase {
  readonly type: 'restart';
  readonly node: NodeId;
  readonly lsn: number;
}

/** A node's clock offset changed (chapter 7). */
export interface ClockEvent extends EventBase {
  readonly type: 'clock';
  readonly node: NodeId;
  readonly skew: number;
}

/** A node's failure detector started suspecting another node. */
export interface SuspectEvent extends EventBase {
  readonly type: 'suspect';
  readonly node: NodeId;
  readonly suspect: NodeId;
}

/** A node's role changed. */
export interface RoleEvent extends EventBase {
  readonly type: 'role';
  readonly node: NodeId;
  readonly role: 'leader' | 'follower' | 'candidate' | 'down' | 'single';
  readonly epoch: number;
}

/** A node became leader for `epoch` (after an election or promotion). */
export interface ElectEvent extends EventBase {
  readonly type: 'elect';
  readonly node: NodeId;
  readonly epoch: number;
  /** The candidates' log positions at the time, so "most up to date" can be checked. */
  readonly candidates: readonly { readonly node: NodeId; readonly lsn: number; readonly lastEpoch?: number }[];
}

/**
 * A protocol machine moved between states. `owner` is what the machine belongs
 * to — a node, a CDC consumer, a client session — and `machine` the machine's
 * id in the engine's registry (`machines` in the public API). States are
 * XState state values flattened to dotted paths (`up.leader`); `event` is the
 * machine event that caused the transition. Views replay these to highlight a
 * statechart at any step, so seek and rewind follow for free.
 */
export interface StateEvent extends EventBase {
  readonly type: 'state';
  readonly owner: string;
  readonly machine: string;
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

/**
 * A candidate (`node`) received a peer's answer to its vote request for
 * `epoch`, with the peer's log position: every answer is recorded, granted or
 * refused, so a checker can tell whether a more up-to-date peer was heard.
 */
export interface VoteEvent extends EventBase {
  readonly type: 'vote';
  readonly node: NodeId;
  readonly from: NodeId;
  readonly epoch: number;
  readonly granted: boolean;
  readonly lsn: number;
  readonly lastEpoch: number;
}

/** A request or message carrying a stale epoch was refused. */
export interface FenceEvent extends EventBase {
  readonly type: 'fence';
  readonly node: NodeId;
  readonly epoch: number;
  readonly staleEpoch: number;
}

/** Read repair or anti-entropy wrote a newer version to a stale replica (chapter 8). */
export interface RepairEvent extends EventBase {
  readonly type: 'repair';
  readonly node: NodeId;
  readonly key: string;
  readonly value: Value;
  readonly via: 'read-repair' | 'anti-entropy' | 'hinted-handoff';
}

/** A free-form note from a scenario, shown in the viewer's narration. */
export interface NoteEvent extends EventBase {
  readonly type: 'note';
  readonly text: string;
}

/** A learner hook threw; the engine caught it, recorded it here and used the hook's safe default. */
export interface HookErrorEvent extends EventBase {
  readonly type: 'hook-error';
  /** The hook's name, for example `"applyBatch"`. */
  readonly hook: string;
  /** The node the hook ran for, where there is one. */
  readonly node?: NodeId;
  readonly message: string;
  /** The thrown error's name (`TypeError`, `RangeError`, ...), or `thrown value` for a non-Error. */
  readonly name?: string;
}

export type TraceEvent =
  | InvokeEvent
  | AckEvent
  | FailEvent
  | InfoEvent
  | SendEvent
  | DeliverEvent
  | DropEvent
  | DuplicateEvent
  | PartitionEvent
  | HealEvent
  | LinkEvent
  | AppendEvent
  | ApplyEvent
  | CommitEvent
  | RejectEntryEvent
  | SnapshotEvent
  | TruncateEvent
  | CdcEvent
  | QueueEvent
  | CrashEvent
  | RestartEvent
  | ClockEvent
  | SuspectEvent
  | RoleEvent
  | ElectEvent
  | VoteEvent
  | StateEvent
  | FenceEvent
  | RepairEvent
  | NoteEvent
  | HookErrorEvent;

export type TraceEventType = TraceEvent['type'];

/** Distributive Omit, so `Omit<TraceEvent, 'step'>` keeps the union intact. */
export type WithoutPosition<E> = E extends TraceEvent ? Omit<E, 'step' | 'time'> : never;

/** What a recorder is given: an event without its step and time. */
export type TraceEventInput = WithoutPosition<TraceEvent>;

/** A whole run: the config seed it came from and its events. */
export interface Trace {
  readonly seed: number;
  /** Name of the scenario or a short description, for messages. */
  readonly label: string;
  readonly nodes: readonly NodeId[];
  /**
   * Sloppy-quorum stand-ins: nodes that only hold hints for unreachable home
   * replicas and never data of their own, so checkers of final state leave them out.
   */
  readonly standbys?: readonly NodeId[];
  /**
   * The replication shape that ran (absent in traces from before it was
   * recorded, read as `single`): which checkers apply depends on it.
   */
  readonly shape?: ReplicationShape;
  readonly events: readonly TraceEvent[];
}

/** One leader (chapters 1–6), several leaders (chapter 7), or none (chapter 8). */
export type ReplicationShape = 'single' | 'multi' | 'leaderless';

/** One problem a checker found. */
export interface Violation {
  /** The property that broke, for example `"read-your-writes"`. */
  readonly property: string;
  /** Step of the event where the violation shows (usually the offending read's completion). */
  readonly step: number;
  /** The client operation involved, where there is one. */
  readonly op?: OpId;
  readonly seed: number;
  /** A sentence a learner can read: what happened and why it breaks the property. */
  readonly message: string;
  /** The explanation alone, without the `[property] seed N, step S:` prefix, for views that show those apart. */
  readonly sentence?: string;
  /** Other steps worth highlighting (for example the write that was missed). */
  readonly related?: readonly number[];
}

/** What every checker returns. `unknown` is only used by checkers with a search budget. */
export interface CheckResult {
  readonly property: string;
  readonly valid: boolean | 'unknown';
  readonly violations: readonly Violation[];
  /**
   * Optional explanation a grader can show alongside the result, mainly why it
   * is `unknown` (for example "the search budget of 100000 steps ran out on key x").
   * Added by the checkers; absent when there is nothing to add.
   */
  readonly message?: string;
}
