/**
 * Latency distributions: how long a message or a piece of work takes.
 *
 * A bare number means "always exactly this many milliseconds". Random
 * distributions are what make messages overtake each other, so reordering is
 * not a separate feature: it falls out of uniform or exponential latency.
 */
import type { Rng } from './rng.ts';

/** A latency in virtual milliseconds. */
export type Latency =
  | number
  | { readonly kind: 'constant'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /** `min` is added to an exponential with mean `mean` (a long tail above a floor). */
  | { readonly kind: 'exponential'; readonly mean: number; readonly min?: number };

/** Draws one latency. Rounded to 1/1000 ms so traces stay short and stable. */
export function sampleLatency(latency: Latency, rng: Rng): number {
  let ms: number;
  if (typeof latency === 'number') ms = latency;
  else if (latency.kind === 'constant') ms = latency.ms;
  else if (latency.kind === 'uniform') ms = latency.min + rng.next() * (latency.max - latency.min);
  else ms = (latency.min ?? 0) + rng.exponential(latency.mean);
  return Math.round(Math.max(0, ms) * 1000) / 1000;
}

/** The mean of a distribution, for summaries and budgets. */
export function meanLatency(latency: Latency): number {
  if (typeof latency === 'number') return latency;
  if (latency.kind === 'constant') return latency.ms;
  if (latency.kind === 'uniform') return (latency.min + latency.max) / 2;
  return (latency.min ?? 0) + latency.mean;
}
