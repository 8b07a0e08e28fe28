import { type Value } from 'workbook';

type Counts = Record<string, Record<string, number>>;

function combine(a: Counts, b: Counts, f: (x: number, y: number) => number): Counts {
  const out: Counts = {};
  for (const leader of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const mine: Record<string, number> = {};
    const x = a[leader] ?? {};
    const y = b[leader] ?? {};
    for (const seat of new Set([...Object.keys(x), ...Object.keys(y)])) mine[seat] = f(x[seat] ?? 0, y[seat] ?? 0);
    out[leader] = mine;
  }
  return out;
}

// Adds are merged right (maximum per leader), but removes are treated as
// events to accumulate. Fine in a cart nobody ever empties.
export function merge(a: Value, b: Value): Value {
  const x = (a ?? {}) as { added?: Counts; removed?: Counts };
  const y = (b ?? {}) as { added?: Counts; removed?: Counts };
  return {
    added: combine(x.added ?? {}, y.added ?? {}, Math.max),
    removed: combine(x.removed ?? {}, y.removed ?? {}, (p, q) => p + q),
  };
}
