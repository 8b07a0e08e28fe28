/**
 * Replication lag per follower over time (chapter 5's lag charts).
 *
 * For each follower, at every moment its lag can change:
 * - `lagLsn` = entries of the current leader's log the follower has not
 *   applied (the one definition, `lag.ts`: the leader is the up node leading
 *   in the highest epoch; the board's `lag` is the same number at every step);
 * - `lagMs`  = how long ago the oldest entry the follower has not applied was
 *   appended on the leader (0 when caught up).
 * A point is emitted for every follower when the leader's log changes (or the
 * leader changes) and for one follower when its applied position changes.
 * Between those changes `lagMs` keeps growing, so charts that want a smooth
 * line can ask for extra samples every `sampleMs`. While no leader is up
 * there is nothing to lag behind and no points are emitted; multi-leader and
 * leaderless runs have no single leader and no points at all.
 *
 * Positions and roles are read from the board's fold (`trace/replay.ts`), so
 * appends, applies, snapshots, truncations and restarts move this lag exactly
 * as they move the board's. `options.leader` names the leader instead of the
 * trace's roles (for hand-made traces without `role` or `elect` events).
 */
import { allNodes } from '../checkers/support/nodes.ts';
import type { NodeId, Trace } from '../trace/events.ts';
import { emptyFold, stepFold } from '../trace/replay.ts';
import { currentLeader, hasSingleLeader, lagBehind } from './lag.ts';

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
  if (!hasSingleLeader(trace.shape)) return [];
  const only = options.nodes === undefined ? undefined : new Set(options.nodes);
  const nodes = allNodes(trace);
  const fold = emptyFold(trace);
  const position = (id: NodeId) => fold.nodes.get(id);
  const appendedAt = new Map<NodeId, Map<number, number>>(); // node → lsn → time
  let leader: NodeId | null = options.leader ?? null;
  const points: LagPoint[] = [];
  const sampleMs = options.sampleMs;
  let nextSample = sampleMs === undefined || !(sampleMs > 0) ? Number.POSITIVE_INFINITY : 0;
  let lastStep = -1;

  const emit = (node: NodeId, time: number, step: number): void => {
    if (only !== undefined && !only.has(node)) return;
    const lagLsn = lagBehind(trace.shape, leader, node, position);
    if (lagLsn === null || leader === null) return;
    let lagMs = 0;
    if (lagLsn > 0) {
      const head = position(leader)?.lsn ?? 0;
      const times = appendedAt.get(leader);
      // The oldest entry the follower is missing; if the leader's append of it is
      // not in the trace (it got it before becoming leader unseen), use the next known one.
      let oldest: number | undefined;
      for (let lsn = head - lagLsn + 1; lsn <= head && oldest === undefined; lsn++) oldest = times?.get(lsn);
      lagMs = oldest === undefined ? 0 : time - oldest;
    }
    points.push({ step, time, node, lagLsn, lagMs });
  };
  const emitAll = (time: number, step: number): void => {
    for (const n of nodes) emit(n, time, step);
  };

  for (const e of trace.events) {
    // Samples between events see the state left by the previous event.
    for (; nextSample <= e.time; nextSample += sampleMs ?? Number.POSITIVE_INFINITY) emitAll(nextSample, lastStep);
    if (beforeEveryEvent && lastStep >= 0) emitAll(e.time, lastStep);
    lastStep = e.step;
    stepFold(fold, e);
    if (e.type === 'append') {
      const times = appendedAt.get(e.node) ?? new Map<number, number>();
      times.set(e.lsn, e.time);
      appendedAt.set(e.node, times);
    }
    const before = leader;
    if (options.leader === undefined && ROLE_EVENTS.has(e.type)) leader = currentLeader(fold.order, position);
    if (leader !== before) emitAll(e.time, e.step);
    else if (
      e.type === 'append' ||
      e.type === 'apply' ||
      e.type === 'snapshot' ||
      e.type === 'truncate' ||
      e.type === 'restart'
    ) {
      // The leader's log moved: everyone's lag may have. A follower's applied position moved: its own.
      // (A follower's append and the leader's own apply change no lag.)
      if (e.node === leader) {
        if (e.type !== 'apply') emitAll(e.time, e.step);
      } else if (e.type !== 'append') emit(e.node, e.time, e.step);
    }
  }
  return points;
}

/** Events after which the fold may have a different current leader. */
const ROLE_EVENTS: ReadonlySet<string> = new Set(['role', 'elect', 'crash', 'restart']);

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
