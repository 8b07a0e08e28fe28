/**
 * Quorum arithmetic and the default read reconciliation (chapter 8).
 *
 * With n replicas, a write waits for w acknowledgements and a read for r
 * answers. When w + r > n every read quorum overlaps the last successful
 * write's quorum, so one answer is at least that new — *if* the write really
 * reached w home replicas (not stand-ins), the replicas kept it (no lost disk),
 * and no other write raced it. The engine lets each of those conditions break.
 */
import type { NodeId, Value } from '../trace/events.ts';
import { compareStamps } from './lww.ts';

/** A stored version: value, version (the coordinator's clock reading when written) and the coordinator's name. */
export interface QuorumRecord {
  readonly value: Value;
  readonly version: number;
  readonly writer: NodeId;
}

/** Strict majority of `n`. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** True when every read quorum intersects every write quorum. */
export function quorumsOverlap(n: number, w: number, r: number): boolean {
  return w + r > n;
}

/** -1 / 0 / 1 by (version, writer); a missing record is older than any. */
export function compareRecords(a: QuorumRecord | null | undefined, b: QuorumRecord | null | undefined): -1 | 0 | 1 {
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  return compareStamps({ ts: a.version, writer: a.writer }, { ts: b.version, writer: b.writer });
}

export interface Answer<R extends QuorumRecord> {
  readonly node: NodeId;
  readonly record: R | null;
}

/** The newest record among the answers (null when nobody had the key). */
export function newest<R extends QuorumRecord>(answers: readonly Answer<R>[]): R | null {
  let best: R | null = null;
  for (const a of answers) if (compareRecords(a.record, best) > 0) best = a.record;
  return best;
}

/** Replicas whose answer is older than `winner` (what read repair writes back to). */
export function staleAnswers<R extends QuorumRecord>(answers: readonly Answer<R>[], winner: R | null): NodeId[] {
  if (winner === null) return [];
  return answers.filter((a) => compareRecords(a.record, winner) < 0).map((a) => a.node);
}
