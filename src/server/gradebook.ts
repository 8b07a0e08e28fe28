/**
 * The instructor's views of a cohort: the roster by chapter, one learner's
 * detail, per-question item analysis and the gradebook exports (CSV and JSON).
 * Pure functions of the stored progress and the course catalog.
 *
 * Quiz scores are the VERIFIED ones: attempts the server scored itself
 * (quiz_attempts, src/server/quiz.ts). The synced progress document's best
 * attempt is only the browser's claim; a chapter where the claim differs from
 * the verified score is flagged (`quizFlag`, e.g. "claimed 120, verified 60"),
 * and a claim dated before the learner joined says so ("claimed 110 (dated
 * before joining), verified none"): such an attempt was made before the server
 * could score it, which an instructor reads differently from a browser
 * claiming what it did not earn. The date is the document's own, so the flag
 * stays: it only says what the claim says of itself.
 */
import { scoreQuestion } from '../assessment/quiz/score.ts';
import type { Answer } from '../assessment/quiz/types.ts';
import { bestAttempt, exerciseStatus, own, type ExerciseStatus, type ProgressData } from '../progress/schema.ts';
import type { Catalog } from './catalog.ts';
import type { Db } from './db.ts';
import { verifiedQuizzes, verifiedResponses, type VerifiedQuiz } from './quiz.ts';
import { submissionsByLearner } from './submissions.ts';
import {
  exerciseCsvCells,
  exerciseCsvHeaders,
  verifiedExercises,
  type VerifiedExercise,
} from './submissions-gradebook.ts';
import { progressOf } from './sync.ts';

export interface ChapterSummary {
  readonly slug: string;
  readonly complete: boolean;
  readonly bestScore: number | null;
  readonly max: number | null;
  readonly attempts: number;
  readonly exercises: Readonly<Record<string, ExerciseStatus>>;
  /** The best score the synced progress document claims (null: no attempt in it). */
  readonly claimedScore?: number | null;
  /** When the claimed best attempt was submitted (null: no attempt). */
  readonly claimedAt?: number | null;
  /** Set when the claim differs from the verified score: "claimed 120, verified 60". */
  readonly quizFlag?: string | null;
}

export interface RosterRow {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly joinedAt: number;
  readonly lastActivity: number | null;
  readonly chapters: readonly ChapterSummary[];
  /** What the server verified of each exercise, by exercise id (submissions-gradebook.ts). */
  readonly verified: Readonly<Record<string, VerifiedExercise>>;
}

export interface Roster {
  readonly cohort: { readonly id: string; readonly name: string };
  readonly chapters: readonly { readonly slug: string; readonly exercises: readonly string[] }[];
  readonly learners: readonly RosterRow[];
}

/** Chapters of the catalog, plus any the learners have progress in that the build does not list. */
function chapterList(catalog: Catalog, docs: readonly ProgressData[]) {
  const list = catalog.chapters.map((c) => ({ slug: c.slug, exercises: [...c.exercises] }));
  const known = new Set(list.map((c) => c.slug));
  for (const d of docs) {
    for (const slug of Object.keys(d.chapters)) {
      if (known.has(slug)) continue;
      known.add(slug);
      list.push({ slug, exercises: [] });
    }
  }
  return list;
}

export function summarize(doc: ProgressData, chapters: Roster['chapters']): ChapterSummary[] {
  return chapters.map((c) => {
    const p = own(doc.chapters, c.slug);
    const best = p ? bestAttempt(p.attempts) : undefined;
    const exercises: Record<string, ExerciseStatus> = {};
    for (const id of c.exercises) exercises[id] = exerciseStatus(own(doc.exercises, id));
    return {
      slug: c.slug,
      complete: p?.completedAt !== undefined,
      bestScore: best?.score ?? null,
      max: best?.max ?? null,
      attempts: p?.attempts.length ?? 0,
      claimedAt: best?.at ?? null,
      exercises,
    };
  });
}

async function learnersWithProgress(db: Db, cohortId: string) {
  const people = await db.kysely
    .selectFrom('people')
    .leftJoin('progress', 'progress.person_id', 'people.id')
    .select([
      'people.id',
      'people.display_name',
      'people.email',
      'people.created_at',
      'progress.updated_at as last_activity',
    ])
    .where('people.cohort_id', '=', cohortId)
    .where('people.role', '=', 'learner')
    .where('people.removed_at', 'is', null)
    .orderBy('people.display_name')
    .orderBy('people.id')
    .execute();
  return Promise.all(people.map(async (p) => ({ ...p, doc: await progressOf(db, p.id) })));
}

export async function roster(db: Db, catalog: Catalog, cohort: { id: string; name: string }): Promise<Roster> {
  const rows = await learnersWithProgress(db, cohort.id);
  const chapters = chapterList(
    catalog,
    rows.map((r) => r.doc),
  );
  const verified = await verifiedQuizzes(
    db,
    rows.map((r) => r.id),
  );
  const submissions = await submissionsByLearner(db, cohort.id);
  return {
    cohort,
    chapters,
    learners: rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      joinedAt: r.created_at,
      lastActivity: r.last_activity,
      chapters: withVerifiedQuiz(summarize(r.doc, chapters), verified.get(r.id), r.created_at),
      verified: verifiedExercises(submissions.get(r.id), r.doc, chapters),
    })),
  };
}

/**
 * "claimed 120, verified 60" when the document claims a score the server did
 * not verify, else null; "claimed 110 (dated before joining), verified none"
 * when the claimed attempt is dated before the learner joined the cohort.
 */
