/**
 * `npm run cohort -- regrade [--exercise <id>]`: grades every stored
 * submission again through the grading pool, with the grader the content
 * names today (after a grader fix, say), records the new verdicts and
 * reports each one that changed, e.g. `Ada  ack-policy  failed → passed`.
 */
import type { Db } from './db.ts';
import type { GradingPool } from './grading/types.ts';
import type { ExerciseIndex } from './submissions-exercises.ts';
import {
  parseVerdict,
  recordVerdict,
  storedVerdict,
  submissionsWithPeople,
  type StoredVerdict,
} from './submissions.ts';

export interface RegradeChange {
  readonly submission: string;
  readonly learner: string;
  readonly exercise: string;
  readonly before: string;
  readonly after: string;
}

export interface RegradeResult {
  /** Submissions graded again. */
  readonly graded: number;
  readonly learners: number;
  readonly changes: readonly RegradeChange[];
  /** Submissions of exercises the content no longer has (left as they were). */
  readonly skipped: number;
}

/** A verdict in a few words: `passed`, `failed (applied-in-order, convergence)`, `pending`. */
function label(v: StoredVerdict | null): string {
  if (!v) return 'pending';
  if (v.passed) return 'passed';
  const why = v.containment
    ? [v.containment.kind]
    : v.error
      ? [`${v.error.kind} error`]
      : v.failures.map((f) => f.property);
  return `failed (${why.join(', ')})`;
}

export async function regradeSubmissions(
  db: Db,
  pool: GradingPool,
  exercises: ExerciseIndex,
  options: { exercise?: string; onChange?: (c: RegradeChange) => void } = {},
): Promise<RegradeResult> {
  let q = submissionsWithPeople(db)
    .orderBy('people.display_name')
    .orderBy('submissions.submitted_at')
    .orderBy('submissions.id');
  if (options.exercise !== undefined) q = q.where('submissions.exercise', '=', options.exercise);
  const rows = await q.execute();
  const changes: RegradeChange[] = [];
  const learners = new Set<string>();
  let skipped = 0;
  let graded = 0;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      if (!r) break;
      const entry = exercises.get(r.exercise);
      if (!entry) {
        skipped++;
        continue;
      }
      const before = label(r.status === 'verified' ? parseVerdict(r.verdict) : null);
      const verdict = storedVerdict(await pool.grade({ grader: entry.grader, code: r.code }));
      await db.kysely.updateTable('submissions').set({ grader: entry.grader }).where('id', '=', r.id).execute();
      await recordVerdict(db, r.id, verdict);
      graded++;
      learners.add(r.person_id);
      const after = label(verdict);
      if (after !== before) {
        const change = { submission: r.id, learner: r.display_name, exercise: r.exercise, before, after };
        changes.push(change);
        options.onChange?.(change);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, pool.stats().size) }, worker));
  return { graded, learners: learners.size, changes, skipped };
}
