/**
 * RTO, the recovery time actually achieved: the longest stretch of the run
 * without a writable leader.
 *
 * A node is a *writable leader* while it is alive and believes it is leader
 * (or a standalone `single` node) in the highest epoch any leader has been
 * announced for — a deposed leader still clinging to an older epoch is fenced
 * and cannot commit, so it does not count. An outage starts when the last
 * writable leader crashes, steps down or is superseded, and ends when one
 * exists again; the bootstrap before the first leader is not an outage. An
 * outage still open when the run ends is reported as `ongoing`, up to the
 * last event. Built from `role`, `elect`, `crash` and `restart` events.
 */
import { updateBeliefs } from '../checkers/support/nodes.ts';
import type { NodeBelief } from '../checkers/support/nodes.ts';
import type { NodeId, Trace } from '../trace/events.ts';

export interface Outage {
  readonly from: number;
  readonly to: number;
  readonly fromStep: number;
  readonly toStep: number;
  readonly durationMs: number;
  /** True when the run ended before a leader was back. */
  readonly ongoing: boolean;
}

export interface Rto {
  /** Longest outage in virtual ms (0 when there was none). */
  readonly rtoMs: number;
  readonly totalMs: number;
  readonly outages: readonly Outage[];
}

/**
 * @example
 * ```ts
 * rto(trace); // { rtoMs: 1450, totalMs: 1450, outages: [{ from: 2000, to: 3450, ... }] }
 * ```
 */
export function rto(trace: Trace): Rto {
  const beliefs = new Map<NodeId, NodeBelief>();
  let topEpoch = Number.NEGATIVE_INFINITY;
  let hadLeader = false;
  let down: { from: number; fromStep: number } | undefined;
  const outages: Outage[] = [];
  for (const e of trace.events) {
    if (!updateBeliefs(beliefs, e)) continue;
    if ((e.type === 'elect' || (e.type === 'role' && e.role === 'leader')) && e.epoch > topEpoch) topEpoch = e.epoch;
    const writable = [...beliefs.values()].some(
      (b) => b.alive && (b.role === 'single' || (b.role === 'leader' && b.epoch >= topEpoch)),
    );
    if (writable) {
      hadLeader = true;
      if (down !== undefined) {
        outages.push({ ...down, to: e.time, toStep: e.step, durationMs: e.time - down.from, ongoing: false });
        down = undefined;
      }
    } else if (hadLeader && down === undefined) {
      down = { from: e.time, fromStep: e.step };
    }
  }
  const last = trace.events.at(-1);
  if (down !== undefined && last !== undefined) {
    outages.push({ ...down, to: last.time, toStep: last.step, durationMs: last.time - down.from, ongoing: true });
  }
  return {
    rtoMs: outages.reduce((m, o) => Math.max(m, o.durationMs), 0),
    totalMs: outages.reduce((s, o) => s + o.durationMs, 0),
    outages,
  };
}
