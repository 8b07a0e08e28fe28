/**
 * Turns the runner worker's `grade-result` message into a `GradeReport`.
 * Kept apart from runner-adapter.ts so the exercise island can import it
 * without pulling in the transpiler: it depends only on message types.
 */
import type { GradeResultMessage, RunError } from '../../runner/protocol.ts';
import { mergeFailures } from './core.ts';
import type { GradeCheckWithFailures } from './runner-adapter.ts';
import type { ExerciseGrader, GradeError, GradeFailure, GradeReport } from './types.ts';

function isFailure(x: unknown): x is GradeFailure {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.property === 'string' &&
    typeof f.seed === 'number' &&
    typeof f.step === 'number' &&
    typeof f.message === 'string' &&
    typeof f.scenario === 'string'
  );
}

function toGradeError(e: RunError, seed: number | undefined): GradeError {
  const kind: GradeError['kind'] =
    e.kind === 'syntax' || e.kind === 'runtime' || e.kind === 'import' || e.kind === 'timeout' || e.kind === 'limit'
      ? e.kind
      : 'internal';
  const where = e.line !== undefined ? ` (line ${e.line})` : '';
  const message =
    kind === 'timeout'
      ? `${e.message}${seed !== undefined ? ` It was grading seed ${seed}.` : ''}`
      : kind === 'syntax'
        ? `Your code does not compile${where}: ${e.message}`
        : `${e.name}${where}: ${e.message}`;
  return { kind, message, ...(e.line !== undefined ? { line: e.line } : {}), ...(seed !== undefined ? { seed } : {}) };
}

/**
 * Turns the worker's answer into a report. `done` is the number of seeds the
 * worker reported finished before an error (from its progress messages), used
 * to name the seed an endless loop was stuck on.
 */
export function reportFromGradeResult(
  msg: GradeResultMessage,
  grader: Pick<ExerciseGrader, 'scenario'>,
  seeds: readonly number[],
  done = msg.checks.length,
): GradeReport {
  const failures = new Map<string, GradeFailure>();
  for (const c of msg.checks as readonly GradeCheckWithFailures[]) {
    if (Array.isArray(c.failures)) mergeFailures(failures, c.failures.filter(isFailure));
    else if (!c.passed)
      mergeFailures(failures, [
        { property: 'grader', seed: c.seed, step: 0, message: c.message, scenario: grader.scenario },
      ]);
  }
  const error = msg.error ? toGradeError(msg.error, msg.error.kind === 'timeout' ? seeds[done] : undefined) : undefined;
  return {
    passed:
      msg.passed &&
      error === undefined &&
      failures.size === 0 &&
      msg.checks.length === seeds.length &&
      seeds.length > 0,
    runs: msg.checks.length,
    failures: [...failures.values()],
    durationMs: msg.ms,
    ...(error ? { error } : {}),
  };
}
