/**
 * Hand-written validators for progress entries, equivalent to the zod schema
 * in spec.ts (a property-based test keeps them in step) at a fraction of the
 * size. Each returns a fresh, clean value or undefined; never throws.
 */
import {
  LIMITS,
  MAX_QUIZ_SCORE,
  MAX_TIME,
  MIN_TIME,
  emptyRecord,
  isId,
  type CellEdit,
  type ExerciseProgress,
  type QuizAttempt,
  type QuizResponse,
} from './schema.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
export const isTime = (v: unknown): v is number => isInt(v, MIN_TIME, MAX_TIME);
const isShortId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.idChars;
/** An optional field: absent, or valid. */
const opt = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);

export function readResponse(v: unknown): QuizResponse | undefined {
  if (v === null || isShortId(v) || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v) && v.length <= LIMITS.responseItems && v.every(isShortId)) return [...v];
  return undefined;
}

export function readResponses(v: unknown): Record<string, QuizResponse> | undefined {
  if (!isObj(v)) return undefined;
  const out = emptyRecord<QuizResponse>();
  let n = 0;
  for (const k of Object.keys(v)) {
    if (k === '__proto__') continue; // dropped, as zod does
    if (!isId(k) || ++n > LIMITS.responses) return undefined;
    const r = readResponse(v[k]);
    if (r === undefined) return undefined;
    out[k] = r;
  }
  return out;
}

export function readAttempt(v: unknown): QuizAttempt | undefined {
  if (!isObj(v)) return undefined;
  const { score, max, variant, at, responses } = v;
  if (!isInt(score, 0, MAX_QUIZ_SCORE) || !isInt(max, 1, MAX_QUIZ_SCORE) || !isInt(variant, 0, 63) || !isTime(at))
    return undefined;
  if (score > max) return undefined;
  if (responses === undefined) return { score, max, variant, at };
  const r = readResponses(responses);
  return r ? { score, max, variant, at, responses: r } : undefined;
}

export function readExercise(v: unknown): ExerciseProgress | undefined {
  if (!isObj(v)) return undefined;
  const { runs, lastRunAt, passedAt, revealedAt } = v;
  if (!isInt(runs, 0, 1_000_000) || !opt(lastRunAt, isTime) || !opt(passedAt, isTime) || !opt(revealedAt, isTime))
    return undefined;
  return {
    runs,
    ...(lastRunAt !== undefined ? { lastRunAt: lastRunAt as number } : {}),
    ...(passedAt !== undefined ? { passedAt: passedAt as number } : {}),
    ...(revealedAt !== undefined ? { revealedAt: revealedAt as number } : {}),
  };
}

export function readCell(v: unknown): CellEdit | undefined {
  if (!isObj(v)) return undefined;
  const { code, savedAt } = v;
  if (typeof code !== 'string' || code.length > LIMITS.cellChars || !isTime(savedAt)) return undefined;
  return { code, savedAt };
}

export const isLearnerSeed = (v: unknown): v is number => isInt(v, 0, 0xffffffff);
