import { type Value } from 'workbook';

type Counts = Record<string, Record<string, number>>;

function changes(v: Value): number {
  const c = (v ?? {}) as { added?: Counts; removed?: Counts };
  let n = 0;
  for (const side of [c.added ?? {}, c.removed ?? {}])
    for (const seats of Object.values(side)) for (const k of Object.values(seats)) n += k;
  return n;
}

// "Keep the newest version": the cart that has seen more changes wins, ties
// broken the same way everywhere. Last-write-wins in all but name.
export function merge(a: Value, b: Value): Value {
  const ca = changes(a);
  const cb = changes(b);
  if (ca !== cb) return ca > cb ? a : b;
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}
