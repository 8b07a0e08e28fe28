/**
 * The learner's submitted solutions, kept in this browser under one key
 * (`workbook:submissions`) so the Progress page can export them in a
 * submission bundle for an instructor to verify (src/server/bundle.ts).
 * Every Submit appends the code and the browser's verdict.
 *
 * Bounded, because localStorage is small and shared with progress: at most
 * MAX_PER_EXERCISE submissions per exercise (the oldest failing one goes
 * first; a passing one is kept while any failing one can go) and
 * MAX_TOTAL_CHARS of code in all. Text that cannot be read is set aside
 * under SET_ASIDE_KEY, never silently deleted, and a failed save is
 * reported to the caller, which tells the learner.
 */
export const SUBMISSIONS_KEY = 'workbook:submissions';
export const SUBMISSIONS_SET_ASIDE_KEY = 'workbook:submissions:set-aside';
export const MAX_PER_EXERCISE = 10;
export const MAX_TOTAL_CHARS = 1_000_000;

export interface LoggedSubmission {
  readonly exercise: string;
  readonly code: string;
  /** ms since the epoch. */
  readonly submittedAt: number;
  /** The browser's verdict (a claim, as far as a verifier is concerned). */
  readonly passed: boolean;
}

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const isLogged = (v: unknown): v is LoggedSubmission => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.exercise === 'string' &&
    typeof s.code === 'string' &&
    typeof s.submittedAt === 'number' &&
    Number.isFinite(s.submittedAt) &&
    typeof s.passed === 'boolean'
  );
};

/** The logged submissions, oldest first; entries that cannot be read are skipped. */
export function readSubmissionLog(storage: Storage): LoggedSubmission[] {
  let raw: string | null;
  try {
    raw = storage.getItem(SUBMISSIONS_KEY);
  } catch {
    return [];
  }
  if (raw === null) return [];
  try {
    const doc = JSON.parse(raw) as { version?: unknown; submissions?: unknown };
    if (doc.version !== 1 || !Array.isArray(doc.submissions)) throw new Error('unknown shape');
    return doc.submissions.filter(isLogged);
  } catch {
    try {
      storage.setItem(SUBMISSIONS_SET_ASIDE_KEY, raw);
      storage.setItem(SUBMISSIONS_KEY, JSON.stringify({ version: 1, submissions: [] }));
    } catch {
      /* nothing more can be done; the raw text stays where it was */
    }
    return [];
  }
}

/** Drops the oldest entries (failing ones first) of an exercise over its cap, then of the whole log over the size cap. */
export function trimLog(list: readonly LoggedSubmission[]): LoggedSubmission[] {
  let out = [...list];
  const dropOne = (candidates: LoggedSubmission[]) => {
    const victim = candidates.find((s) => !s.passed) ?? candidates[0];
    out = out.filter((s) => s !== victim);
  };
  for (const exercise of new Set(out.map((s) => s.exercise))) {
    while (out.filter((s) => s.exercise === exercise).length > MAX_PER_EXERCISE)
      dropOne(out.filter((s) => s.exercise === exercise));
  }
  while (out.length > 1 && out.reduce((n, s) => n + s.code.length, 0) > MAX_TOTAL_CHARS) dropOne(out);
  return out;
}

/** Appends a submission. Returns null when saved, else a sentence for the learner. */
export function logSubmission(storage: Storage, s: LoggedSubmission): string | null {
  const list = trimLog([...readSubmissionLog(storage), s]);
  try {
    storage.setItem(SUBMISSIONS_KEY, JSON.stringify({ version: 1, submissions: list }));
    return null;
  } catch {
    return 'This submission could not be saved in this browser (storage is full or blocked), so a submission bundle exported from the Progress page will not contain it.';
  }
}
