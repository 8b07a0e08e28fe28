/**
 * Exercise submissions as the server keeps them: the learner's code, the
 * grader it was queued for, and the verdict the server's own grading gave it
 * (never one a browser sent). Plain functions of the database; the grading
 * queue is in submissions-queue.ts, HTTP in submissions-routes.ts.
 */
import type { GradeReport } from '../assessment/grading/types.ts';
import type { Db } from './db.ts';
import type { Containment, SandboxVerdict } from './grading/types.ts';
import type { SubmissionStatus } from './schema.ts';
import { newId } from './tokens.ts';

/** The largest submission accepted (a notebook cell's limit in the progress document). */
export const MAX_CODE_CHARS = 200_000;
/** Submissions of one learner that may wait for grading at once; more are refused (429), so one learner cannot fill the queue. */
export const MAX_PENDING_PER_LEARNER = 3;

export interface VerdictFailure {
  readonly property: string;
  readonly seed: number;
  readonly step: number;
  readonly message: string;
  /** The smallest failing run of the same seed, when the grader could shrink it. */
  readonly smaller?: { readonly scale: number; readonly size: string; readonly step: number; readonly message: string };
}

/** The verified verdict as stored (JSON in `submissions.verdict`) and as the API returns it. */
export interface StoredVerdict {
  readonly passed: boolean;
  /** Seeds graded. */
  readonly runs: number;
  readonly failures: readonly VerdictFailure[];
  /** Grading stopped before properties could be judged (syntax error, endless loop in the grading core). */
  readonly error?: { readonly kind: string; readonly message: string; readonly line?: number; readonly seed?: number };
  /** The sandbox stopped the learner's code itself. */
  readonly containment?: { readonly kind: Containment; readonly message: string };
  readonly durationMs: number;
}

export interface SubmissionView {
  readonly id: string;
  readonly exercise: string;
  readonly submittedAt: number;
  readonly status: SubmissionStatus;
  readonly verifiedAt: number | null;
  readonly verdict: StoredVerdict | null;
}

/** What the grading pool answered, reduced to what is kept. */
export function storedVerdict(v: SandboxVerdict): StoredVerdict {
  const report: GradeReport | null = v.report;
  return {
    // A contained run never passes, whatever a report might say.
    passed: v.contained === undefined && v.passed && report !== null && report.passed,
    runs: report?.runs ?? 0,
    failures: (report?.failures ?? []).map((f) => ({
      property: f.property,
      seed: f.seed,
      step: f.step,
      message: f.message,
      ...(f.smaller
        ? {
            smaller: { scale: f.smaller.scale, size: f.smaller.size, step: f.smaller.step, message: f.smaller.message },
          }
        : {}),
    })),
    ...(report?.error
      ? {
          error: {
            kind: report.error.kind,
            message: report.error.message,
            ...(report.error.line !== undefined ? { line: report.error.line } : {}),
            ...(report.error.seed !== undefined ? { seed: report.error.seed } : {}),
          },
        }
      : {}),
    ...(v.contained ? { containment: { kind: v.contained.kind, message: v.contained.message } } : {}),
    durationMs: Math.round(v.durationMs),
  };
}

/** A verdict for a submission the server could not grade at all (a server-side problem, said as such). */
export function unavailableVerdict(message: string): StoredVerdict {
  return {
    passed: false,
    runs: 0,
    failures: [],
    error: { kind: 'internal', message: `the server could not grade this submission: ${message}` },
    durationMs: 0,
  };
}

/** One line naming what a verdict says, e.g. `failed: applied-in-order (seed 1001, step 65)`. */
export function verdictSummary(v: StoredVerdict | null): string {
  if (!v) return 'pending';
  if (v.passed) return 'passed';
  if (v.containment) return `failed: ${v.containment.kind}`;
  if (v.error) return `failed: ${v.error.kind} error`;
  return `failed: ${v.failures.map((f) => `${f.property} (seed ${f.seed}, step ${f.step})`).join(', ')}`;
}

/** A stored verdict's JSON, or null for none (or, defensively, for text that does not parse). */
export function parseVerdict(text: string | null): StoredVerdict | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as StoredVerdict;
  } catch {
    return null;
  }
}

type Row = {
  id: string;
  exercise: string;
  submitted_at: number;
  status: SubmissionStatus;
  verified_at: number | null;
  verdict: string | null;
};

const toView = (r: Row): SubmissionView => ({
  id: r.id,
  exercise: r.exercise,
  submittedAt: r.submitted_at,
  status: r.status,
  verifiedAt: r.verified_at,
  verdict: r.status === 'verified' ? parseVerdict(r.verdict) : null,
});

const viewColumns = ['id', 'exercise', 'submitted_at', 'status', 'verified_at', 'verdict'] as const;

