/**
 * Defensive reading of the progress document. Never throws.
 *
 * Stored text may be anything: corrupt JSON, another site's data under our key,
 * an older or newer version, or deliberately hostile input (huge strings,
 * `__proto__` keys, wrong types, negative scores, a third quiz attempt). The
 * parser keeps every entry that validates, drops the rest and lists what it
 * dropped in `problems`; the store then sets the raw text aside under
 * SET_ASIDE_KEY and tells the learner (see store.ts).
 */
import {
  LIMITS,
  MAX_QUIZ_ATTEMPTS,
  PROGRESS_VERSION,
  emptyProgress,
  emptyRecord,
  isId,
  isSlug,
  type CellEdit,
  type ChapterProgress,
  type ExerciseProgress,
  type ProgressData,
  type QuizAttempt,
} from './schema.ts';
import { isLearnerSeed, isTime, readAttempt, readCell, readExercise } from './validate.ts';

/**
 * Step-wise migrations: `MIGRATIONS[n]` turns a version-n document into a
 * version-(n+1) one. Version 1 is the first released shape, so the table is
 * empty; when the shape changes, bump PROGRESS_VERSION and add the step here.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export interface ParseResult {
  /** Everything that could be read, plus defaults for the rest. */
  readonly data: ProgressData;
  /** What was dropped and why, for the details view; empty when the text was read completely. */
  readonly problems: readonly string[];
}

export interface ParseOptions {
  /** Seed for a fresh document (or when the stored seed is unreadable). */
  readonly newSeed: () => number;
  /** Migration table; defaults to MIGRATIONS (tests inject their own). */
  readonly migrations?: Readonly<Record<number, Migration>>;
  /** The version migrations lead to; defaults to PROGRESS_VERSION (tests pretend a later one). */
  readonly currentVersion?: number;
}

