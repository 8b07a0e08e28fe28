/**
 * Builds the submission bundle the Progress page exports (format and schema:
 * src/server/bundle.ts, imported here for its type only, so no schema code
 * ships to the page): the learner's name and cohort id, every submission kept
 * in this browser (exercise/submission-log.ts) and every quiz attempt of the
 * progress document with its variant and responses. An instructor verifies
 * it with `npm run cohort -- verify`; every verdict and score in it is only a
 * claim to be checked.
 */
import type { SubmissionBundle } from '../../server/bundle.ts';
import type { ProgressData } from '../../progress/index.ts';
import type { LoggedSubmission } from '../exercise/submission-log.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function buildSubmissionBundle(o: {
  learnerName: string;
  cohortId: string;
  progress: ProgressData;
  submissions: readonly LoggedSubmission[];
  now: number;
}): SubmissionBundle {
  const quizAttempts: SubmissionBundle['quizAttempts'] = [];
  for (const [chapter, p] of Object.entries(o.progress.chapters))
    for (const a of p.attempts)
      quizAttempts.push({
        chapter,
        variant: a.variant,
        responses: { ...(a.responses ?? {}) } as SubmissionBundle['quizAttempts'][number]['responses'],
        claimedScore: a.score,
        claimedMax: a.max,
        at: iso(a.at),
      });
  return {
    format: 'replication-workbook-submissions',
    version: 1,
    learnerName: o.learnerName.trim(),
    cohortId: o.cohortId.trim(),
    exportedAt: iso(o.now),
    submissions: o.submissions.map((s) => ({
      exercise: s.exercise,
      code: s.code,
      submittedAt: iso(s.submittedAt),
      claimedPassed: s.passed,
    })),
    quizAttempts,
  };
}

/** A file name for the bundle, e.g. `submissions-ada-lovelace.json`. */
export function bundleFileName(learnerName: string): string {
  const slug = learnerName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `submissions-${slug || 'learner'}.json`;
}
