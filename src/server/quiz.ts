/**
 * Server-side quizzes (cohort mode): the server assigns each attempt's
 * variant, scores the submitted responses with the full key, and keeps the
 * result in `quiz_attempts`. Those rows are the verified grades; the progress
 * document a browser syncs is only a claim (see gradebook.ts).
 *
 * Scoring is score.ts's `scoreAttempt`, the one definition the static island
 * also uses, on the same build-time quiz file, so a cohort score and a
 * self-study score of the same answers are equal.
 *
 * Concurrency: an attempt row is created with an insert that ignores a
 * conflict on (person, chapter, attempt), and submitted with one conditional
 * update (`submitted_at is null`), so two racing starts open one attempt and
 * two racing submits store one result, on SQLite and PostgreSQL alike.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_ATTEMPTS, scoreAttempt, variantOf } from '../assessment/quiz/score.ts';
import type { Answer, AttemptResult, ResolvedQuestion, ResolvedQuiz } from '../assessment/quiz/types.ts';
import { hashSeed, pickVariant } from '../assessment/quiz/variants.ts';
import type { Db } from './db.ts';
import type { QuizAttemptTable } from './schema.ts';

/** The full quiz files of the build, by chapter slug. */
export type QuizBook = ReadonlyMap<string, ResolvedQuiz>;

export const QUIZ_FILE_RE = /^quiz\.([a-z0-9-]+)\.[0-9a-f]+\.json$/;

/** Reads `dist/data/quiz.<slug>.<hash>.json` (the full files, keys included). */
export function loadQuizBook(distDir: string): QuizBook {
  const dir = join(distDir, 'data');
  const book = new Map<string, ResolvedQuiz>();
  if (!existsSync(dir)) return book;
  for (const f of readdirSync(dir).sort()) {
    const m = QUIZ_FILE_RE.exec(f);
    if (!m) continue;
    try {
      const quiz = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ResolvedQuiz;
      if (Array.isArray(quiz.questions) && Array.isArray(quiz.variantSeeds)) book.set(m[1] as string, quiz);
    } catch {
      // A damaged file: that chapter's quiz answers 404, the rest work.
    }
  }
  return book;
}

/**
 * The learner seed the server picks variants with. From the person id, so it
 * is the same on every device and server process, and the browser's own
 * seed (which a learner can edit in storage) plays no part.
 */
export const serverLearnerSeed = (personId: string): number => hashSeed('cohort-learner', personId);

export type Responses = Readonly<Record<string, Answer>>;

/** A question reduced to the one variant an attempt used (keys, explanations and run included). */
export function questionAt(q: ResolvedQuestion, variant: number): ResolvedQuestion {
  return { ...q, variants: [variantOf(q, variant)] } as ResolvedQuestion;
}

export interface Review {
  readonly attempt: number;
  readonly variant: number;
  readonly score: number;
  readonly max: number;
  readonly submittedAt: number;
  readonly responses: Responses;
  readonly result: AttemptResult;
  /** The attempt's questions, each with only its variant (use variant index 0 on them). */
  readonly questions: readonly ResolvedQuestion[];
}

export interface OpenAttempt {
  readonly attempt: number;
  readonly variant: number;
  readonly startedAt: number;
}

export interface QuizState {
  readonly chapter: string;
  readonly maxAttempts: number;
  readonly submitted: readonly Review[];
  readonly open: OpenAttempt | null;
}

/** One stored attempt of the learner's quiz (the person and chapter are the query's). */
type Row = Omit<QuizAttemptTable, 'person_id' | 'chapter'>;

