/**
 * The zod schema of the progress document: the specification.
 *
 * Used at build and test time only. Islands use the equivalent hand-written
 * validators in validate.ts (zod would cost ~8 KB gzip on every page); the
 * test test/unit/progress/validate.test.ts checks with random inputs that both
 * accept the same values and produce the same output. Change both together.
 */
import { z } from 'zod';
import { LIMITS, MAX_QUIZ_SCORE, MAX_TIME, MIN_TIME, PROGRESS_VERSION, isId, isSlug } from './schema.ts';

/** Milliseconds since the epoch, 2020..2200. */
const time = z.number().int().min(MIN_TIME).max(MAX_TIME);
const shortId = z.string().min(1).max(LIMITS.idChars);

export const quizResponseSpec = z.union([z.null(), z.number(), shortId, z.array(shortId).max(LIMITS.responseItems)]);

/** Answers by question id: at most LIMITS.responses, keys are ids. */
export const responsesSpec = z
  .record(z.string().refine(isId), quizResponseSpec)
  .refine((r) => Object.keys(r).length <= LIMITS.responses);

export const quizAttemptSpec = z
  .object({
    score: z.number().int().min(0).max(MAX_QUIZ_SCORE),
    max: z.number().int().min(1).max(MAX_QUIZ_SCORE),
    variant: z.number().int().min(0).max(63),
    at: time,
    responses: responsesSpec.optional(),
  })
  .refine((a) => a.score <= a.max, 'score is larger than the maximum');

export const exerciseProgressSpec = z.object({
  runs: z.number().int().min(0).max(1_000_000),
  lastRunAt: time.optional(),
  passedAt: time.optional(),
  revealedAt: time.optional(),
});

export const cellEditSpec = z.object({
  code: z.string().max(LIMITS.cellChars),
  savedAt: time,
});

export const completedAtSpec = time;
export const learnerSeedSpec = z.number().int().min(0).max(0xffffffff);

export const chapterProgressSpec = z.object({
  completedAt: time.optional(),
  attempts: z.array(quizAttemptSpec).max(2),
});

/** A whole, fully valid document (parse.ts is more forgiving: it keeps the valid parts of an invalid one). */
export const progressSpec = z.object({
  version: z.literal(PROGRESS_VERSION),
  learnerSeed: learnerSeedSpec,
  chapters: z.record(z.string().refine(isSlug), chapterProgressSpec),
  exercises: z.record(z.string().refine(isId), exerciseProgressSpec),
  cells: z.record(z.string().refine(isId), cellEditSpec),
});
