/**
 * Small, dependency-free chart math: linear scales, "nice" ticks, histogram
 * bins and SVG path strings. Pure functions, tested in test/unit/sim.
 */

export interface Scale {
  (v: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps `domain` linearly onto `range`. A zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = ((v: number) =>
    span === 0 || !Number.isFinite(span) ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  Object.defineProperty(f, 'domain', { value: [d0, d1] });
  Object.defineProperty(f, 'range', { value: [r0, r1] });
  return f;
}

/** A step of 1, 2 or 5 × 10^k that splits `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span) || count < 1) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const m = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return m * mag;
}

/** Round-numbered ticks covering [min, max]; returns `{ ticks, min, max }` with the domain widened to whole steps. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], min: 0, max: 1 };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.5;
    return niceTicks(min - (min === 0 ? 0 : pad), max + pad, count);
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  const n = Math.round((hi - lo) / step);
  for (let i = 0; i <= n; i++) ticks.push(Number((lo + i * step).toPrecision(12)));
  return { ticks, min: lo, max: hi };
}

export interface Bin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

/** Equal-width bins on nice boundaries; every value lands in exactly one bin (the last bin is closed). */
export function histogram(values: readonly number[], targetBins = 10): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { ticks } = niceTicks(min, max, Math.max(1, targetBins));
  if (ticks.length < 2) return [{ x0: min, x1: max, count: finite.length }];
  const counts = new Array<number>(ticks.length - 1).fill(0);
  const lo = ticks[0] as number;
  const step = (ticks[1] as number) - lo;
  for (const v of finite) {
    const i = Math.min(counts.length - 1, Math.max(0, Math.floor((v - lo) / step)));
    counts[i] = (counts[i] as number) + 1;
  }
  return counts.map((count, i) => ({ x0: ticks[i] as number, x1: ticks[i + 1] as number, count }));
}

/** Counts `values` into existing bins (same rule as `histogram`: the last bin is closed; values outside are ignored). */
export function countInto(bins: readonly Bin[], values: readonly number[]): Bin[] {
  const counts = bins.map(() => 0);
  const lo = bins[0]?.x0 ?? 0;
  const hi = bins[bins.length - 1]?.x1 ?? 0;
  for (const v of values) {
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    let i = bins.findIndex((b) => v >= b.x0 && v < b.x1);
    if (i < 0) i = bins.length - 1;
    counts[i] = (counts[i] as number) + 1;
  }
  return bins.map((b, i) => ({ x0: b.x0, x1: b.x1, count: counts[i] as number }));
}

/** SVG path of a step function through `points` (held until the next point). */
export function stepPath(
  points: readonly { t: number; v: number }[],
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  points.forEach((p, i) => {
    const px = round(x(p.t));
    const py = round(y(p.v));
    d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });
  return d;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Shortened tick label: 1500 -> "1.5k", 0.25 -> "0.25". */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 1_000_000) return `${trim(v / 1_000_000)}M`;
  if (a >= 10_000) return `${trim(v / 1000)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(4)));
}