function reviewOf(quiz: ResolvedQuiz, row: Row): Review {
  let responses: Responses = {};
  try {
    responses = JSON.parse(row.responses ?? '{}') as Responses;
  } catch {
    // never written by anything but submit(); an unreadable row reviews as unanswered
  }
  // The per-question marks come from the key file; the score is the one stored at submission
  // (the grade of record, equal to result.score unless the build's key changed since).
  const result = scoreAttempt(quiz.questions, row.variant, responses);
  return {
    attempt: row.attempt,
    variant: row.variant,
    score: row.score ?? result.score,
    max: row.max ?? result.max,
    submittedAt: row.submitted_at ?? 0,
    responses,
    result,
    questions: quiz.questions.map((q) => questionAt(q, row.variant)),
  };
}

async function rows(db: Db, personId: string, chapter: string): Promise<Row[]> {
  return db.kysely
    .selectFrom('quiz_attempts')
    .select(['attempt', 'variant', 'started_at', 'submitted_at', 'score', 'max', 'responses'])
    .where('person_id', '=', personId)
    .where('chapter', '=', chapter)
    .orderBy('attempt')
    .execute();
}

/** The learner's attempts at one chapter's quiz: reviews of submitted ones only, and the open one. */
export async function quizState(db: Db, quiz: ResolvedQuiz, personId: string, chapter: string): Promise<QuizState> {
  const all = await rows(db, personId, chapter);
  const open = all.find((r) => r.submitted_at === null);
  return {
    chapter,
    maxAttempts: MAX_ATTEMPTS,
    submitted: all.filter((r) => r.submitted_at !== null).map((r) => reviewOf(quiz, r)),
    open: open ? { attempt: open.attempt, variant: open.variant, startedAt: open.started_at } : null,
  };
}

export type StartResult = { ok: true; open: OpenAttempt } | { ok: false; error: string };

/**
 * Opens the next attempt, or returns the one already open (so a reload or a
 * second tab continues it). The variant is chosen here: the first from the
 * server's learner seed, the second a different one (pickVariant).
 */
export async function startAttempt(
  db: Db,
  quiz: ResolvedQuiz,
  personId: string,
  chapter: string,
  now = Date.now(),
): Promise<StartResult> {
  for (let tries = 0; tries < 3; tries++) {
    const all = await rows(db, personId, chapter);
    const open = all.find((r) => r.submitted_at === null);
    if (open) return { ok: true, open: { attempt: open.attempt, variant: open.variant, startedAt: open.started_at } };
    if (all.length >= MAX_ATTEMPTS)
      return { ok: false, error: `both attempts at this quiz have been submitted; your best score counts` };
    const attempt = all.length + 1;
    const variant = pickVariant(
      quiz,
      serverLearnerSeed(personId),
      chapter,
      all.map((r) => r.variant),
    );
    const inserted = await db.kysely
      .insertInto('quiz_attempts')
      .values({
        person_id: personId,
        chapter,
        attempt,
        variant,
        started_at: now,
        submitted_at: null,
        score: null,
        max: null,
        responses: null,
      })
      .onConflict((oc) => oc.columns(['person_id', 'chapter', 'attempt']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1)
      return { ok: true, open: { attempt, variant, startedAt: now } };
    // Another request opened this attempt first: read again and answer with that one.
  }
  return { ok: false, error: 'the attempt could not be started; try again' };
}

/** Why a submit was refused; `status` is the HTTP status to answer with. */
export type SubmitResult = { ok: true; review: Review } | { ok: false; status: 400 | 409; error: string };

/** Checks that every response names a question of the quiz and has that question's shape. */
export function checkResponses(quiz: ResolvedQuiz, responses: Responses): string | undefined {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const [id, a] of Object.entries(responses)) {
    const q = byId.get(id);
    if (!q) return `responses.${id}: this quiz has no question "${id}"`;
    if (a === null) continue;
    const kind = q.kind === 'predict' ? q.answerKind : q.kind;
    const ok =
      kind === 'single'
        ? typeof a === 'string'
        : kind === 'numeric'
          ? typeof a === 'number'
          : Array.isArray(a) && new Set(a).size === a.length;
    if (!ok)
      return `responses.${id}: expected ${
        kind === 'single' ? 'an option id' : kind === 'numeric' ? 'a number' : 'a list of distinct ids'
      } or null`;
  }
  return undefined;
}

