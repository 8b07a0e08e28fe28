/**
 * Series the charts draw, derived from the trace alone: replication lag per
 * node over time, and commit latency of client writes.
 */
import type { NodeId, Trace, TraceEvent } from '../../../engine/trace/events.ts';
import { emptyFold, freezeFold, stepFold, type BoardState } from '../../../engine/trace/replay.ts';

export interface Point {
  readonly t: number;
  readonly v: number;
}

export interface LagSeries {
  readonly node: NodeId;
  /** Step function: the lag is `v` from `t` until the next point. */
  readonly points: Point[];
}

/** Events that can change a lag. */
const LAG_EVENTS = new Set<TraceEvent['type']>(['append', 'apply', 'snapshot', 'crash', 'restart', 'role', 'elect']);

/** Leader or single node, or was one before it went down. */
function isLeaderish(b: BoardState, id: NodeId): boolean {
  const n = b.nodes[id];
  return !!n && (n.lastRole === 'leader' || n.lastRole === 'single');
}

/**
 * Lag in log entries (leader's LSN minus the node's applied LSN) for every
 * node that is not a leader at some point, sampled whenever it changes.
 */
export function lagSeries(trace: Trace): LagSeries[] {
  const f = emptyFold(trace);
  const series = new Map<NodeId, Point[]>();
  const last = new Map<NodeId, number>();
  const endTime = trace.events.length > 0 ? (trace.events[trace.events.length - 1] as TraceEvent).time : 0;
  for (const e of trace.events) {
    stepFold(f, e);
    if (!LAG_EVENTS.has(e.type)) continue;
    const b = freezeFold(f);
    for (const id of b.order) {
      if (isLeaderish(b, id)) continue;
      const v = b.nodes[id]?.lag ?? 0;
      if (last.get(id) === v) continue;
      last.set(id, v);
      let pts = series.get(id);
      if (!pts) {
        pts = e.time > 0 ? [{ t: 0, v: 0 }] : [];
        series.set(id, pts);
      }
      const prev = pts[pts.length - 1];
      if (prev && prev.t === e.time) pts[pts.length - 1] = { t: e.time, v };
      else pts.push({ t: e.time, v });
    }
  }
  const out: LagSeries[] = [];
  for (const id of f.order) {
    const pts = series.get(id);
    if (!pts || pts.length === 0) continue;
    const tail = pts[pts.length - 1] as Point;
    if (tail.t < endTime) pts.push({ t: endTime, v: tail.v });
    out.push({ node: id, points: pts });
  }
  return out;
}

export interface LatencySample {
  readonly op: string;
  readonly ms: number;
  readonly step: number;
}

const WRITE_KINDS = new Set(['write', 'increment', 'add', 'remove', 'delete']);

/** Time from `invoke` to `ack` of every acknowledged write-like operation. */
export function commitLatencies(trace: Trace): LatencySample[] {
  const started = new Map<string, number>();
  const out: LatencySample[] = [];
  for (const e of trace.events) {
    if (e.type === 'invoke' && WRITE_KINDS.has(e.kind)) started.set(e.op, e.time);
    else if (e.type === 'ack') {
      const t0 = started.get(e.op);
      if (t0 !== undefined) {
        started.delete(e.op);
        out.push({ op: e.op, ms: e.time - t0, step: e.step });
      }
    }
  }
  return out;
}

/** The p-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.max(0, Math.min(100, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}