export function quizFlag(
  claimed: number | null,
  verified: VerifiedQuiz | undefined,
  claimedAt: number | null,
  joinedAt: number,
): string | null {
  if (claimed === null || claimed === (verified?.best ?? null)) return null;
  const before = claimedAt !== null && claimedAt < joinedAt ? ' (dated before joining)' : '';
  return `claimed ${claimed}${before}, verified ${verified ? verified.best : 'none'}`;
}

/**
 * Replaces the claimed quiz columns of a summary with the verified ones,
 * keeping the claim beside them and flagging a difference.
 */
export function withVerifiedQuiz(
  summary: readonly ChapterSummary[],
  verified: ReadonlyMap<string, VerifiedQuiz> | undefined,
  joinedAt: number,
): ChapterSummary[] {
  return summary.map((c) => {
    const v = verified?.get(c.slug);
    return {
      ...c,
      bestScore: v?.best ?? null,
      max: v?.max ?? null,
      attempts: v?.attempts ?? 0,
      claimedScore: c.bestScore,
      quizFlag: quizFlag(c.bestScore, v, c.claimedAt ?? null, joinedAt),
    };
  });
}

export interface ItemStat {
  readonly chapter: string;
  readonly question: string;
  readonly kind: string;
  /** 1 or 2: the learner's first or second attempt. */
  readonly attempt: number;
  readonly answered: number;
  readonly correct: number;
  /** correct / answered, 0..1, or null when nobody answered. */
  readonly shareRight: number | null;
  /** How often each wrong response was given (option id, joined ids, or number). */
  readonly wrongResponses: Readonly<Record<string, number>>;
}

const responseKey = (r: unknown): string => (Array.isArray(r) ? r.join('+') : String(r));

/** Per question and attempt: how many answered, the share right, and which wrong responses were chosen. */
export async function itemAnalysis(db: Db, catalog: Catalog, cohortId: string): Promise<ItemStat[]> {
  const rows = await learnersWithProgress(db, cohortId);
  // Verified responses only (what the server scored), never the documents' claims.
  const submitted = await verifiedResponses(
    db,
    rows.map((r) => r.id),
  );
  const out: ItemStat[] = [];
  for (const chapter of catalog.chapters) {
    for (const q of chapter.questions) {
      for (const attemptNo of [1, 2]) {
        let answered = 0;
        let correct = 0;
        const wrong: Record<string, number> = {};
        for (const attempt of submitted) {
          if (attempt.chapter !== chapter.slug || attempt.attempt !== attemptNo) continue;
          const response = own(attempt.responses, q.id);
          if (response === undefined || response === null) continue;
          const result = scoreQuestion(q, attempt.variant, response as Answer);
          if (!result.answered) continue;
          answered++;
          if (result.correct) correct++;
          else wrong[responseKey(response)] = (wrong[responseKey(response)] ?? 0) + 1;
        }
        if (answered === 0 && attemptNo === 2) continue;
        out.push({
          chapter: chapter.slug,
          question: q.id,
          kind: q.kind,
          attempt: attemptNo,
          answered,
          correct,
          shareRight: answered ? correct / answered : null,
          wrongResponses: wrong,
        });
      }
    }
  }
  return out;
}

/**
 * A CSV cell. Quotes when needed, and defuses spreadsheet formulas: a display
 * name such as `=HYPERLINK(...)` is prefixed with `'` so it stays text.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/**
 * The gradebook as CSV: one row per learner. Columns are plain ASCII names an
 * LMS import can map (`Student ID`, `Name`, `Email`, then per chapter its
 * completion, best quiz points, points possible, attempts and each exercise's
 * server-verified status with its flag), with a `Total quiz points` column (verified
 * scores) and a `Quiz flags` column naming each chapter whose claimed score differs;
 * times are ISO 8601 UTC.
 */
export function gradebookCsv(r: Roster): string {
  const header = ['Student ID', 'Name', 'Email', 'Joined', 'Last activity', 'Chapters complete'];
  for (const c of r.chapters) {
    header.push(`${c.slug} complete`, `${c.slug} quiz best`, `${c.slug} quiz max`, `${c.slug} quiz attempts`);
    header.push(...exerciseCsvHeaders(c.slug, c.exercises));
  }
  header.push('Total quiz points', 'Quiz flags');
  const lines = [header.map(csvCell).join(',')];
  for (const l of r.learners) {
    const row: (string | number | null)[] = [
      l.id,
      l.displayName,
      l.email,
      iso(l.joinedAt),
      iso(l.lastActivity),
      l.chapters.filter((c) => c.complete).length,
    ];
    let total = 0;
    for (const [i, c] of l.chapters.entries()) {
      row.push(c.complete ? 'yes' : 'no', c.bestScore, c.max, c.attempts);
      row.push(...exerciseCsvCells(l.verified, r.chapters[i]?.exercises ?? []));
      total += c.bestScore ?? 0;
    }
    row.push(total, csvQuizFlags(l.chapters));
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The `Quiz flags` cell: "one-database: claimed 120, verified 60; …", empty when none. */
export function csvQuizFlags(chapters: readonly ChapterSummary[]): string {
  return chapters
    .filter((c) => c.quizFlag)
    .map((c) => `${c.slug}: ${c.quizFlag}`)
    .join('; ');
}

/** The gradebook as JSON: the roster plus each learner's full progress document. */
export async function gradebookJson(db: Db, catalog: Catalog, cohort: { id: string; name: string }) {
  const r = await roster(db, catalog, cohort);
  const docs = await learnersWithProgress(db, cohort.id);
  const byId = new Map(docs.map((d) => [d.id, d.doc]));
  return {
    format: 'replication-workbook-gradebook',
    version: 1,
    exportedAt: new Date().toISOString(),
    cohort: r.cohort,
    chapters: r.chapters,
    learners: r.learners.map((l) => ({ ...l, progress: byId.get(l.id) })),
  };
}
