/**
 * Internal state shapes of the engine: nodes, client requests, client
 * processes. Plain mutable records on purpose (the hot path mutates them);
 * nothing here is part of the public API.
 */
import type { NodeId, OpId, OperationKind, Value } from '../trace/events.ts';
import type { ReplicationLog, Expression } from '../model/log.ts';
import type { Rng } from '../model/rng.ts';
import type { Latency } from '../model/latency.ts';
import type { NodeRole } from '../machines/node-role.ts';
import type { MachineInstance } from '../machines/host.ts';
import type { PnCounter } from '../model/pn-counter.ts';
import type { OrSet } from '../model/or-set.ts';
import type { VvVersion } from '../model/mv-register.ts';

export interface FollowerProgress {
  /** Highest LSN the follower acknowledged having applied. */
  acked: number;
  /** Highest LSN sent to it (may be ahead of `acked` while in flight or lost). */
  sent: number;
  /** Last time `acked` advanced or a retransmission was sent. */
  lastProgress: number;
  /** Last time anything was heard from the follower. */
  lastHeard: number;
}

export interface ResolvedCapacity {
  readonly workers: number;
  readonly readTime: Latency;
  readonly writeTime: Latency;
  readonly queueLimit: number;
}

/** A versioned value for multi-leader and leaderless replicas. */
export interface Versioned {
  /** Current value (for CRDTs, the visible value derived from `state`). */
  value: Value;
  /** Concurrent values kept side by side (version vectors). */
  siblings: Value[] | null;
  /** LWW timestamp (writer's clock) and tie-breaker. */
  ts: number;
  writer: NodeId;
  /** Version vector: node -> counter. */
  vv: Record<NodeId, number>;
  /** Leaderless version counter. */
  version: number;
  /** CRDT state (PN-counter or OR-set) as a JSON value. */
  crdt: Value;
  /** Version-vector mode: the versions kept (more than one = siblings). */
  versions?: readonly VvVersion[];
  /** Counter mode: the PN-counter state. */
  counter?: PnCounter;
  /** Set mode: the OR-set state. */
  set?: OrSet;
}

export interface NodeState {
  readonly id: NodeId;
  /** The node-role machine (`machines/node-role.ts`). */
  control: MachineInstance;
  /** Failure detection, election and lease (`machines/failover.ts`); null without failover. */
  failover: MachineInstance | null;
  /** The replication stream as this node follows it (`machines/follower-stream.ts`); single-leader only. */
  stream: MachineInstance | null;
  /** When this node, leading, may acknowledge a write (`machines/commit.ts`); single-leader only. */
  commit: MachineInstance | null;
  role: NodeRole | 'down';
  epoch: number;
  /** Bumped on every crash; timers from an older incarnation do nothing. */
  incarnation: number;
  readonly log: ReplicationLog;
  /** Data as of `log.base` (from a snapshot or compaction); durable like the log. */
  baseData: Map<string, Value>;
  data: Map<string, Value>;
  appliedLsn: number;
  commitLsn: number;
  storageVersion: number;
  /** Why physical replication stopped on this follower, or null. */
  broken: string | null;
  skew: number;
  /** RAND() and other values a statement computes on this node. */
  readonly rng: Rng;
  /** Service times under finite capacity. */
  readonly serviceRng: Rng;
  /** Failure-detector and election jitter. */
  readonly timerRng: Rng;
  readonly cap: ResolvedCapacity | null;
  waiting: Request[];
  waitingHead: number;
  busy: number;
  /** The requests the workers are serving (finite capacity only). */
  serving: Set<Request>;
  // leader side
  progress: Map<NodeId, FollowerProgress>;
  pending: Map<number, Request>;
  retransmitArmed: boolean;
  flushArmed: boolean;
  /** Leader lease (fencing on): accepts writes only while `now < leaseUntil`. */
  leaseUntil: number;
  // follower side
  leader: NodeId | null;
  lastFetchAt: number;
  lastHeardLeader: number;
  suspecting: boolean;
  votedFor: { epoch: number; node: NodeId } | null;
  /** The highest epoch this node has heard of (vote requests and answers); a campaign starts above it. */
  epochSeen: number;
  /** A campaign in progress: votes granted, every answer's log position, and whether the decision is scheduled. */
  electing: {
    epoch: number;
    votes: Set<NodeId>;
    statuses: Map<NodeId, { lsn: number; lastEpoch: number }>;
    deciding: boolean;
    /** The leader whose silence started the campaign: its answer is not awaited. */
    suspect: NodeId | null;
    /**
     * A leader of an older epoch heard during the campaign (refused, as a Raft candidate refuses a
     * stale term), and when: if the campaign fails, the node follows it again rather than campaigning on.
     */
    staleLeader: { node: NodeId; epoch: number; at: number } | null;
  } | null;
  /** Heartbeat rounds awaiting a majority: sentAt -> acknowledgements. */
  hbAcks: Map<number, number>;
  // multi-leader / leaderless
  store: Map<string, Versioned>;
  hints: { to: NodeId; key: string; rec: Versioned }[];
  vvClock: number;
}

export interface Request {
  readonly op: OpId;
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly value?: Value;
  readonly expr?: Expression;
  /** Compare-and-set only: the value the key must hold. */
  readonly expected?: Value;
  readonly node: NodeId;
  /**
   * Sent to the node the client believes leads (writes, and reads under the
   * `leader` policy): with failover on, only a leader holding its lease may
   * answer it; anyone else refuses with `not-leader`.
   */
  readonly forLeader: boolean;
  readonly invokedAt: number;
  readonly deadline: number;
  arrivedAt: number;
  /** Its life at the node and at the client (`machines/request.ts`). */
  readonly life: MachineInstance;
  readonly call: Call;
  readonly process: ClientProcess;
}

/** The answer a node gives a client. */
export type Outcome =
  | {
      readonly ok: true;
      readonly value?: Value;
      readonly lsn?: number;
      readonly epoch?: number;
      readonly siblings?: readonly Value[];
    }
  | { readonly ok: false; readonly definite: boolean; readonly reason: string; readonly leaderHint?: NodeId | null };

/** One operation a client was asked to perform (by the API or the workload). */
export interface Call {
  readonly opId: OpId;
  readonly kind: OperationKind;
  readonly key: string;
  readonly value?: Value;
  readonly expr?: Expression;
  /** Compare-and-set only: the value the key must hold. */
  readonly expected?: Value;
  /** Explicit target node. */
  readonly node?: NodeId;
  retriesLeft: number;
  readonly onDone?: () => void;
}

export interface SessionState {
  readonly id: string;
  lastWriteLsn: number;
  lastReadLsn: number;
  lastReadFrom: NodeId | null;
  /** The node this session believes is the leader (updated by redirects). */
  leaderGuess: NodeId;
  /** Where the session's reads stand (`machines/session.ts`); only in runs that route reads. */
  machine: MachineInstance | null;
}

export interface ClientProcess {
  readonly id: string;
  readonly session: SessionState;
  busy: boolean;
  readonly backlog: Call[];
}

/** What `Simulation.result(op)` reports. */
export interface OpResult {
  readonly op: OpId;
  readonly kind: OperationKind;
  readonly key: string;
  status: 'queued' | 'pending' | 'ok' | 'fail' | 'info';
  value?: Value;
  node?: NodeId;
  reason?: string;
  invokedAt?: number;
  completedAt?: number;
  lsn?: number;
}