/** Stores a submission as queued; the learner is always the caller's own person id. */
export async function insertSubmission(
  db: Db,
  s: { personId: string; exercise: string; grader: string; code: string; now?: number },
): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto('submissions')
    .values({
      id,
      person_id: s.personId,
      exercise: s.exercise,
      grader: s.grader,
      code: s.code,
      submitted_at: s.now ?? Date.now(),
      status: 'queued',
      passed: null,
      verdict: null,
      verified_at: null,
    })
    .execute();
  return id;
}

export async function pendingCount(db: Db, personId: string): Promise<number> {
  const r = await db.kysely
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('status', '!=', 'verified')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A person's submissions, newest first (optionally of one exercise). */
export async function listSubmissions(db: Db, personId: string, exercise?: string): Promise<SubmissionView[]> {
  let q = db.kysely.selectFrom('submissions').select(viewColumns).where('person_id', '=', personId);
  if (exercise !== undefined) q = q.where('exercise', '=', exercise);
  const rows = await q.orderBy('submitted_at', 'desc').orderBy('id').execute();
  return rows.map(toView);
}

/** What grading needs of a submission. */
export async function submissionForGrading(db: Db, id: string) {
  return db.kysely
    .selectFrom('submissions')
    .select(['id', 'person_id', 'exercise', 'grader', 'code', 'status', 'verdict'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks a queued submission as running; false when another worker (or process) already took it. */
export async function claim(db: Db, id: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('submissions')
    .set({ status: 'running' })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recordVerdict(db: Db, id: string, verdict: StoredVerdict, now = Date.now()): Promise<void> {
  await db.kysely
    .updateTable('submissions')
    .set({ status: 'verified', passed: verdict.passed ? 1 : 0, verdict: JSON.stringify(verdict), verified_at: now })
    .where('id', '=', id)
    .execute();
}

/** Puts a submission back in the queue (its grading was interrupted). */
export async function requeue(db: Db, id: string): Promise<void> {
  await db.kysely
    .updateTable('submissions')
    .set({ status: 'queued' })
    .where('id', '=', id)
    .where('status', '!=', 'verified')
    .execute();
}

/** Every submission left unverified (by a restart or a crash), oldest first, marked queued again. */
export async function unverifiedIds(db: Db): Promise<string[]> {
  await db.kysely.updateTable('submissions').set({ status: 'queued' }).where('status', '=', 'running').execute();
  const rows = await db.kysely
    .selectFrom('submissions')
    .select('id')
    .where('status', '=', 'queued')
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Submissions with their learner's display name, the columns an instructor's
 * look at one (and the regrade) needs; the verdict is still the stored text.
 */
export function submissionsWithPeople(db: Db) {
  return db.kysely
    .selectFrom('submissions')
    .innerJoin('people', 'people.id', 'submissions.person_id')
    .select([
      'submissions.id',
      'submissions.person_id',
      'people.display_name',
      'submissions.exercise',
      'submissions.grader',
      'submissions.code',
      'submissions.status',
      'submissions.verdict',
    ]);
}

/** A submission of a learner of `cohortId` (another cohort's is as good as missing). */
export async function submissionInCohort(db: Db, cohortId: string, id: string) {
  return submissionsWithPeople(db)
    .where('submissions.id', '=', id)
    .where('people.cohort_id', '=', cohortId)
    .where('people.role', '=', 'learner')
    .executeTakeFirst()
    .then((r) => (r ? { ...r, verdict: r.status === 'verified' ? parseVerdict(r.verdict) : null } : undefined));
}

export interface ExerciseSubmissions {
  /** The newest submission's id. */
  readonly latest: string;
  /** Id of the newest verified submission that passed, if any. */
  readonly passed: string | null;
  /** Id of the newest verified submission that failed, if any. */
  readonly failed: string | null;
  /** Submissions still queued or being graded. */
  readonly pending: number;
}

/** Per learner of the cohort and exercise, what their submissions were verified to: person id → exercise → summary. */
export async function submissionsByLearner(
  db: Db,
  cohortId: string,
): Promise<Map<string, Map<string, ExerciseSubmissions>>> {
  const rows = await db.kysely
    .selectFrom('submissions')
    .innerJoin('people', 'people.id', 'submissions.person_id')
    .select([
      'submissions.id',
      'submissions.person_id',
      'submissions.exercise',
      'submissions.status',
      'submissions.passed',
    ])
    .where('people.cohort_id', '=', cohortId)
    .orderBy('submissions.submitted_at')
    .orderBy('submissions.id')
    .execute();
  const out = new Map<string, Map<string, ExerciseSubmissions>>();
  for (const r of rows) {
    let m = out.get(r.person_id);
    if (!m) out.set(r.person_id, (m = new Map()));
    const before = m.get(r.exercise) ?? { latest: r.id, passed: null, failed: null, pending: 0 };
    // Ascending order: what is seen last is the newest.
    m.set(r.exercise, {
      latest: r.id,
      passed: r.status === 'verified' && r.passed === 1 ? r.id : before.passed,
      failed: r.status === 'verified' && r.passed === 0 ? r.id : before.failed,
      pending: before.pending + (r.status === 'verified' ? 0 : 1),
    });
  }
  return out;
}
