import { type Value } from 'workbook';

/** Per leader, per seat: how many times that leader's clients did it. */
type Counts = Record<string, Record<string, number>>;

function counts(v: unknown): Counts {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Counts) : {};
}

/** Entry-wise maximum: each leader only ever raises its own counts, so the larger one has seen more. */
function maxEach(a: Counts, b: Counts): Counts {
  const out: Counts = {};
  for (const leader of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const mine: Record<string, number> = {};
    const x = a[leader] ?? {};
    const y = b[leader] ?? {};
    for (const seat of new Set([...Object.keys(x), ...Object.keys(y)])) {
      mine[seat] = Math.max(x[seat] ?? 0, y[seat] ?? 0);
    }
    out[leader] = mine;
  }
  return out;
}

export function merge(a: Value, b: Value): Value {
  const x = (a ?? {}) as { added?: unknown; removed?: unknown };
  const y = (b ?? {}) as { added?: unknown; removed?: unknown };
  return {
    added: maxEach(counts(x.added), counts(y.added)),
    removed: maxEach(counts(x.removed), counts(y.removed)),
  };
}
