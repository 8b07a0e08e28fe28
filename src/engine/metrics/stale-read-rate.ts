/**
 * Stale-read rate: the share of acknowledged reads that the stale-read
 * checker flags (chapter 5 and chapter 8's "measure the stale-read rate").
 * It counts with exactly the checker's definition, so the number on a chart
 * and the violations on the timeline always agree.
 */
import { history, registerReads } from '../checkers/support/history.ts';
import { staleRead } from '../checkers/stale-read.ts';
import type { StaleReadOptions } from '../checkers/stale-read.ts';
import type { Trace } from '../trace/events.ts';

export interface StaleReadRate {
  /** Acknowledged reads judged (reads of register keys, restricted to `keys` if given). */
  readonly reads: number;
  readonly stale: number;
  /** stale / reads, or 0 when there were no reads. */
  readonly rate: number;
}

/**
 * @example
 * ```ts
 * staleReadRate(trace); // { reads: 200, stale: 14, rate: 0.07 }
 * ```
 */
export function staleReadRate(trace: Trace, options: StaleReadOptions = {}): StaleReadRate {
  const keys = options.keys === undefined ? undefined : new Set(options.keys);
  const reads = registerReads(history(trace)).filter((r) => keys === undefined || keys.has(r.key)).length;
  const stale = staleRead(trace, options).violations.length;
  return { reads, stale, rate: reads === 0 ? 0 : stale / reads };
}