/**
 * Scores and stores the open attempt. Refused (nothing changes) when
 * `attempt` is not the open attempt, when it was already submitted (also the
 * loser of two racing submits), or when the responses do not fit the quiz.
 */
export async function submitAttempt(
  db: Db,
  quiz: ResolvedQuiz,
  personId: string,
  chapter: string,
  attempt: number,
  responses: Responses,
  now = Date.now(),
): Promise<SubmitResult> {
  const bad = checkResponses(quiz, responses);
  if (bad) return { ok: false, status: 400, error: bad };
  const all = await rows(db, personId, chapter);
  const row = all.find((r) => r.attempt === attempt);
  const open = all.find((r) => r.submitted_at === null);
  if (!row || row.submitted_at !== null) {
    const done = all.filter((r) => r.submitted_at !== null).length;
    return {
      ok: false,
      status: 409,
      error: row
        ? `attempt ${attempt} was already submitted (in another tab or on another device)`
        : open
          ? `attempt ${attempt} is not open; the open attempt is ${open.attempt}`
          : done >= MAX_ATTEMPTS
            ? 'both attempts at this quiz have been submitted; your best score counts'
            : `attempt ${attempt} is not open; start the attempt first`,
    };
  }
  const result = scoreAttempt(quiz.questions, row.variant, responses);
  const updated = await db.kysely
    .updateTable('quiz_attempts')
    .set({ submitted_at: now, score: result.score, max: result.max, responses: JSON.stringify(responses) })
    .where('person_id', '=', personId)
    .where('chapter', '=', chapter)
    .where('attempt', '=', attempt)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    return {
      ok: false,
      status: 409,
      error: `attempt ${attempt} was already submitted (in another tab or on another device)`,
    };
  return {
    ok: true,
    review: reviewOf(quiz, {
      ...row,
      submitted_at: now,
      score: result.score,
      max: result.max,
      responses: JSON.stringify(responses),
    }),
  };
}

/** A learner's verified result in one chapter: best submitted score and how many were submitted. */
export interface VerifiedQuiz {
  readonly best: number;
  readonly max: number;
  readonly attempts: number;
}

/** Verified results of many people: person id → chapter slug → result (submitted attempts only). */
export async function verifiedQuizzes(
  db: Db,
  personIds: readonly string[],
): Promise<Map<string, Map<string, VerifiedQuiz>>> {
  const out = new Map<string, Map<string, VerifiedQuiz>>();
  if (personIds.length === 0) return out;
  const found = await db.kysely
    .selectFrom('quiz_attempts')
    .select(['person_id', 'chapter', 'score', 'max'])
    .where('person_id', 'in', [...personIds])
    .where('submitted_at', 'is not', null)
    .execute();
  for (const r of found) {
    let chapters = out.get(r.person_id);
    if (!chapters) out.set(r.person_id, (chapters = new Map()));
    const before = chapters.get(r.chapter);
    const score = r.score ?? 0;
    chapters.set(r.chapter, {
      best: before ? Math.max(before.best, score) : score,
      max: r.max ?? before?.max ?? 0,
      attempts: (before?.attempts ?? 0) + 1,
    });
  }
  return out;
}

/** Submitted responses of many people, for item analysis: rows of (person, chapter, attempt, variant, responses). */
export async function verifiedResponses(db: Db, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  const found = await db.kysely
    .selectFrom('quiz_attempts')
    .select(['person_id', 'chapter', 'attempt', 'variant', 'responses'])
    .where('person_id', 'in', [...personIds])
    .where('submitted_at', 'is not', null)
    .execute();
  return found.map((r) => {
    let responses: Responses = {};
    try {
      responses = JSON.parse(r.responses ?? '{}') as Responses;
    } catch {
      /* unreadable: counts as unanswered */
    }
    return { personId: r.person_id, chapter: r.chapter, attempt: r.attempt, variant: r.variant, responses };
  });
}
