/**
 * The simulation's configuration: everything a run depends on besides code.
 * Same config + same seed = the same trace, byte for byte.
 *
 * Every field except `seed` and `topology` has a default, so a notebook cell
 * can start from `{ seed: 1, topology: { leader: 'A', followers: ['B'] } }`.
 */
import type { NodeId, ReplicationShape, Value } from './trace/events.ts';
import type { Latency } from './model/latency.ts';
import type { Expression, LogFormat } from './model/log.ts';
import type { NetworkConfig } from './network/config.ts';
import type { Hooks } from './hooks.ts';

/**
 * Who may accept writes.
 * - `{ leader, followers }`: single leader (chapters 1–6); no followers = one node (role `single`).
 * - `{ leaders }`: every listed node accepts writes and replicates to the others (chapter 7).
 * - `{ replicas }`: leaderless, quorum reads and writes (chapter 8).
 */
export type Topology =
  | { readonly leader: NodeId; readonly followers?: readonly NodeId[] }
  | { readonly leaders: readonly NodeId[] }
  | { readonly replicas: readonly NodeId[] };

/** The replication shape of a topology: one leader, several, or none. */
export function shapeOf(topology: Topology): ReplicationShape {
  if ('leaders' in topology) return 'multi';
  if ('replicas' in topology) return 'leaderless';
  return 'single';
}

/** How a single leader ships its log (chapters 2–4). */
export interface ReplicationConfig {
  /**
   * When a write is acknowledged: `async` at once; `sync` when every follower has it;
   * `semi-sync` when one of `syncFollowers` has it. Default `async`.
   */
  readonly mode?: 'async' | 'sync' | 'semi-sync';
  /** What the log carries. Default `logical`. */
  readonly format?: LogFormat;
  /** For `semi-sync`: the followers whose acknowledgement counts. Default: any follower. */
  readonly syncFollowers?: readonly NodeId[];
  /** Largest number of entries in one replicate message. Default 50. */
  readonly maxBatch?: number;
  /** Wait this long to collect writes into one batch. Default 0 (send each write at once). */
  readonly batchDelay?: number;
  /** The leader re-sends to a follower that has not acknowledged anything for this long since the last send. 0 disables. Default 250 ms. */
  readonly retransmitInterval?: number;
  /** How many log entries the leader keeps; followers further behind get a snapshot. Default: all. */
  readonly retainLog?: number;
  /** Storage-format version per node for the physical format (default 1 everywhere). */
  readonly storageVersions?: Readonly<Record<NodeId, number>>;
}

/** Finite capacity of a node (chapter 1). Without it, nodes serve everything instantly. */
export interface CapacityConfig {
  /** Requests served in parallel. Scaling up = more workers or shorter service times. Default 1. */
  readonly workers?: number;
  /** Service time of a read. Default 2 ms. */
  readonly readTime?: Latency;
  /** Service time of a write. Default 4 ms. */
  readonly writeTime?: Latency;
  /** Most requests waiting (not counting those in service); more are refused with `queue-full`. Default: unbounded. */
  readonly queueLimit?: number;
}

/** How clients behave. */
export interface ClientConfig {
  /** A client gives up after this many ms and records `info` (outcome unknown). Default 1000. */
  readonly timeout?: number;
  /** Times a client retries a write that failed with `not-leader` / `unavailable` (each retry is a new op). Default 0. */
  readonly retries?: number;
  /** Where reads go without `from` and without a `routeRead` hook. Default `leader`. */
  readonly readFrom?: 'leader' | 'random' | 'followers';
}

/** Generated load: clients issuing reads and writes with unique written values. */
export interface WorkloadConfig {
  /** Number of client sessions (`c1`, `c2`, ...). Default 1. */
  readonly clients?: number;
  /**
   * Offered load in operations per second (open loop: arrivals do not wait for answers,
   * which is what overloads a server). Without it, each client waits for its answer,
   * then `thinkTime`, then issues the next operation (closed loop).
   */
  readonly rate?: number;
  /** Pause between a closed-loop client's operations. Default 10 ms. */
  readonly thinkTime?: Latency;
  /** Share of reads in [0, 1]. Default 0.5. */
  readonly readRatio?: number;
  /** Keys operated on. Default `['x']`. */
  readonly keys?: readonly string[];
  /** Start and stop of the workload in virtual ms. Default 0 and 1000. */
  readonly start?: number;
  readonly duration?: number;
  /** Share of writes that are `NOW()` / `RAND()` statements (chapter 3). Default 0. */
  readonly exprRatio?: number;
  /** Operation used for writes: plain `write`, counter `increment` or set `add` (chapter 7). Default `write`. */
  readonly writeKind?: 'write' | 'increment' | 'add';
  /**
   * Multi-leader and leaderless topologies: the node each client talks to, in turn
   * (client `c1` gets the first, `c2` the second, ..., wrapping around). Default: every node in turn.
   */
  readonly nodes?: readonly NodeId[];
}

/** One scheduled fault or action (the "nemesis"). */
export type Fault =
  | { readonly at: number; readonly kind: 'crash'; readonly node: NodeId }
  | { readonly at: number; readonly kind: 'restart'; readonly node: NodeId }
  | { readonly at: number; readonly kind: 'partition'; readonly groups: readonly (readonly NodeId[])[] }
  | { readonly at: number; readonly kind: 'heal' }
  | { readonly at: number; readonly kind: 'slow'; readonly from: NodeId; readonly to: NodeId; readonly factor: number }
  | { readonly at: number; readonly kind: 'skew'; readonly node: NodeId; readonly ms: number }
  | { readonly at: number; readonly kind: 'upgrade'; readonly node: NodeId; readonly version: number }
  | { readonly at: number; readonly kind: 'add-follower'; readonly node: NodeId }
  | { readonly at: number; readonly kind: 'crash-consumer'; readonly consumer: string }
  | { readonly at: number; readonly kind: 'note'; readonly text: string };

