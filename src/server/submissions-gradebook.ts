/**
 * The exercise columns of the instructor's gradebook: what the server itself
 * verified for each learner and exercise, next to what the learner's browser
 * claims (the synced progress document's `passedAt`), with a flag where the
 * claim is not confirmed. gradebook.ts calls these; they are kept apart from
 * its quiz columns.
 *
 * An exercise counts as passed once any of its submissions was verified to
 * pass, as the browser's `passedAt` stays once set: a later, worse attempt
 * does not take a verified pass away.
 */
import { own, type ProgressData } from '../progress/schema.ts';
import type { ExerciseSubmissions } from './submissions.ts';

export type VerifiedStatus = 'passed' | 'failed' | 'pending' | 'not-submitted';

export interface VerifiedExercise {
  readonly status: VerifiedStatus;
  /** The browser's progress says passed. */
  readonly claimed: boolean;
  /** The browser claims a pass the server does not confirm (failed, or never submitted to the server). */
  readonly flagged: boolean;
  /** The newest failed submission (the instructor can replay its failing run), when the status is failed. */
  readonly failedSubmission: string | null;
}

export const VERIFIED_TEXT: Readonly<Record<VerifiedStatus, string>> = {
  passed: 'passed',
  failed: 'failed',
  pending: 'pending',
  'not-submitted': 'not submitted',
};

export function verifiedExercise(s: ExerciseSubmissions | undefined, doc: ProgressData, id: string): VerifiedExercise {
  const claimed = own(doc.exercises, id)?.passedAt !== undefined;
  const status: VerifiedStatus = !s
    ? 'not-submitted'
    : s.passed
      ? 'passed'
      : s.pending > 0
        ? 'pending'
        : s.failed
          ? 'failed'
          : 'not-submitted';
  return {
    status,
    claimed,
    flagged: claimed && (status === 'failed' || status === 'not-submitted'),
    failedSubmission: status === 'failed' ? (s?.failed ?? null) : null,
  };
}

/** Every exercise of the course for one learner. */
export function verifiedExercises(
  byExercise: ReadonlyMap<string, ExerciseSubmissions> | undefined,
  doc: ProgressData,
  chapters: readonly { readonly exercises: readonly string[] }[],
): Record<string, VerifiedExercise> {
  const out: Record<string, VerifiedExercise> = {};
  for (const c of chapters) for (const id of c.exercises) out[id] = verifiedExercise(byExercise?.get(id), doc, id);
  return out;
}

/** CSV header cells of one chapter's exercises. */
export function exerciseCsvHeaders(slug: string, exercises: readonly string[]): string[] {
  return exercises.flatMap((e) => [`${slug} exercise ${e}`, `${slug} exercise ${e} flag`]);
}

/** CSV cells of one chapter's exercises: the verified status, and the flag of an unconfirmed browser claim. */
export function exerciseCsvCells(
  verified: Readonly<Record<string, VerifiedExercise>>,
  exercises: readonly string[],
): string[] {
  return exercises.flatMap((e) => {
    const v = verified[e];
    return [
      VERIFIED_TEXT[v?.status ?? 'not-submitted'],
      v?.flagged ? 'browser claims a pass the server did not verify' : '',
    ];
  });
}
