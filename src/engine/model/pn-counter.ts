/**
 * A PN-counter CRDT (chapter 7): each node counts its own increments (`p`)
 * and decrements (`n`); merging takes the per-node maximum, and the value is
 * the sum of `p` minus the sum of `n`. Merge is commutative, associative and
 * idempotent, so replicas that have seen the same increments agree, in any
 * delivery order, however often a state is re-sent — and no increment is lost.
 */
import type { NodeId } from '../trace/events.ts';

export interface PnCounter {
  readonly p: Readonly<Record<NodeId, number>>;
  readonly n: Readonly<Record<NodeId, number>>;
}

export const EMPTY_COUNTER: PnCounter = { p: {}, n: {} };

/** Adds `by` (negative to decrement) on behalf of `node`. */
export function incrementCounter(c: PnCounter, node: NodeId, by: number): PnCounter {
  if (by >= 0) return { p: { ...c.p, [node]: (c.p[node] ?? 0) + by }, n: c.n };
  return { p: c.p, n: { ...c.n, [node]: (c.n[node] ?? 0) - by } };
}

function maxEach(a: Readonly<Record<NodeId, number>>, b: Readonly<Record<NodeId, number>>): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  for (const k of Object.keys(a)) out[k] = a[k] ?? 0;
  for (const k of Object.keys(b)) out[k] = Math.max(out[k] ?? 0, b[k] ?? 0);
  return out;
}

/** The join of two counter states. */
export function mergeCounters(a: PnCounter, b: PnCounter): PnCounter {
  return { p: maxEach(a.p, b.p), n: maxEach(a.n, b.n) };
}

export function counterValue(c: PnCounter): number {
  let v = 0;
  for (const k of Object.keys(c.p)) v += c.p[k] ?? 0;
  for (const k of Object.keys(c.n)) v -= c.n[k] ?? 0;
  return v;
}

/** True when both states have counted exactly the same increments. */
export function sameCounter(a: PnCounter, b: PnCounter): boolean {
  const eq = (x: Readonly<Record<NodeId, number>>, y: Readonly<Record<NodeId, number>>): boolean => {
    for (const k of Object.keys(x)) if ((x[k] ?? 0) !== (y[k] ?? 0)) return false;
    for (const k of Object.keys(y)) if ((x[k] ?? 0) !== (y[k] ?? 0)) return false;
    return true;
  };
  return eq(a.p, b.p) && eq(a.n, b.n);
}
