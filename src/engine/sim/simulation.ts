/**
 * The public face of a run: `createSimulation(config)` returns a `Simulation`
 * with methods a notebook cell reads naturally (write, read, crash, runFor,
 * trace). Operations and faults are queued at the current virtual time and
 * happen when the simulation runs.
 */
import type { NodeId, OpId, Trace, Value } from '../trace/events.ts';
import type { Expression } from '../model/log.ts';
import type { SimulationConfig } from '../config.ts';
import type { DerivedView } from '../hooks.ts';
import { Engine } from './engine.ts';
import * as single from './single-leader.ts';
import type { OpResult } from './types.ts';

export type { OpResult };

/** Who performs an operation and where it goes. */
export interface OpOptions {
  /** Client process name. Operations of one client run one after another. Default `"client"`. */
  readonly client?: string;
  /** Session (for read-your-writes / monotonic reads). Default: the client's name. */
  readonly session?: string;
  /** Node to send the operation to. Default: the leader (or the session's home node). Alias: `from` for reads. */
  readonly to?: NodeId;
  /** Node to read from (same as `to`). */
  readonly from?: NodeId;
  /** Retries after `not-leader` / `unavailable` / `timeout` (writes only). */
  readonly retries?: number;
}

/** What a node holds right now (for notebook cells; viewers should use `stateAt`). */
export interface NodeSnapshot {
  readonly node: NodeId;
  readonly role: 'single' | 'leader' | 'follower' | 'candidate' | 'down';
  readonly epoch: number;
  /** Last LSN in the node's durable log. */
  readonly lsn: number;
  /** Last LSN applied to its data. */
  readonly appliedLsn: number;
  readonly data: Readonly<Record<string, Value>>;
  /** Requests waiting or in service (finite capacity only). */
  readonly queueDepth: number;
  /** Why replication stopped on this node (physical format version mismatch), or null. */
  readonly broken: string | null;
}

export interface Simulation {
  readonly seed: number;
  /** Current virtual time in ms. */
  readonly now: number;
  readonly nodes: readonly NodeId[];
  /** Writes `value` to `key`. Returns the operation id (see `result`). */
  write(key: string, value: Value, opts?: OpOptions): OpId;
  /** Runs a non-deterministic statement such as `UPDATE kv SET v = NOW()` (chapter 3). */
  execute(key: string, expr: Expression, opts?: OpOptions): OpId;
  delete(key: string, opts?: OpOptions): OpId;
  /**
   * Compare-and-set: writes `value` only if `key` holds `expected` now (`null` for absent), atomically
   * on the leader, like `UPDATE seats SET holder = … WHERE id = … AND holder IS NULL` checking the row
   * count. The result's value is `true` when it swapped, `false` when the key held something else.
   * Single-leader topologies only.
   */
  cas(key: string, expected: Value, value: Value, opts?: OpOptions): OpId;
  /** Adds `by` to a counter (chapter 7). */
  increment(key: string, by?: number, opts?: OpOptions): OpId;
  /** Adds an element to a set (chapter 7). */
  add(key: string, element: Value, opts?: OpOptions): OpId;
  remove(key: string, element: Value, opts?: OpOptions): OpId;
  read(key: string, opts?: OpOptions): OpId;
  /** Outcome of an operation so far. */
  result(op: OpId): OpResult | undefined;
  crash(node: NodeId): void;
  restart(node: NodeId): void;
  /** Splits the network; each argument is one side. Nodes not named form their own island. */
  partition(...groups: NodeId[][]): void;
  heal(): void;
  /** Multiplies latency between two nodes (both directions) by `factor`. */
  slowLink(from: NodeId, to: NodeId, factor: number): void;
  /** Sets a node's clock offset in ms. */
  skew(node: NodeId, ms: number): void;
  /** Changes a node's storage-format version (physical replication, chapter 3). */
  upgrade(node: NodeId, version: number): void;
  /** Adds a new follower that bootstraps from a snapshot (chapter 2). */
  addFollower(node: NodeId): void;
  /** Adds a narration line to the trace. */
  note(text: string): void;
  /** Runs `action` at virtual time `time` (or now, if that has passed). */
  at(time: number, action: (sim: Simulation) => void): void;
  /** Advances virtual time by `ms`, running everything due. */
  runFor(ms: number): Simulation;
  runUntil(time: number): Simulation;
  /** The trace so far (a copy). */
  trace(): Trace;
  /** What one node holds right now. */
  inspect(node: NodeId): NodeSnapshot;
  /** A CDC consumer's derived view (chapter 3). */
  view(consumer: string): DerivedView | undefined;
}

class SimulationImpl implements Simulation {
  private readonly e: Engine;

  constructor(config: SimulationConfig) {
    this.e = new Engine(config);
  }

