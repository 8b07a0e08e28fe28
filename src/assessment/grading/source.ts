/**
 * Grading learner TypeScript source outside the browser (tests, an instructor
 * CLI): the runner's own `gradeCode` (the function the worker runs, with the
 * runner's sucrase transpile and require shim), fed the engine module and the
 * per-seed graders from runner-adapter.ts, so Node and the browser share one
 * code path and reach the same verdict.
 *
 * Node has the source, so it can evaluate the learner's module afresh: graders
 * restart crashed processes with empty memory, and failures caused by state
 * leaking across seeds are named (see `createSeedGrader`).
 *
 * Node cannot interrupt an endless loop inside one seed; between seeds the
 * suite checks a time budget and stops with a `time-limit` failure.
 */
import * as engine from '../../engine/index.ts';
import { gradeCode } from '../../runner/grade.ts';
import type { Grader as RunnerGrader } from '../../runner/graders.ts';
import { PROTOCOL_VERSION } from '../../runner/protocol.ts';
import { ENGINE_SPECIFIER } from '../../runner/require-shim.ts';
import { timeLimitFailure, type LearnerModule } from './core.ts';
import { reportFromGradeResult, toRunnerGrader } from './runner-adapter.ts';
import type { ExerciseGrader, GradeProgress, GradeReport } from './types.ts';

/** Default time budget of a suite in Node, ms. */
export const NODE_BUDGET_MS = 20_000;

export interface SourceOptions {
  readonly onProgress?: (p: GradeProgress) => void;
  /** Time budget for the whole suite, checked between seeds. Default NODE_BUDGET_MS. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

/** The modules learner code may import (`workbook` = the engine). */
export const learnerModules: Readonly<Record<string, unknown>> = { [ENGINE_SPECIFIER]: engine };

/**
 * The learner's module evaluated afresh, through the runner's own loader (a
 * one-seed `gradeCode` whose grader only keeps what it is handed), so a
 * reloaded module is built exactly like the one graded. Empty when the code
 * does not load; grading reports that separately.
 */
function freshModule(code: string, grader: ExerciseGrader): LearnerModule {
  let learner: LearnerModule = {};
  gradeCode(
    { v: PROTOCOL_VERSION, type: 'grade', id: 0, exerciseId: grader.name, code, seeds: [0] },
    (ctx) => {
      learner = ctx.learner;
      return { passed: true, message: '' };
    },
    learnerModules,
    () => {},
  );
  return learner;
}

/** Compiles and grades learner TypeScript over `seeds`. Never throws. */
export function gradeSource(
  code: string,
  grader: ExerciseGrader,
  seeds: readonly number[],
  options: SourceOptions = {},
): GradeReport {
  const now = options.now ?? (() => performance.now());
  const budget = options.budgetMs ?? NODE_BUDGET_MS;
  const perSeed = toRunnerGrader(grader, () => freshModule(code, grader));
  let t0: number | undefined;
  let stopped = false;
  const budgeted: RunnerGrader = (ctx) => {
    t0 ??= now();
    const elapsed = now() - t0;
    if (stopped || elapsed > budget) {
      const f = timeLimitFailure(grader, ctx.seed, elapsed, budget);
      const first = !stopped;
      stopped = true;
      return { passed: false, message: f.message, ...(first ? { failures: [f] } : { failures: [] }) };
    }
    return perSeed(ctx);
  };
  const result = gradeCode(
    { v: PROTOCOL_VERSION, type: 'grade', id: 0, exerciseId: grader.name, code, seeds },
    budgeted,
    learnerModules,
    (p) => options.onProgress?.({ done: p.done, total: p.total }),
    now,
  );
  return reportFromGradeResult(result, grader, seeds);
}
