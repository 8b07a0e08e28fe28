/**
 * Deterministic variant choice and shuffling for quizzes. Pure and tiny, so it
 * ships in the Quiz island without the engine.
 *
 * - The build computes `variantCount` variants of every engine-backed question
 *   from seeds derived from the chapter slug (`variantSeeds`).
 * - Attempt 1 uses a variant picked by the learner seed; attempt 2 uses a
 *   DIFFERENT variant (the one whose engine-backed questions differ most from
 *   the variants already used), so the numbers and keys change.
 * - Ordering items are shuffled per attempt by a seed derived from the learner
 *   seed, chapter and attempt, never shown in the correct order.
 */
import type { ResolvedQuestion, ResolvedQuiz } from './types.ts';

/** Variants computed per engine-backed question at build time. */
export const DEFAULT_VARIANT_COUNT = 4;

/** splitmix32 finaliser. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit hash of numbers and strings, stable across platforms. */
export function hashSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? `#${part >>> 0}` : `"${part}`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h = mix32(h);
  }
  return h >>> 0;
}

/** The build-time seeds for a chapter's quiz variants. */
export function variantSeeds(chapter: string, count = DEFAULT_VARIANT_COUNT): number[] {
  const seeds: number[] = [];
  for (let i = 0; seeds.length < count; i++) {
    const s = hashSeed('quiz-variant', chapter, i);
    if (!seeds.includes(s)) seeds.push(s);
  }
  return seeds;
}

/** The seed of one attempt (1-based), used for shuffling. */
export function attemptSeed(learnerSeed: number, chapter: string, attempt: number): number {
  return hashSeed('quiz-attempt', learnerSeed, chapter, attempt);
}

/** mulberry32 stream. */
function stream(seed: number): () => number {
  let state = mix32(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `ids` shuffled deterministically by `seed` (Fisher-Yates). With two or more
 * ids the result never equals the input order, so an untouched ordering
 * question is never accidentally right.
 */
export function shuffleIds(ids: readonly string[], seed: number): string[] {
  const out = [...ids];
  const next = stream(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = out[i] as string;
    out[i] = out[j] as string;
    out[j] = a;
  }
  if (out.length >= 2 && out.every((id, i) => id === ids[i])) out.push(out.shift() as string);
  return out;
}

/** A fingerprint of what the learner sees and must answer in variant `v` of a question. */
function fingerprint(q: ResolvedQuestion, v: number): string {
  const variant = q.variants[v % q.variants.length];
  return JSON.stringify(variant);
}

/**
 * The quiz variant for the next attempt. `used` lists the variants of earlier
 * attempts. The first attempt's variant comes from the learner seed; a later
 * attempt takes an unused variant, preferring the one where the most
 * engine-backed questions look different from every used variant.
 */
export function pickVariant(quiz: ResolvedQuiz, learnerSeed: number, chapter: string, used: readonly number[]): number {
  const n = Math.max(1, quiz.variantSeeds.length);
  const start = hashSeed('quiz-pick', learnerSeed, chapter) % n;
  if (used.length === 0 || n === 1) return start;
  const generated = quiz.questions.filter((q) => q.variants.length > 1);
  let best = -1;
  let bestDiff = -1;
  for (let k = 1; k <= n; k++) {
    const v = (start + k) % n;
    if (used.includes(v)) continue;
    const diff = generated.filter((q) => used.every((u) => fingerprint(q, u) !== fingerprint(q, v))).length;
    if (diff > bestDiff) {
      best = v;
      bestDiff = diff;
    }
  }
  return best >= 0 ? best : (start + used.length) % n;
}
