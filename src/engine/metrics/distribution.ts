/**
 * Percentile summaries of a list of numbers (latencies, lags).
 *
 * Percentiles use the nearest-rank method: p50 of n sorted values is the
 * value at rank ⌈0.5·n⌉. It always returns a value that was actually
 * observed, which keeps hand-computed test expectations and learner-facing
 * numbers ("p99 was 212 ms") honest. An empty list has no percentiles: `null`.
 */

export interface Distribution {
  readonly count: number;
  readonly min: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/** The value at percentile `p` (0–100) of already sorted values, by nearest rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? null,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    mean: sorted.length === 0 ? null : sum / sorted.length,
  };
}
