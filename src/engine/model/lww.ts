/**
 * Last-write-wins ordering (chapters 7 and 8): a write carries a timestamp
 * from its writer's clock and the writer's name as tie-breaker; the larger
 * `(ts, writer)` survives everywhere. Simple and convergent — and wrong
 * whenever clocks disagree: a node whose clock runs behind stamps a later
 * write with an earlier time, and that acknowledged write is discarded.
 */
import type { NodeId } from '../trace/events.ts';

export interface Stamp {
  readonly ts: number;
  readonly writer: NodeId;
}

/** -1 when `a` is older, 1 when newer, 0 when identical. */
export function compareStamps(a: Stamp, b: Stamp): -1 | 0 | 1 {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.writer !== b.writer) return a.writer < b.writer ? -1 : 1;
  return 0;
}
