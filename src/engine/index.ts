/**
 * The replication engine's public API. Everything a lesson, a notebook cell,
 * a grader or a viewer needs is re-exported here; nothing else in
 * `src/engine` is meant to be imported from outside.
 *
 * One run = one config + one seed. The engine records a trace of typed events;
 * checkers and metrics read only that trace.
 *
 * @example
 * const sim = createSimulation({
 *   seed: 7,
 *   topology: { leader: 'A', followers: ['B', 'C'] },
 *   replication: { mode: 'async', format: 'logical' },
 *   network: { latency: { kind: 'uniform', min: 5, max: 30 } },
 * });
 * sim.write('gold', 105);
 * sim.read('gold', { from: 'B' });
 * sim.crash('A');
 * sim.runFor(500);
 * const t = sim.trace();
 * check.readYourWrites(t);
 */

/**
 * Creates a simulation from a config. Queue operations and faults, then `runFor(ms)`.
 * @example
 * const sim = createSimulation({ seed: 1, topology: { leader: 'db' }, capacity: { workers: 2 } });
 * const op = sim.write('x', 1);
 * sim.runFor(100);
 * sim.result(op)?.status; // 'ok'
 */
export { createSimulation } from './sim/simulation.ts';

/**
 * Builds and runs a config to the end of its workload and faults (plus `settle` ms), returning the trace.
 * @example
 * const trace = runSimulation(scenarios['ch02-stop-and-restart']!.build(42));
 */
export { runSimulation } from './sim/simulation.ts';

/**
 * The board at any step of a trace (roles, LSNs, lag, values, queue depths, messages in flight);
 * `createReplay` for seeking back and forth (lazy, checkpointed: opening a long run costs nothing).
 * @example
 * const board = stateAt(trace, 200);
 * board.nodes['B']?.appliedLsn;
 * const replay = createReplay(trace);
 * replay.at(replay.stepAtTime(150)).leader;
 */
export { stateAt, createReplay } from './trace/replay.ts';

/**
 * Thrown when a run records more than `maxEvents` events (default 500,000).
 * @example
 * try { sim.runFor(1e9); } catch (err) { if (err instanceof EventLimitError) console.log(err.message); }
 */
export { EventLimitError } from './trace/recorder.ts';

/**
 * A seeded random stream (for graders generating inputs; the engine uses its own).
 * @example
 * const rng = new Rng(42); rng.int(1, 6);
 */
export { Rng } from './model/rng.ts';

/**
 * Version vectors (chapter 7): compare two vectors (`before`, `after`, `concurrent`, `equal`) and merge them.
 * @example
 * compareVv({ A: 1 }, { B: 1 }); // 'concurrent'
 */
export { compareVv, mergeVv, incrementVv } from './model/version-vector.ts';
export type { VersionVector, VvOrder } from './model/version-vector.ts';

/**
 * Checkers: pure `trace -> { property, valid, violations }`.
 * @example
 * check.readYourWrites(sim.trace()).valid;
 */
export { check } from './checkers/index.ts';
export { applicableChecks } from './checkers/index.ts';
export { shapeOf } from './config.ts';

/**
 * Metrics: pure `trace -> numbers` (commit latency, lag, RPO, RTO, throughput, ...).
 * @example
 * metrics.commitLatency(sim.trace()).p99;
 */
export { metrics } from './metrics/index.ts';

/** The types a learner sees. */
export type { Simulation, OpOptions, OpResult, NodeSnapshot } from './sim/simulation.ts';
export type { BoardState, NodeBoard, InFlightMessage, PendingOperation, UpRole, Replay } from './trace/replay.ts';
export type {
  SimulationConfig,
  Topology,
  ReplicationConfig,
  CapacityConfig,
  ClientConfig,
  WorkloadConfig,
  Fault,
  CdcConsumerConfig,
  FailoverConfig,
  MultiLeaderConfig,
  QuorumConfig,
} from './config.ts';
export type { NetworkConfig, LinkConfig } from './network/config.ts';
export type { Latency } from './model/latency.ts';
export type { LogEntry, LogFormat, Expression } from './model/log.ts';
export type {
  Hooks,
  AdmitHook,
  RequestInfo,
  ApplyBatchHook,
  ReplicaHandle,
  OnChangeHook,
  Change,
  DerivedView,
  AckPolicyHook,
  AckState,
  RouteReadHook,
  SessionInfo,
  ReplicaInfo,
  ElectLeaderHook,
  Candidate,
  MergeHook,
  ReconcileHook,
  QuorumResponse,
} from './hooks.ts';
export type * from './trace/events.ts';

/**
 * The protocol machines the engine runs (XState), by id, for statecharts.
 * @example
 * machines['node']?.machine.config; // the machine's own definition
 */
export { machines } from './machines/index.ts';
export type { MachineEntry } from './machines/index.ts';
export { statePath } from './machines/host.ts';
