/**
 * Public API of the runner (learner code in a Web Worker with a watchdog).
 * Browser code imports from here; the worker entry is worker.ts.
 */
export { runInWorker, runCells, gradeInWorker, replayInWorker, prestartRunner } from './client.ts';
export type { RunOptions, RunResult, GradeOptions, ReplayOptions } from './client.ts';
export { RunnerPool, timeoutMessage, DEFAULT_TIMEOUT_MS } from './pool.ts';
export type { WorkerLike, Timers, RequestHandlers } from './pool.ts';
export { WorkerHost } from './host.ts';
export type { HostOptions } from './host.ts';
export { ENGINE_SPECIFIER } from './require-shim.ts';
export { describeError } from './errors.ts';
export { formatInline } from './inspect.ts';
export * from './protocol.ts';
