/**
 * The learner's saved progress: one versioned document under one storage key.
 *
 * Everything the workbook remembers about a learner lives here: chapters marked
 * complete, quiz attempts, exercise statuses, edited notebook cells and the
 * learner seed that picks quiz variants.
 *
 * The zod schema of the document is in spec.ts. This code ships to every page,
 * and zod (even zod/mini, ~8 KB gzip) would be a quarter of the page budget,
 * so the browser uses the hand-written validators in validate.ts; a
 * property-based test proves they accept and produce exactly what the zod
 * schema does. Each validator checks ONE entry, so a damaged entry can be
 * dropped while its neighbours are kept (see parse.ts).
 */

/** The localStorage key holding the progress document. */
export const PROGRESS_KEY = 'workbook:progress';
/** The localStorage key holding raw text that could not be read (set aside, never silently deleted). */
export const SET_ASIDE_KEY = 'workbook:progress:set-aside';
/** Schema version of the document. Bump it and add a migration in parse.ts when the shape changes. */
export const PROGRESS_VERSION = 1;
/** A chapter quiz may be attempted twice; the best attempt counts. */
export const MAX_QUIZ_ATTEMPTS = 2;
/** Largest possible quiz score (12 questions x 10 points); a stored score above its own `max` is rejected. */
export const MAX_QUIZ_SCORE = 120;

/** Limits that keep hostile or runaway data out of storage. */
export const LIMITS = {
  /** Raw stored text larger than this is not parsed at all (localStorage holds ~5 MB per site). */
  rawChars: 4_000_000,
  /** Code of one notebook cell. */
  cellChars: 200_000,
  /** Code of all saved cell edits together (localStorage holds ~5 MB per site, shared with everything else). */
  cellsTotalChars: 1_000_000,
  chapters: 100,
  exercises: 500,
  cells: 2_000,
  /** Questions remembered per quiz attempt. */
  responses: 50,
  /** Options or items in one remembered answer. */
  responseItems: 50,
  idChars: 128,
} as const;

/** Chapter slugs, as in src/schemas/chapter.ts. */
export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Exercise, cell and question ids: letters, digits and `. _ : / -`, starting with a letter or digit. */
export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
/** Keys that must never become properties (prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const isSlug = (key: string): boolean =>
  key.length <= LIMITS.idChars && SLUG_RE.test(key) && !FORBIDDEN_KEYS.has(key);
export const isId = (key: string): boolean =>
  key.length <= LIMITS.idChars && ID_RE.test(key) && !FORBIDDEN_KEYS.has(key);

/** Earliest and latest believable save times (2020 .. 2200), in ms since the epoch. */
export const MIN_TIME = 1_577_836_800_000;
export const MAX_TIME = 7_258_118_400_000;

/**
 * What the learner answered to one question: an option id (single choice),
 * option ids (multiple select), item ids in the learner's order (ordering),
 * a number (numeric), or null when left unanswered.
 */
export type QuizResponse = null | number | string | string[];

/** One submitted quiz attempt. */
export interface QuizAttempt {
  /** Points scored, 0..max. */
  readonly score: number;
  /** Points possible, 1..MAX_QUIZ_SCORE. */
  readonly max: number;
  /** Which resolved variant of the quiz the attempt used (see src/assessment/quiz/variants.ts), 0..63. */
  readonly variant: number;
  /** When it was submitted. */
  readonly at: number;
  /** The learner's answers by question id, so the review can be shown again later. */
  readonly responses?: Readonly<Record<string, QuizResponse>>;
}

/** Progress in one chapter (keyed by chapter slug). */
export interface ChapterProgress {
  /** When the learner marked the chapter complete; absent when not complete. */
  readonly completedAt?: number;
  /** Submitted quiz attempts, oldest first, at most MAX_QUIZ_ATTEMPTS. */
  readonly attempts: readonly QuizAttempt[];
}

/**
 * What happened to one graded exercise (keyed by exercise id). Revealing the
 * reference solution is always recorded, and a pass after a reveal stays
 * distinguishable from a pass on one's own (compare `revealedAt` and `passedAt`).
 */
export interface ExerciseProgress {
  /** Graded runs submitted. */
  readonly runs: number;
  /** Last graded run. */
  readonly lastRunAt?: number;
  /** First passing run. */
  readonly passedAt?: number;
  /** First time the reference solution was revealed. */
  readonly revealedAt?: number;
}

/** The learner's edited code of one notebook cell (keyed by cell id). */
export interface CellEdit {
  readonly code: string;
  readonly savedAt: number;
}

/** The whole document as stored under PROGRESS_KEY. Records have no prototype (see parse.ts). */
export interface ProgressData {
  readonly version: typeof PROGRESS_VERSION;
  /** Picks this learner's quiz variants; kept across reloads so attempt 1 and 2 stay stable. */
  readonly learnerSeed: number;
  readonly chapters: Readonly<Record<string, ChapterProgress>>;
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
  readonly cells: Readonly<Record<string, CellEdit>>;
}

/** Status shown for an exercise. */
export type ExerciseStatus = 'not-started' | 'attempted' | 'passed' | 'revealed' | 'revealed-then-passed';

/** Derives the status of an exercise from its record. */
export function exerciseStatus(record: ExerciseProgress | undefined): ExerciseStatus {
  if (!record) return 'not-started';
  const { passedAt, revealedAt } = record;
  if (passedAt !== undefined && revealedAt !== undefined && revealedAt <= passedAt) return 'revealed-then-passed';
  if (passedAt !== undefined) return 'passed';
  if (revealedAt !== undefined) return 'revealed';
  return record.runs > 0 ? 'attempted' : 'not-started';
}

/** Human labels for exercise statuses. */
export const EXERCISE_STATUS_LABEL: Readonly<Record<ExerciseStatus, string>> = {
  'not-started': 'Not started',
  attempted: 'Attempted, not passed yet',
  passed: 'Passed',
  revealed: 'Reference solution revealed, not passed',
  'revealed-then-passed': 'Passed after revealing the reference',
};

/** A record object without a prototype, so keys like `constructor` or `toString` are plain data. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Reads an own entry of a record (never an inherited property). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A copy of `record` with `key` set to `value` (or removed when `value` is undefined). */
export function withEntry<T>(
  record: Readonly<Record<string, T>>,
  key: string,
  value: T | undefined,
): Record<string, T> {
  const next = emptyRecord<T>();
  for (const k of Object.keys(record)) if (k !== key) next[k] = record[k] as T;
  if (value !== undefined) next[key] = value;
  return next;
}

/** A fresh, empty document. */
export function emptyProgress(learnerSeed: number): ProgressData {
  return {
    version: PROGRESS_VERSION,
    learnerSeed: learnerSeed >>> 0,
    chapters: emptyRecord(),
    exercises: emptyRecord(),
    cells: emptyRecord(),
  };
}

/** Best score over a chapter's attempts, or undefined when there are none. */
export function bestAttempt(attempts: readonly QuizAttempt[]): QuizAttempt | undefined {
  let best: QuizAttempt | undefined;
  for (const a of attempts) if (!best || a.score > best.score) best = a;
  return best;
}
