/**
 * Merging two progress documents (used by import): the result keeps the best
 * of both and never loses anything either side had achieved.
 *
 * - chapter complete: complete if either is, with the earlier time;
 * - quiz attempts: the union (same attempt counted once); when more than the
 *   allowed two remain, the two best are kept, so the best score is the best
 *   of both and the number of attempts used never goes down;
 * - exercises: most runs, earliest pass, earliest reveal (a reveal on either
 *   side stays recorded);
 * - notebook cells: the more recently saved code wins;
 * - learner seed: the current one, unless the current document has no quiz
 *   attempts at all (a fresh browser adopts the imported seed so the imported
 *   attempts and future variants stay consistent).
 */
import { capAttempts } from './parse.ts';
import {
  emptyRecord,
  own,
  type CellEdit,
  type ChapterProgress,
  type ExerciseProgress,
  type ProgressData,
  type QuizAttempt,
} from './schema.ts';

const minDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

function sameAttempt(a: QuizAttempt, b: QuizAttempt): boolean {
  return a.at === b.at && a.score === b.score && a.variant === b.variant;
}

function mergeChapter(a: ChapterProgress | undefined, b: ChapterProgress | undefined): ChapterProgress {
  const attempts = [...(a?.attempts ?? [])];
  for (const x of b?.attempts ?? []) if (!attempts.some((y) => sameAttempt(x, y))) attempts.push(x);
  const completedAt = minDefined(a?.completedAt, b?.completedAt);
  const capped = capAttempts(attempts);
  return completedAt === undefined ? { attempts: capped } : { completedAt, attempts: capped };
}

function mergeExercise(a: ExerciseProgress | undefined, b: ExerciseProgress | undefined): ExerciseProgress {
  const out: { -readonly [K in keyof ExerciseProgress]: ExerciseProgress[K] } = {
    runs: Math.max(a?.runs ?? 0, b?.runs ?? 0),
  };
  const lastRunAt =
    a?.lastRunAt === undefined
      ? b?.lastRunAt
      : b?.lastRunAt === undefined
        ? a.lastRunAt
        : Math.max(a.lastRunAt, b.lastRunAt);
  const passedAt = minDefined(a?.passedAt, b?.passedAt);
  const revealedAt = minDefined(a?.revealedAt, b?.revealedAt);
  if (lastRunAt !== undefined) out.lastRunAt = lastRunAt;
  if (passedAt !== undefined) out.passedAt = passedAt;
  if (revealedAt !== undefined) out.revealedAt = revealedAt;
  return out;
}

function mergeCell(a: CellEdit | undefined, b: CellEdit | undefined): CellEdit {
  if (!a) return b as CellEdit;
  if (!b) return a;
  return b.savedAt > a.savedAt ? b : a;
}

function mergeRecords<T>(
  a: Readonly<Record<string, T>>,
  b: Readonly<Record<string, T>>,
  merge: (x: T | undefined, y: T | undefined) => T,
): Record<string, T> {
  const out = emptyRecord<T>();
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out[key] = merge(own(a, key), own(b, key));
  return out;
}

/** Merges `incoming` into `current`, keeping the best of both. */
export function mergeProgress(current: ProgressData, incoming: ProgressData): ProgressData {
  const currentHasAttempts = Object.keys(current.chapters).some(
    (k) => (own(current.chapters, k)?.attempts.length ?? 0) > 0,
  );
  return {
    version: current.version,
    learnerSeed: currentHasAttempts ? current.learnerSeed : incoming.learnerSeed,
    chapters: mergeRecords(current.chapters, incoming.chapters, mergeChapter),
    exercises: mergeRecords(current.exercises, incoming.exercises, mergeExercise),
    cells: mergeRecords(current.cells, incoming.cells, mergeCell),
  };
}