const KNOWN_FIELDS = new Set(['version', 'learnerSeed', 'chapters', 'exercises', 'cells']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Quotes a key for a problem message without echoing huge or odd text. */
function label(key: string): string {
  const short = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return JSON.stringify(short);
}

/** Iterates own string keys with a cap; reports the overflow. */
function entries(value: Record<string, unknown>, max: number, where: string, problems: string[]): [string, unknown][] {
  const keys = Object.keys(value);
  if (keys.length > max) problems.push(`${where}: ${keys.length} entries, only the first ${max} were kept`);
  return keys.slice(0, max).map((k) => [k, value[k]]);
}

/** Keeps at most MAX_QUIZ_ATTEMPTS attempts: the best ones, in the order they were made. */
export function capAttempts(attempts: readonly QuizAttempt[]): QuizAttempt[] {
  const sorted = [...attempts].sort((a, b) => a.at - b.at);
  if (sorted.length <= MAX_QUIZ_ATTEMPTS) return sorted;
  const keep = new Set([...sorted].sort((a, b) => b.score - a.score || a.at - b.at).slice(0, MAX_QUIZ_ATTEMPTS));
  return sorted.filter((a) => keep.has(a));
}

function readAttempts(value: unknown, where: string, problems: string[]): QuizAttempt[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}.attempts is not a list`);
    return [];
  }
  const out: QuizAttempt[] = [];
  value.slice(0, 20).forEach((raw, i) => {
    const full = readAttempt(raw);
    if (full) {
      out.push(full);
      return;
    }
    // Keep the score even when the remembered answers are damaged.
    if (isPlainObject(raw) && 'responses' in raw) {
      const { responses: _dropped, ...rest } = raw;
      const bare = readAttempt(rest);
      if (bare) {
        problems.push(`${where}.attempts[${i}]: the remembered answers could not be read`);
        out.push(bare);
        return;
      }
    }
    problems.push(`${where}.attempts[${i}] is not a valid quiz attempt (score, max, variant, time)`);
  });
  if (value.length > 20) problems.push(`${where}.attempts: ${value.length} attempts listed`);
  if (out.length > MAX_QUIZ_ATTEMPTS) {
    problems.push(`${where}: ${out.length} quiz attempts, only ${MAX_QUIZ_ATTEMPTS} are allowed (the best were kept)`);
    return capAttempts(out);
  }
  return out.sort((a, b) => a.at - b.at);
}

function readChapters(value: unknown, problems: string[]): Record<string, ChapterProgress> {
  const out = emptyRecord<ChapterProgress>();
  if (value === undefined) return out;
  if (!isPlainObject(value)) {
    problems.push('chapters is not an object');
    return out;
  }
  for (const [slug, raw] of entries(value, LIMITS.chapters, 'chapters', problems)) {
    const where = `chapters[${label(slug)}]`;
    if (!isSlug(slug)) {
      problems.push(`${where}: not a chapter slug`);
      continue;
    }
    if (!isPlainObject(raw)) {
      problems.push(`${where} is not an object`);
      continue;
    }
    let completedAt: number | undefined;
    if (raw.completedAt !== undefined) {
      if (isTime(raw.completedAt)) completedAt = raw.completedAt;
      else problems.push(`${where}.completedAt is not a valid time`);
    }
    const attempts = readAttempts(raw.attempts, where, problems);
    if (completedAt === undefined && attempts.length === 0) continue;
    out[slug] = completedAt === undefined ? { attempts } : { completedAt, attempts };
  }
  return out;
}

function readEntries<T>(
  name: 'exercises' | 'cells',
  value: unknown,
  max: number,
  read: (v: unknown) => T | undefined,
  problems: string[],
): Record<string, T> {
  const out = emptyRecord<T>();
  if (value === undefined) return out;
  if (!isPlainObject(value)) {
    problems.push(`${name} is not an object`);
    return out;
  }
  for (const [id, raw] of entries(value, max, name, problems)) {
    const where = `${name}[${label(id)}]`;
    if (!isId(id)) {
      problems.push(`${where}: not a valid id`);
      continue;
    }
    const r = read(raw);
    if (r !== undefined) out[id] = r;
    else problems.push(`${where} could not be read`);
  }
  return out;
}

/** Validates an already-parsed value, keeping every valid part. */
export function sanitizeProgress(value: unknown, options: ParseOptions): ParseResult {
  const problems: string[] = [];
  if (!isPlainObject(value)) {
    return { data: emptyProgress(options.newSeed()), problems: ['the saved progress is not an object'] };
  }
  let doc: Record<string, unknown> = value;
  const current = options.currentVersion ?? PROGRESS_VERSION;
  const version = doc.version;
  if (version === undefined) {
    const known = Object.keys(doc).some((k) => KNOWN_FIELDS.has(k));
    if (!known) {
      return { data: emptyProgress(options.newSeed()), problems: ['the saved data is not workbook progress'] };
    }
    problems.push('the saved progress has no version number');
  } else if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push('the saved progress has an invalid version number');
  } else if (version > current) {
    problems.push(`the saved progress was written by a newer version of the workbook (version ${version})`);
  } else if (version < current) {
    const migrations = options.migrations ?? MIGRATIONS;
    for (let v = version; v < current; v++) {
      const step = Object.prototype.hasOwnProperty.call(migrations, v) ? migrations[v] : undefined;
      if (!step) {
        problems.push(`no migration from version ${v}; read as version ${current}`);
        break;
      }
      try {
        const next = step(doc);
        if (!isPlainObject(next)) throw new Error('migration returned no object');
        doc = { ...next, version: v + 1 };
      } catch {
        problems.push(`migrating from version ${v} failed; read as version ${current}`);
        break;
      }
    }
  }

  for (const key of Object.keys(doc)) if (!KNOWN_FIELDS.has(key)) problems.push(`unknown field ${label(key)}`);

  const seed = doc.learnerSeed;
  if (!isLearnerSeed(seed) && seed !== undefined) problems.push('learnerSeed is not a valid seed');
  const data: ProgressData = {
    version: PROGRESS_VERSION,
    learnerSeed: isLearnerSeed(seed) ? seed : options.newSeed() >>> 0,
    chapters: readChapters(doc.chapters, problems),
    exercises: readEntries<ExerciseProgress>('exercises', doc.exercises, LIMITS.exercises, readExercise, problems),
    cells: readEntries<CellEdit>('cells', doc.cells, LIMITS.cells, readCell, problems),
  };
  return { data, problems };
}

/** Parses stored text. `null` or empty text is a fresh start, not a problem. */
export function parseProgress(raw: string | null | undefined, options: ParseOptions): ParseResult {
  if (raw === null || raw === undefined || raw === '') return { data: emptyProgress(options.newSeed()), problems: [] };
  if (raw.length > LIMITS.rawChars) {
    return {
      data: emptyProgress(options.newSeed()),
      problems: [`the saved progress is too large to read (${raw.length} characters)`],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { data: emptyProgress(options.newSeed()), problems: ['the saved progress is not valid JSON'] };
  }
  return sanitizeProgress(value, options);
}

/** The text stored for a document (records serialise like plain objects). */
export function serializeProgress(data: ProgressData): string {
  return JSON.stringify(data);
}
