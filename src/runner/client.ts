/**
 * The runner's browser API. Lazily creates one `RunnerPool` whose workers are
 * the bundled `worker.ts` (engine + sucrase inside, nothing loads from the network).
 *
 *   const r = await runInWorker(code, { cellId: 'ch2-replay', prelude: earlierCells });
 *   const g = await gradeInWorker('ch02.applyBatch', code, [1, 2, 3], { onProgress });
 *   const r = await replayInWorker('ch02.applyBatch', code, 3);   // r.trace: the run seed 3 was graded on
 */
import { RunnerPool, type RequestHandlers, type WorkerLike } from './pool.ts';
import type {
  CellOutput,
  CellSource,
  ConsoleMessage,
  GradeResultMessage,
  ProgressMessage,
  ReplayResultMessage,
  RunError,
} from './protocol.ts';

let pool: RunnerPool | null = null;

function getPool(): RunnerPool {
  pool ??= new RunnerPool(
    () =>
      new Worker(new URL('./worker.ts', import.meta.url), {
        type: 'module',
        name: 'workbook-runner',
      }) as unknown as WorkerLike,
  );
  return pool;
}

/** Boots a spare worker ahead of time (call on first hover/focus of a runnable thing). */
export function prestartRunner(): void {
  getPool().prestart();
}

export interface RunOptions {
  /** Id used in errors and outputs; default `cell`. */
  cellId?: string;
  /** Earlier notebook cells, run first and silently, so `code` sees what they define. */
  prelude?: readonly { readonly id: string; readonly code: string }[];
  /** Watchdog limit, ms (default 2000). */
  timeoutMs?: number;
  /** Streamed console lines of the reported cell(s). */
  onConsole?: (cell: string, line: ConsoleMessage['line']) => void;
  signal?: AbortSignal;
  maxConsoleLines?: number;
  maxTraceEvents?: number;
}

export interface RunResult {
  /** One entry per reported cell (for `runInWorker`, just the one); a failing prelude cell adds its own entry. */
  readonly outputs: readonly CellOutput[];
  readonly error?: RunError;
  /** Time inside the worker, ms. */
  readonly ms: number;
  /** Time from the call to the result on the page, ms. */
  readonly wallMs: number;
}

function handlers(o: RunOptions): RequestHandlers {
  return {
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onConsole ? { onConsole: (m: ConsoleMessage) => o.onConsole?.(m.cell, m.line) } : {}),
  };
}

/** Runs several cells in order in one fresh worker; `report` chooses whose output comes back. */
export async function runCells(cells: readonly CellSource[], options: RunOptions = {}): Promise<RunResult> {
  const t0 = performance.now();
  const res = await getPool().request(
    {
      type: 'run',
      cells,
      ...(options.maxConsoleLines !== undefined ? { maxConsoleLines: options.maxConsoleLines } : {}),
      ...(options.maxTraceEvents !== undefined ? { maxTraceEvents: options.maxTraceEvents } : {}),
    },
    handlers(options),
  );
  return {
    outputs: res.outputs,
    ...(res.error ? { error: res.error } : {}),
    ms: res.ms,
    wallMs: performance.now() - t0,
  };
}

/** Runs one piece of learner TypeScript (after its optional prelude) and returns its output. */
export function runInWorker(code: string, options: RunOptions = {}): Promise<RunResult> {
  const cells: CellSource[] = [
    ...(options.prelude ?? []).map((c) => ({ id: c.id, code: c.code, report: false })),
    { id: options.cellId ?? 'cell', code, report: true },
  ];
  return runCells(cells, options);
}

export interface GradeOptions {
  onProgress?: (p: ProgressMessage) => void;
  /** Watchdog per progress step, ms (default 2000: each seed must finish within it). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Grades `code` for an exercise over `seeds` in a fresh worker (see graders.ts for registering graders). */
export function gradeInWorker(
  exerciseId: string,
  code: string,
  seeds: readonly number[],
  options: GradeOptions = {},
): Promise<GradeResultMessage> {
  return getPool().request(
    { type: 'grade', exerciseId, code, seeds },
    {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
}

export interface ReplayOptions {
  /** Watchdog limit, ms (default 2000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Cap on the returned trace's events (default 200,000). */
  maxTraceEvents?: number;
  /** Share of the graded run to rebuild (a shrunk failure's `smaller.scale`); default 1. */
  scale?: number;
}

/**
 * Rebuilds the run an exercise's grader judged for `seed`, with the learner's
 * `code` plugged in, in a fresh worker (same compile path and watchdog as
 * grading). Resolves with its trace and the grader's findings, or an `error`.
 */
export function replayInWorker(
  exerciseId: string,
  code: string,
  seed: number,
  options: ReplayOptions = {},
): Promise<ReplayResultMessage> {
  return getPool().request(
    {
      type: 'replay',
      exerciseId,
      code,
      seed,
      ...(options.maxTraceEvents !== undefined ? { maxTraceEvents: options.maxTraceEvents } : {}),
      ...(options.scale !== undefined ? { scale: options.scale } : {}),
    },
    {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}
