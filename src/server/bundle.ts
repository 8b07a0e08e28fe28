/**
 * The submission bundle: what a learner exports from the Progress page so an
 * instructor without a server can verify it (`npm run cohort -- verify`).
 * One JSON file, version 1:
 *
 *   {
 *     "format": "replication-workbook-submissions", "version": 1,
 *     "learnerName": "Ada", "cohortId": "spring-2027", "exportedAt": "2027-03-01T10:00:00.000Z",
 *     "submissions": [{ "exercise": "apply-batch", "code": "export function applyBatch…",
 *                       "submittedAt": "…", "claimedPassed": true }],
 *     "quizAttempts": [{ "chapter": "failover", "variant": 3, "responses": { "q1": "b", "q2": 12 },
 *                        "claimedScore": 110, "claimedMax": 120, "at": "…" }]
 *   }
 *
 * Everything in it is a claim: `verify` re-grades the code and re-scores the
 * responses, and the claimed verdicts and scores are only compared against
 * what it finds. The schema bounds every size, so a huge or hostile file is
 * refused with a sentence naming the field, before any grading starts.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 'replication-workbook-submissions';
export const BUNDLE_VERSION = 1;

export const BUNDLE_LIMITS = {
  /** The whole file, in characters. */
  fileChars: 8_000_000,
  submissions: 1_000,
  codeChars: 200_000,
  quizAttempts: 200,
  responses: 50,
  responseItems: 50,
  idChars: 128,
} as const;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const id = (what: string) =>
  z
    .string({ error: `must be ${what} (text)` })
    .max(BUNDLE_LIMITS.idChars, `is longer than ${BUNDLE_LIMITS.idChars} characters`)
    .regex(ID_RE, `is not ${what}: letters, digits and . _ : / - only`);
const time = z.iso.datetime({ error: 'must be a time like 2027-03-01T10:00:00.000Z' });
const points = z
  .number({ error: 'must be a whole number of points' })
  .int('must be a whole number of points')
  .min(0, 'cannot be negative')
  .max(120, 'cannot be more than 120 (12 questions × 10 points)');
const response = z.union(
  [
    z.null(),
    z.number().finite(),
    z.string().max(BUNDLE_LIMITS.idChars),
    z.array(z.string().max(BUNDLE_LIMITS.idChars)).max(BUNDLE_LIMITS.responseItems),
  ],
  { error: 'must be an option id, a list of ids, a number or null' },
);

export const bundleSchema = z.strictObject(
  {
    format: z.literal(BUNDLE_FORMAT, { error: `must be "${BUNDLE_FORMAT}" (this is not a submission bundle)` }),
    version: z.literal(BUNDLE_VERSION, {
      error: `must be ${BUNDLE_VERSION} (this bundle comes from another version of the workbook)`,
    }),
    learnerName: z
      .string({ error: 'must be the learner’s name' })
      .trim()
      .min(1, 'is empty: the bundle must name the learner')
      .max(80, 'is longer than 80 characters'),
    cohortId: z
      .string({ error: 'must be the cohort id' })
      .trim()
      .min(1, 'is empty: the bundle must name the cohort')
      .max(120, 'is longer than 120 characters'),
    exportedAt: time,
    submissions: z
      .array(
        z.strictObject({
          exercise: id('an exercise id'),
          code: z
            .string({ error: 'must be the submitted code (text)' })
            .max(BUNDLE_LIMITS.codeChars, `is longer than ${BUNDLE_LIMITS.codeChars} characters`),
          submittedAt: time,
          claimedPassed: z.boolean({ error: 'must be true or false' }),
        }),
        { error: 'must be a list of submissions' },
      )
      .max(BUNDLE_LIMITS.submissions, `has more than ${BUNDLE_LIMITS.submissions} submissions`),
    quizAttempts: z
      .array(
        z.strictObject({
          chapter: z
            .string({ error: 'must be a chapter slug' })
            .max(BUNDLE_LIMITS.idChars)
            .regex(SLUG_RE, 'is not a chapter slug'),
          variant: z
            .number({ error: 'must be a whole number 0..63' })
            .int('must be a whole number 0..63')
            .min(0, 'must be 0..63')
            .max(63, 'must be 0..63'),
          responses: z
            .record(id('a question id'), response, { error: 'must map question ids to answers' })
            .refine((r) => Object.keys(r).length <= BUNDLE_LIMITS.responses, {
              error: `has more than ${BUNDLE_LIMITS.responses} answers`,
            }),
          claimedScore: points,
          claimedMax: points.min(1, 'must be at least 1'),
          at: time,
        }),
        { error: 'must be a list of quiz attempts' },
      )
      .max(BUNDLE_LIMITS.quizAttempts, `has more than ${BUNDLE_LIMITS.quizAttempts} quiz attempts`),
  },
  { error: 'must be a JSON object' },
);

export type SubmissionBundle = z.infer<typeof bundleSchema>;

/** `submissions[2].claimedPassed` */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export type ParsedBundle = { ok: true; bundle: SubmissionBundle } | { ok: false; error: string };

/** Parses a bundle file's text; the error names the file, the field and what is wrong, in plain words. */
export function parseBundle(text: string, file = 'the bundle'): ParsedBundle {
  if (text.length > BUNDLE_LIMITS.fileChars)
    return { ok: false, error: `${file}: the file is larger than ${BUNDLE_LIMITS.fileChars} characters` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const r = bundleSchema.safeParse(value);
  if (r.success) return { ok: true, bundle: r.data };
  const issues = r.error.issues.slice(0, 3).map((i) => {
    const where = fieldPath(i.path);
    const message =
      i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}` : i.message;
    return where ? `${where}: ${message}` : message;
  });
  return { ok: false, error: `${file}: ${issues.join('; ')}` };
}
