/**
 * Quiz assessment: build-time resolution of engine-backed questions, scoring,
 * and deterministic variants. `resolveQuiz` runs at build time only; the rest
 * is small and pure and ships in the Quiz island.
 */
export { resolveQuiz, fillPlaceholders, QuizResolveError } from './resolve.ts';
export type { ResolveOptions } from './resolve.ts';
export {
  scoreQuestion,
  scoreAttempt,
  multipleSelectPoints,
  withinTolerance,
  correctOptionIds,
  variantOf,
  bestScore,
  attemptsLeft,
  MAX_ATTEMPTS,
} from './score.ts';
export { DEFAULT_VARIANT_COUNT, variantSeeds, attemptSeed, pickVariant, shuffleIds, hashSeed } from './variants.ts';
export { POINTS_PER_QUESTION } from './types.ts';
export type * from './types.ts';