/** A change-data-capture consumer reading the leader's logical change stream (chapter 3). */
export interface CdcConsumerConfig {
  readonly name: string;
  /** The consumer commits its offset after this many changes; after a consumer crash, everything since is redelivered. Default 5. */
  readonly commitEvery?: number;
  /** Probability, per change, that the consumer crashes after handling it (forcing redelivery). Default 0. */
  readonly crashRate?: number;
  /** Delay between commit on the leader and delivery to the consumer. Default 2 ms. */
  readonly latency?: Latency;
  /** The view's starting content. Default `{}`. */
  readonly initialView?: Readonly<Record<string, Value>>;
}

/** Heartbeats, failure detection and election (chapter 6). */
export interface FailoverConfig {
  /** Leader heartbeat period. Default 50 ms. */
  readonly heartbeatInterval?: number;
  /** A follower suspects the leader after this long without a heartbeat. Default 300 ms. */
  readonly timeout?: number;
  /** Epoch fencing and leader leases. Turn off to see split brain. Default true. */
  readonly fencing?: boolean;
  /** A crashed leader restarts believing it is still leader (the classic split-brain story). Default true. */
  readonly restartAsLeader?: boolean;
}

/** Conflict handling with several leaders (chapter 7). */
export interface MultiLeaderConfig {
  /**
   * - `lww`: last write wins by the writer's (possibly skewed) clock;
   * - `version-vector`: concurrent writes are kept as siblings;
   * - `counter`: a PN-counter CRDT (use `increment`);
   * - `set`: an observed-remove set CRDT (use `add` / `remove`);
   * - `merge`: like `version-vector`, but concurrent versions are combined with the `merge` hook
   *   (without a hook they stay siblings).
   * Default `lww` (`merge` when a `merge` hook is given).
   *
   * `increment`, `add` and `remove` outside their CRDT mode are read-modify-writes of
   * the receiving leader's current value, replicated like any other write.
   */
  readonly conflict?: 'lww' | 'version-vector' | 'counter' | 'set' | 'merge';
  /** Leaders batch their changes to each other every this many ms. Default 0 (send at once). */
  readonly syncInterval?: number;
  /** A leader re-sends changes a peer has not acknowledged after this many ms (lost messages, partitions). 0 disables. Default 250. */
  readonly retransmitInterval?: number;
}

/** Leaderless quorums (chapter 8). `n` is the number of replicas. */
export interface QuorumConfig {
  /** Write quorum. Default majority. */
  readonly w?: number;
  /** Read quorum. Default majority. */
  readonly r?: number;
  /** Write the newest value back to stale replicas that answered a read. Default false. */
  readonly readRepair?: boolean;
  /** Period of background anti-entropy between replicas. 0 disables. Default 0. */
  readonly antiEntropyInterval?: number;
  /** When a home replica is unreachable, write to a stand-in and hand the write off later. Default false. */
  readonly sloppy?: boolean;
  /** Extra nodes usable as stand-ins for sloppy quorums. */
  readonly standbys?: readonly NodeId[];
  /**
   * How long a coordinator waits for a quorum before giving up: a read fails (`quorum-timeout`),
   * a write ends `info` (`quorum-timeout`) — the replicas that did store it keep it. Default 200 ms.
   */
  readonly requestTimeout?: number;
  /** Sloppy quorums: a write short of `w` acknowledgements after this many ms is sent to stand-ins with hints. Default `requestTimeout / 4`. */
  readonly hintAfter?: number;
  /** A stand-in tries to hand its hints to their home replica every this many ms. Default 100. */
  readonly handoffInterval?: number;
  /** A crashed replica comes back with an empty disk (a replaced machine): the "node that lost data" case. Default false. */
  readonly wipeOnCrash?: boolean;
}

export interface SimulationConfig {
  /** The run's seed: the same config and seed always give the same trace. */
  readonly seed: number;
  /** Name for messages and the trace's `label`. */
  readonly label?: string;
  readonly topology: Topology;
  readonly replication?: ReplicationConfig;
  readonly network?: NetworkConfig;
  /** Finite capacity for every node, with per-node overrides in `nodes`. */
  readonly capacity?: CapacityConfig & { readonly nodes?: Readonly<Record<NodeId, CapacityConfig>> };
  readonly clients?: ClientConfig;
  readonly workload?: WorkloadConfig;
  readonly faults?: readonly Fault[];
  /** Clock offset per node in ms (chapter 7). */
  readonly clocks?: Readonly<Record<NodeId, number>>;
  readonly cdc?: readonly CdcConsumerConfig[];
  /** Enables heartbeats, failure detection and automatic failover. */
  readonly failover?: FailoverConfig;
  readonly multiLeader?: MultiLeaderConfig;
  readonly quorum?: QuorumConfig;
  readonly hooks?: Hooks;
  /**
   * Record every client operation's `request` machine (queued, in service,
   * answered, shed, given up...) as `state` events. Off by default: a run has
   * thousands of operations; chapter 1, which teaches a request's life, turns it on.
   */
  readonly operationMachines?: boolean;
  /** Cap on recorded events; the run stops with an `EventLimitError` beyond it. Default 500,000. */
  readonly maxEvents?: number;
}

export type { Expression, LogFormat, Latency, NetworkConfig };
