/**
 * Which grader grades which exercise, read once at startup from content/
 * with the build's own loader (validateContent, as `npm run grade` does), so
 * the server grades a submission with exactly the grader the page named.
 * The map is keyed by exercise id: the key the progress document and the
 * submission routes use.
 */
import { validateContent } from '../site/validate-content.ts';

export interface ExerciseEntry {
  readonly id: string;
  readonly title: string;
  /** Grader name, e.g. `ch02.applyBatch`. */
  readonly grader: string;
  /** Chapter slug (the chapter page is `chapters/<slug>/`). */
  readonly chapter: string;
  /** Chapter folder, e.g. `02-leaders-and-followers`. */
  readonly folder: string;
}

/** Exercises in course order. */
export type ExerciseIndex = ReadonlyMap<string, ExerciseEntry>;

/** Reads content/; throws naming the first problems when the content does not validate. */
export function loadExerciseIndex(contentDir: string): ExerciseIndex {
  const report = validateContent(contentDir, 'content');
  if (report.errors.length > 0)
    throw new Error(`the exercises cannot be read from ${contentDir}: ${report.errors.slice(0, 3).join('; ')}`);
  const index = new Map<string, ExerciseEntry>();
  for (const chapter of report.chapters)
    for (const { exercise } of chapter.exercises)
      index.set(exercise.id, {
        id: exercise.id,
        title: exercise.title,
        grader: exercise.grader,
        chapter: chapter.meta.slug,
        folder: chapter.folder,
      });
  return index;
}