  get seed(): number {
    return this.e.seed;
  }
  get now(): number {
    return this.e.now();
  }
  get nodes(): readonly NodeId[] {
    return [...this.e.nodeIds];
  }

  private op(
    kind: 'write' | 'read' | 'delete' | 'increment' | 'add' | 'remove' | 'cas',
    key: string,
    value: Value | undefined,
    opts: OpOptions = {},
    expr?: Expression,
    expected?: Value,
  ): OpId {
    const node = opts.to ?? opts.from;
    if (node !== undefined) this.e.node(node);
    return this.e.clientOp(kind, key, value, {
      ...(opts.client !== undefined ? { client: opts.client } : {}),
      ...(opts.session !== undefined ? { session: opts.session } : {}),
      ...(node !== undefined ? { node } : {}),
      ...(expr !== undefined ? { expr } : {}),
      ...(expected !== undefined ? { expected } : {}),
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
    });
  }

  write(key: string, value: Value, opts?: OpOptions): OpId {
    return this.op('write', key, value, opts);
  }
  execute(key: string, expr: Expression, opts?: OpOptions): OpId {
    return this.op('write', key, undefined, opts, expr);
  }
  delete(key: string, opts?: OpOptions): OpId {
    return this.op('delete', key, undefined, opts);
  }
  cas(key: string, expected: Value, value: Value, opts?: OpOptions): OpId {
    return this.op('cas', key, value, opts, undefined, expected);
  }
  increment(key: string, by = 1, opts?: OpOptions): OpId {
    return this.op('increment', key, by, opts);
  }
  add(key: string, element: Value, opts?: OpOptions): OpId {
    return this.op('add', key, element, opts);
  }
  remove(key: string, element: Value, opts?: OpOptions): OpId {
    return this.op('remove', key, element, opts);
  }
  read(key: string, opts?: OpOptions): OpId {
    return this.op('read', key, undefined, opts);
  }
  result(op: OpId): OpResult | undefined {
    const r = this.e.ops.get(op);
    return r ? { ...r } : undefined;
  }
  crash(node: NodeId): void {
    this.e.crash(node);
  }
  restart(node: NodeId): void {
    this.e.restart(node);
  }
  partition(...groups: NodeId[][]): void {
    this.e.net.partition(groups);
  }
  heal(): void {
    this.e.net.heal();
  }
  slowLink(from: NodeId, to: NodeId, factor: number): void {
    this.e.net.slowLink(from, to, factor);
  }
  skew(node: NodeId, ms: number): void {
    this.e.setSkew(node, ms);
  }
  upgrade(node: NodeId, version: number): void {
    this.e.upgrade(node, version);
  }
  addFollower(node: NodeId): void {
    single.addFollower(this.e, node);
  }
  note(text: string): void {
    this.e.emit({ type: 'note', text });
  }
  at(time: number, action: (sim: Simulation) => void): void {
    this.e.schedule(Math.max(time, this.e.now()), () => action(this));
  }
  runFor(ms: number): Simulation {
    if (!(ms >= 0)) throw new RangeError(`runFor expects a non-negative number of ms, got ${ms}`);
    this.e.runUntil(this.e.now() + ms);
    return this;
  }
  runUntil(time: number): Simulation {
    this.e.runUntil(time);
    return this;
  }
  trace(): Trace {
    return this.e.trace();
  }
  inspect(id: NodeId): NodeSnapshot {
    const n = this.e.node(id);
    return {
      node: id,
      role: n.role,
      epoch: n.epoch,
      lsn: n.log.lastLsn,
      appliedLsn: n.appliedLsn,
      data: Object.fromEntries(this.e.protocol.visibleData(n)),
      queueDepth: n.waiting.length - n.waitingHead + n.busy,
      broken: n.broken,
    };
  }
  view(consumer: string): DerivedView | undefined {
    return this.e.cdc.view(consumer);
  }
}

/** Creates a simulation; nothing happens until it runs (`runFor` / `runUntil`). */
export function createSimulation(config: SimulationConfig): Simulation {
  return new SimulationImpl(config);
}

/**
 * Runs a config to completion: the workload's end, the last fault, plus `settle` ms.
 * Returns the trace.
 */
export function runSimulation(
  config: SimulationConfig,
  opts: { readonly until?: number; readonly settle?: number } = {},
): Trace {
  const sim = createSimulation(config);
  const w = config.workload;
  const workloadEnd = w ? (w.start ?? 0) + (w.duration ?? 1000) : 0;
  const lastFault = (config.faults ?? []).reduce((m, f) => Math.max(m, f.at), 0);
  const until = opts.until ?? Math.max(workloadEnd, lastFault) + (opts.settle ?? 1000);
  sim.runUntil(until);
  return sim.trace();
}
