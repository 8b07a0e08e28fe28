/**
 * The grader registry, keyed by the names exercise.yaml uses (`grader:`).
 *
 * `runnerGraders` is the same registry in the shape the runner worker's
 * `grade` request expects (src/runner/graders.ts): per-seed graders keyed by
 * grader name. The exercise island sends the grader name as the request's
 * `exerciseId`.
 */
import type { Grader as RunnerGrader, Replayer as RunnerReplayer } from '../../runner/graders.ts';
import { toRunnerGrader, toRunnerReplayer } from '../grading/runner-adapter.ts';
import type { ExerciseGrader } from '../grading/types.ts';
import { loadShedding } from './ch01-load-shedding.ts';
import { applyBatch } from './ch02-apply-batch.ts';
import { cdcConsumer } from './ch03-cdc-consumer.ts';
import { ackPolicy } from './ch04-ack-policy.ts';
import { routeRead } from './ch05-route-read.ts';
import { electLeader } from './ch06-elect-leader.ts';
import { mergeGrader } from './ch07-merge.ts';
import { reconcile } from './ch08-reconcile.ts';
import { briefGraders } from './ch09-brief.ts';

export const graders: Readonly<Record<string, ExerciseGrader>> = Object.freeze({
  [loadShedding.name]: loadShedding,
  [applyBatch.name]: applyBatch,
  [cdcConsumer.name]: cdcConsumer,
  [ackPolicy.name]: ackPolicy,
  [routeRead.name]: routeRead,
  [electLeader.name]: electLeader,
  [mergeGrader.name]: mergeGrader,
  [reconcile.name]: reconcile,
  ...Object.fromEntries(briefGraders.map((g) => [g.name, g])),
});

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
