/**
 * The grader registry, keyed by the names exercise.yaml uses (`grader:`): a
 * view of the chapter registry (each chapter's graders live in
 * src/chapters/chNN/grader.ts and are listed in its manifest).
 *
 * `runnerGraders` is the same registry in the shape the runner worker's
 * `grade` request expects (src/runner/graders.ts): per-seed graders keyed by
 * grader name. The exercise island sends the grader name as the request's
 * `exerciseId`.
 */
import type { Grader as RunnerGrader, Replayer as RunnerReplayer } from '../../runner/graders.ts';
import { chapters } from '../../chapters/list.ts';
import { toRunnerGrader, toRunnerReplayer } from '../grading/runner-adapter.ts';
import type { ExerciseGrader } from '../grading/types.ts';

export const graders: Readonly<Record<string, ExerciseGrader>> = Object.freeze(
  Object.fromEntries(chapters.flatMap((c) => c.graders.map((g) => [g.name, g] as const))),
);

/** The grader registered under `name`, or undefined. */
export function graderFor(name: string): ExerciseGrader | undefined {
  return Object.prototype.hasOwnProperty.call(graders, name) ? graders[name] : undefined;
}

/** Per-seed graders for the runner worker, keyed by grader name. */
export const runnerGraders: Readonly<Record<string, RunnerGrader>> = Object.freeze(
  Object.fromEntries(Object.entries(graders).map(([name, g]) => [name, toRunnerGrader(g)])),
);

/** Per-seed replayers for the runner worker's `replay` request, keyed by grader name. */
export const runnerReplayers: Readonly<Record<string, RunnerReplayer>> = Object.freeze(
  Object.fromEntries(Object.entries(graders).map(([name, g]) => [name, toRunnerReplayer(g)])),
);
