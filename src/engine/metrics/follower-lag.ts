/**
 * Replication lag per follower over time (chapter 5's lag charts).
 *
 * For each follower, at every moment its lag can change:
 * - `lagLsn` = the leader's last appended LSN − the follower's last applied LSN
 *   (never negative);
 * - `lagMs`  = how long ago the oldest entry the follower has not applied was
 *   appended on the leader (0 when caught up).
 * A point is emitted for every follower when the leader appends (or the
 * leader changes) and for one follower when it applies or loads a snapshot.
 * Between those changes `lagMs` keeps growing, so charts that want a smooth
 * line can ask for extra samples every `sampleMs`. While the leader is down
 * there is nothing to lag behind and no points are emitted.
 *
 * The leader is the alive node that most recently became leader in the
 * highest epoch (`role`/`elect` events). `options.leader` names it instead;
 * without either, the first node that appended is taken.
 */
import { allNodes, leadersIn, updateBeliefs } from '../checkers/support/nodes.ts';
import type { NodeBelief } from '../checkers/support/nodes.ts';
import type { NodeId, Trace } from '../trace/events.ts';

export interface LagPoint {
  readonly step: number;
  readonly time: number;
  readonly node: NodeId;
  readonly lagLsn: number;
  readonly lagMs: number;
}

export interface FollowerLagOptions {
  /** The leader, for traces without role or elect events. */
  readonly leader?: NodeId;
  /** Only report these followers. */
  readonly nodes?: readonly NodeId[];
  /** Also sample every follower at each multiple of this many virtual ms. */
  readonly sampleMs?: number;
}

/**
 * The lag series of every follower.
 *
 * @example
 * ```ts
 * const series = followerLag(trace).filter((p) => p.node === 'f1');
 * // [{ time: 12, node: 'f1', lagLsn: 1, lagMs: 0, step: 3 }, { time: 40, ..., lagLsn: 0, lagMs: 0 }]
 * ```
 */
export function followerLag(trace: Trace, options: FollowerLagOptions = {}): LagPoint[] {
  return lagSeries(trace, options, false);
}

/**
 * The series, optionally also evaluated just before every event: since lag
 * only changes at events and `lagMs` grows in between, that catches every maximum.
 */
function lagSeries(trace: Trace, options: FollowerLagOptions, beforeEveryEvent: boolean): LagPoint[] {
  const only = options.nodes === undefined ? undefined : new Set(options.nodes);
  const nodes = allNodes(trace);
  const beliefs = new Map<NodeId, NodeBelief>();
  const appendedAt = new Map<NodeId, Map<number, number>>(); // node → lsn → time
  const lastAppended = new Map<NodeId, number>();
  const applied = new Map<NodeId, number>();
  let fallbackLeader = options.leader;
  let leader: NodeId | undefined = options.leader;
  const points: LagPoint[] = [];
  const down = new Set<NodeId>();
  const sampleMs = options.sampleMs;
  let nextSample = sampleMs === undefined || !(sampleMs > 0) ? Number.POSITIVE_INFINITY : 0;
  let lastStep = -1;

  const lagOf = (node: NodeId, time: number, step: number): LagPoint | undefined => {
    if (leader === undefined || down.has(leader) || node === leader || (only !== undefined && !only.has(node)))
      return undefined;
    const head = lastAppended.get(leader) ?? 0;
    const done = applied.get(node) ?? 0;
    const lagLsn = Math.max(0, head - done);
    let lagMs = 0;
    if (lagLsn > 0) {
      const times = appendedAt.get(leader);
      // The oldest entry the follower is missing; if the leader's append of it is
      // not in the trace (it got it before becoming leader unseen), use the next known one.
      let oldest: number | undefined;
      for (let lsn = done + 1; lsn <= head && oldest === undefined; lsn++) oldest = times?.get(lsn);
      lagMs = oldest === undefined ? 0 : time - oldest;
    }
    return { step, time, node, lagLsn, lagMs };
  };
  const emit = (node: NodeId, time: number, step: number): void => {
    const p = lagOf(node, time, step);
    if (p !== undefined) points.push(p);
  };
  const emitAll = (time: number, step: number): void => {
    for (const n of nodes) emit(n, time, step);
  };

  for (const e of trace.events) {
    // Samples between events see the state left by the previous event.
    for (; nextSample <= e.time; nextSample += sampleMs ?? Number.POSITIVE_INFINITY) emitAll(nextSample, lastStep);
    if (beforeEveryEvent && lastStep >= 0) emitAll(e.time, lastStep);
    lastStep = e.step;
    if (e.type === 'crash') down.add(e.node);
    if (e.type === 'restart') down.delete(e.node);
    if (updateBeliefs(beliefs, e)) {
      if (options.leader !== undefined) continue; // a named leader overrides the trace's beliefs
      const leaders = leadersIn(beliefs);
      const top = leaders.reduce<{ node: NodeId; epoch: number } | undefined>(
        (best, l) => (best === undefined || l.epoch >= best.epoch ? l : best),
        undefined,
      );
      const next = top?.node ?? fallbackLeader;
      if (next !== leader) {
        leader = next;
        emitAll(e.time, e.step);
      }
      continue;
    }
    if (e.type === 'append') {
      if (fallbackLeader === undefined) {
        fallbackLeader = e.node;
        leader ??= e.node;
      }
      const times = appendedAt.get(e.node) ?? new Map<number, number>();
      times.set(e.lsn, e.time);
      appendedAt.set(e.node, times);
      lastAppended.set(e.node, e.lsn);
      if (e.node === leader) emitAll(e.time, e.step);
    } else if (e.type === 'apply') {
      applied.set(e.node, e.lsn);
      emit(e.node, e.time, e.step);
    } else if (e.type === 'snapshot') {
      applied.set(e.node, e.lsn);
      emit(e.node, e.time, e.step);
    }
  }
  return points;
}

/** Per follower, the largest lag seen during the run. */
export function maxFollowerLag(
  trace: Trace,
  options: FollowerLagOptions = {},
): Record<NodeId, { lagLsn: number; lagMs: number }> {
  const out: Record<NodeId, { lagLsn: number; lagMs: number }> = {};
  for (const p of lagSeries(trace, options, true)) {
    const cur = out[p.node] ?? { lagLsn: 0, lagMs: 0 };
    out[p.node] = { lagLsn: Math.max(cur.lagLsn, p.lagLsn), lagMs: Math.max(cur.lagMs, p.lagMs) };
  }
  return out;
}
