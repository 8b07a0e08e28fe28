/**
 * The bridge between the grading core and the runner's `grade` protocol
 * (src/runner/grade.ts): the worker runs the learner's code once, then calls
 * a per-seed grader; this file provides those graders and turns the worker's
 * `grade-result` back into a `GradeReport`.
 *
 * Each `GradeCheck` the worker returns carries, besides the runner's
 * `{ seed, passed, message }`, a `failures` array with property, step and
 * scenario (plain JSON, so it crosses the worker boundary unchanged).
 */
import { cellFileName } from '../../runner/transpile.ts';
import { locateInStack } from '../../runner/errors.ts';
import type { GraderContext, Grader as RunnerGrader, Replayer as RunnerReplayer } from '../../runner/graders.ts';
import type { GradeCheck } from '../../runner/protocol.ts';
import { createSeedGrader, judgeSeed, type LearnerModule } from './core.ts';
import type { ExerciseGrader, GradeFailure } from './types.ts';

export { reportFromGradeResult } from './report.ts';

/** Cell id the runner gives the learner's code in a `grade` request (see gradeCode: `exercise-${exerciseId}`). */
export function exerciseCellId(graderName: string): string {
  return `exercise-${graderName}`;
}

/** The learner's line for an error thrown by their code in a grade run, when the stack shows it. */
export function locateLearnerLine(graderName: string, error: unknown): number | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  return locateInStack(stack, cellFileName(exerciseCellId(graderName)))?.line;
}

/** A check with the structured failures of its seed. */
export interface GradeCheckWithFailures extends GradeCheck {
  readonly failures?: readonly GradeFailure[];
}

/** A runner context; its `reload` re-evaluates the learner's module (the worker provides one). */
type ReloadingContext = GraderContext & { readonly reload?: () => LearnerModule };

/**
 * Wraps an exercise grader as a per-seed runner grader. With `reload` (a
 * fresh evaluation of the learner's module, given here or by the runner's
 * context) graders can restart crashed processes with empty memory and
 * failures caused by state leaking across seeds are named.
 *
 * The seed grader remembers what it diagnosed within one grading request; a
 * new request loads the learner's module again, so a new module object starts
 * a new seed grader.
 */
export function toRunnerGrader(grader: ExerciseGrader, reload?: () => LearnerModule): RunnerGrader {
  const locate = (e: unknown) => locateLearnerLine(grader.name, e);
  let session: { learner: LearnerModule; gradeNext: ReturnType<typeof createSeedGrader> } | undefined;
  return (ctx: ReloadingContext) => {
    const { learner, seed } = ctx;
    if (session?.learner !== learner) {
      const reloader = reload ?? ctx.reload;
      session = { learner, gradeNext: createSeedGrader(grader, { locate, ...(reloader ? { reload: reloader } : {}) }) };
    }
    const outcome = session.gradeNext(learner, seed);
    const first = outcome.failures[0];
    const check: Omit<GradeCheckWithFailures, 'seed'> = {
      passed: first === undefined,
      message: first === undefined ? `seed ${seed}: every property held` : first.message,
      failures: outcome.failures,
    };
    return check;
  };
}

/**
 * Wraps an exercise grader as a runner replayer: the same `judgeSeed` grading
 * uses (same hook wrapper, same checks), keeping the run's trace.
 */
export function toRunnerReplayer(grader: ExerciseGrader): RunnerReplayer {
  return (ctx: ReloadingContext) => {
    const { learner, seed, reload, scale } = ctx;
    // With the runner's reload, crashed processes restart afresh as they did in grading.
    const { outcome, run } = judgeSeed(learner, grader, seed, {
      locate: (e) => locateLearnerLine(grader.name, e),
      ...(reload ? { reload } : {}),
      ...(scale !== undefined && grader.shrinks ? { scale } : {}),
    });
    return {
      ...(run ? { trace: run.trace } : {}),
      violations: run?.violations ?? [],
      failures: outcome.failures.map((f) => ({ property: f.property, seed: f.seed, step: f.step, message: f.message })),
      properties: grader.properties.map((p) => p.name),
    };
  };
}
