/**
 * RPO, the recovery point actually achieved: how much acknowledged data a
 * failure destroyed, as a count of writes and as a window of time.
 *
 * Lost writes are exactly those the lost-acknowledged-writes checker reports
 * (same options), each counted once. The window runs from the acknowledgement
 * of the earliest lost write to the failure that lost them — the first crash
 * at or after the latest lost write's acknowledgement, or that acknowledgement
 * itself when no crash follows (a partition or a bad merge can lose writes too).
 * "RPO 80 ms" then reads: the last 80 ms of acknowledged writes before the
 * failure were gone afterwards.
 */
import { history } from '../checkers/support/history.ts';
import { LOST_ACKNOWLEDGED_WRITES, lostAcknowledgedWrites } from '../checkers/lost-acknowledged-writes.ts';
import type { LostWritesOptions } from '../checkers/lost-acknowledged-writes.ts';
import type { OpId, Trace } from '../trace/events.ts';

export interface Rpo {
  /** Number of acknowledged writes lost. */
  readonly lostWrites: number;
  readonly lostOps: readonly OpId[];
  /** Length of the lost window in virtual ms (0 when nothing was lost). */
  readonly windowMs: number;
  /** Acknowledgement time of the earliest lost write. */
  readonly from: number | null;
  /** Time of the failure that lost them. */
  readonly to: number | null;
}

/**
 * @example
 * ```ts
 * rpo(trace); // { lostWrites: 3, lostOps: ['op-41', 'op-42', 'op-44'], windowMs: 80, from: 1220, to: 1300 }
 * ```
 */
export function rpo(trace: Trace, options: LostWritesOptions = {}): Rpo {
  const lostIds = new Set(
    lostAcknowledgedWrites(trace, options)
      .violations.filter((v) => v.property === LOST_ACKNOWLEDGED_WRITES)
      .flatMap((v) => (v.op === undefined ? [] : [v.op])),
  );
  const lost = history(trace).filter((o) => lostIds.has(o.op));
  if (lost.length === 0) return { lostWrites: 0, lostOps: [], windowMs: 0, from: null, to: null };
  const from = Math.min(...lost.map((o) => o.completeTime));
  const latest = Math.max(...lost.map((o) => o.completeTime));
  const crash = trace.events.find((e) => e.type === 'crash' && e.time >= latest);
  const to = crash?.time ?? latest;
  return { lostWrites: lost.length, lostOps: lost.map((o) => o.op), windowMs: to - from, from, to };
}
