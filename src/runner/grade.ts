/**
 * The worker side of `grade` and `replay` requests: run the learner's code
 * once (as a single cell), then hand its top-level names to the exercise's
 * grader once per seed, reporting progress after each (`grade`), or rebuild
 * one seed's run and send back its trace (`replay`). Both load the learner's
 * code through `loadLearner`, so a replay sees exactly what grading saw.
 */
import { compileCell } from './transpile.ts';
import { toRunError } from './errors.ts';
import { createRequire } from './require-shim.ts';
import { formatConsoleArgs } from './inspect.ts';
import type {
  ConsoleLine,
  GradeCheck,
  GradeRequest,
  GradeResultMessage,
  ProgressMessage,
  ReplayRequest,
  ReplayResultMessage,
  RunError,
} from './protocol.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { Grader, Replayer } from './graders.ts';
import { serialiseTrace } from './trace-detect.ts';
import { createSandbox } from './sandbox.ts';
import { ConsoleBudget } from './bounds.ts';

/** Default cap on the events a `replay` sends back. */
export const DEFAULT_REPLAY_MAX_EVENTS = 200_000;

type Located = (e: unknown) => RunError;

type Loaded =
  | { readonly ok: true; readonly learner: Readonly<Record<string, unknown>>; readonly locate: Located }
  | { readonly ok: false; readonly error: RunError };

/** Compiles and runs the learner's code once; its top-level names and exports, or the error that stopped it. */
function loadLearner(
  exerciseId: string,
  code: string,
  modules: Readonly<Record<string, unknown>>,
  consoleLines: ConsoleLine[],
): Loaded {
  const cellId = `exercise-${exerciseId}`;
  const compiled = compileCell(code, cellId);
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const locate: Located = (e) =>
    toRunError(e, {
      cellId,
      fileName: compiled.fileName,
      source: code,
      prefixLength: compiled.prefixLength,
      js: compiled.js,
    });
  const scope: Record<string, unknown> = {};
  const budget = new ConsoleBudget();
  const con = Object.fromEntries(
    (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => [
      level,
      (...args: unknown[]) => {
        const text = consoleLines.length < 200 && !budget.spent ? budget.take(formatConsoleArgs(args)) : null;
        if (text !== null) consoleLines.push({ level, text });
      },
    ]),
  );
  const exports: Record<string, unknown> = {};
  const sandbox = createSandbox({
    __nb: Object.freeze({ scope, save: (v: Record<string, unknown>) => void Object.assign(scope, v) }),
    require: Object.freeze(createRequire(modules)),
    exports,
    module: { exports },
    console: harden(con),
  });
  try {
    sandbox.evaluate(compiled.js);
  } catch (e) {
    return { ok: false, error: locate(e) };
  }
  return { ok: true, learner: { ...scope, ...exports }, locate };
}

/**
 * A fresh evaluation of the learner's code (what a restarted process runs).
 * A reload's console output is not the learner's run: it goes nowhere.
 */
function reloader(
  req: { readonly exerciseId: string; readonly code: string },
  modules: Readonly<Record<string, unknown>>,
): () => Readonly<Record<string, unknown>> {
  return () => {
    const again = loadLearner(req.exerciseId, req.code, modules, []);
    if (!again.ok) throw new Error(again.error.message);
    return again.learner;
  };
}

export function gradeCode(
  req: GradeRequest,
  grader: Grader | undefined,
  modules: Readonly<Record<string, unknown>>,
  onProgress: (m: ProgressMessage) => void,
  now: () => number = () => performance.now(),
): GradeResultMessage {
  const t0 = now();
  const consoleLines: ConsoleLine[] = [];
  const base = { v: PROTOCOL_VERSION, type: 'grade-result', id: req.id, exerciseId: req.exerciseId } as const;
  if (!grader) {
    return {
      ...base,
      passed: false,
      checks: [],
      console: [],
      error: { kind: 'internal', name: 'Error', message: `No grader is registered for exercise '${req.exerciseId}'.` },
      ms: now() - t0,
    };
  }
  const loaded = loadLearner(req.exerciseId, req.code, modules, consoleLines);
  if (!loaded.ok)
    return { ...base, passed: false, checks: [], console: consoleLines, error: loaded.error, ms: now() - t0 };
  const reload = reloader(req, modules);
  const checks: GradeCheck[] = [];
  for (const [i, seed] of req.seeds.entries()) {
    let check: GradeCheck;
    try {
      check = { seed, ...grader({ learner: loaded.learner, engine: modules.workbook, seed, reload }) };
    } catch (e) {
      const err = loaded.locate(e);
      const where = err.line !== undefined ? ` (line ${err.line})` : '';
      check = { seed, passed: false, message: `${err.name}${where}: ${err.message} (seed ${seed})` };
    }
    checks.push(check);
    onProgress({
      v: PROTOCOL_VERSION,
      type: 'progress',
      id: req.id,
      done: i + 1,
      total: req.seeds.length,
      note: `seed ${seed}: ${check.passed ? 'passed' : 'failed'}`,
    });
  }
  return {
    ...base,
    passed: checks.length > 0 && checks.every((c) => c.passed),
    checks,
    console: consoleLines,
    ms: now() - t0,
  };
}

/**
 * Rebuilds the run of one graded seed with the learner's code (see
 * `ReplayRequest`). Never throws: problems come back as `error`.
 */
export function replayCode(
  req: ReplayRequest,
  replayer: Replayer | undefined,
  modules: Readonly<Record<string, unknown>>,
  now: () => number = () => performance.now(),
): ReplayResultMessage {
  const t0 = now();
  const consoleLines: ConsoleLine[] = [];
  const base = {
    v: PROTOCOL_VERSION,
    type: 'replay-result',
    id: req.id,
    exerciseId: req.exerciseId,
    seed: req.seed,
    violations: [],
    failures: [],
    properties: [],
  } as const;
  if (!replayer) {
    return {
      ...base,
      console: [],
      error: { kind: 'internal', name: 'Error', message: `No grader is registered for exercise '${req.exerciseId}'.` },
      ms: now() - t0,
    };
  }
  const loaded = loadLearner(req.exerciseId, req.code, modules, consoleLines);
  if (!loaded.ok) return { ...base, console: consoleLines, error: loaded.error, ms: now() - t0 };
  try {
    // The same reload grading had, so crashed processes restart with empty memory as they did there.
    const out = replayer({
      learner: loaded.learner,
      engine: modules.workbook,
      seed: req.seed,
      reload: reloader(req, modules),
      ...(req.scale !== undefined ? { scale: req.scale } : {}),
    });
    const traced = out.trace ? serialiseTrace(out.trace, req.maxTraceEvents ?? DEFAULT_REPLAY_MAX_EVENTS) : null;
    // Plain JSON copies: the result crosses the worker boundary as a string.
    const plain = JSON.parse(
      JSON.stringify({ violations: out.violations, failures: out.failures, properties: out.properties }),
    ) as Pick<ReplayResultMessage, 'violations' | 'failures' | 'properties'>;
    return {
      ...base,
      ...plain,
      ...(traced ? { trace: traced.trace, traceTruncated: traced.truncated } : {}),
      console: consoleLines,
      ms: now() - t0,
    };
  } catch (e) {
    return { ...base, console: consoleLines, error: loaded.locate(e), ms: now() - t0 };
  }
}
