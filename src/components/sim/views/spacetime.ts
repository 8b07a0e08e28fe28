/**
 * Geometry of a space-time (Lamport) diagram: one horizontal lane per node,
 * virtual time to the right, message arrows between lanes, client operations
 * as bars on the lane of the node they went to, and crash / restart /
 * election marks. Pure: the SVG components only draw what this returns, so
 * the full view and the compact `Timeline` strip share it.
 */
import type { NodeId, TraceEvent } from '../../../engine/trace/events.ts';
import type { TraceIndex } from '../model/trace-index.ts';
import type { ViolationMarker } from '../model/violations.ts';
import { linearScale, type Scale } from './scale.ts';

export interface SpaceTimeGeometry {
  readonly width: number;
  /** Distance between lanes. */
  readonly laneGap: number;
  readonly top: number;
  readonly bottom: number;
  /** Room for lane labels on the left. */
  readonly left: number;
  readonly right: number;
}

export interface Lane {
  readonly node: NodeId;
  readonly y: number;
}

export interface Arrow {
  readonly msg: string;
  readonly kind: string;
  readonly step: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** `drop`: the arrow stops part-way; `open`: still in flight when the trace ends. */
  readonly fate: 'deliver' | 'drop' | 'open';
}

export type MarkKind = 'crash' | 'restart' | 'elect' | 'partition' | 'heal' | 'fault';

export interface Mark {
  readonly kind: MarkKind;
  readonly step: number;
  readonly x: number;
  /** Lane y, or `null` for network-wide marks drawn across all lanes. */
  readonly y: number | null;
  readonly label: string;
}

export interface OpBar {
  readonly op: string;
  readonly kind: string;
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
  readonly outcome: 'ack' | 'fail' | 'info' | 'open';
  readonly step: number;
}

export interface PlacedMarker {
  readonly marker: ViolationMarker;
  readonly x: number;
  readonly y: number;
  readonly related: readonly { readonly x: number; readonly y: number; readonly step: number }[];
}

export interface SpaceTimeModel {
  readonly width: number;
  readonly height: number;
  readonly x: Scale;
  readonly t0: number;
  readonly t1: number;
  readonly lanes: readonly Lane[];
  readonly arrows: readonly Arrow[];
  readonly marks: readonly Mark[];
  readonly ops: readonly OpBar[];
  readonly markers: readonly PlacedMarker[];
  /** Arrows left out to respect `maxArrows` (the view says so). */
  readonly omittedArrows: number;
}

export interface SpaceTimeOptions {
  /** Visible virtual-time window; default the whole trace. */
  readonly t0?: number;
  readonly t1?: number;
  /** Cap on drawn arrows (heartbeats are dropped first). Default 600. */
  readonly maxArrows?: number;
  /** Message kinds not to draw at all. */
  readonly hideKinds?: readonly string[];
  readonly markers?: readonly ViolationMarker[];
  /** Draw client operations. Default true. */
  readonly ops?: boolean;
}

const QUIET_KINDS = new Set(['heartbeat', 'ping', 'pong', 'heartbeat-ack']);

export function laneY(geometry: SpaceTimeGeometry, i: number): number {
  return geometry.top + i * geometry.laneGap;
}

export function spaceTime(index: TraceIndex, g: SpaceTimeGeometry, o: SpaceTimeOptions = {}): SpaceTimeModel {
  const t0 = o.t0 ?? 0;
  const t1 = Math.max(o.t1 ?? index.endTime, t0 + 1);
  const x = linearScale([t0, t1], [g.left, g.width - g.right]);
  const lanes: Lane[] = index.nodes.map((node, i) => ({ node, y: laneY(g, i) }));
  const yOf = new Map(lanes.map((l) => [l.node, l.y]));
  const height = g.top + Math.max(0, lanes.length - 1) * g.laneGap + g.bottom;
  const inWin = (a: number, b: number): boolean => b >= t0 && a <= t1;
  const hide = new Set(o.hideKinds ?? []);

  const loud: Arrow[] = [];
  const quiet: Arrow[] = [];
  for (const rec of index.messages.values()) {
    const s = rec.send;
    if (hide.has(s.kind)) continue;
    const y1 = yOf.get(s.from);
    const y2 = yOf.get(s.to);
    if (y1 === undefined || y2 === undefined) continue;
    const ends = rec.ends.length > 0 ? rec.ends : [null];
    for (const end of ends) {
      const endTime = end ? end.time : index.endTime;
      if (!inWin(s.time, endTime)) continue;
      const fate: Arrow['fate'] = end ? end.type : 'open';
      // A dropped message's arrow stops half-way between the lanes.
      const frac = fate === 'drop' ? 0.5 : 1;
      const a: Arrow = {
        msg: s.msg,
        kind: s.kind,
        step: s.step,
        x1: x(s.time),
        y1,
        x2: x(endTime),
        y2: y1 + (y2 - y1) * frac,
        fate,
      };
      (QUIET_KINDS.has(s.kind) ? quiet : loud).push(a);
    }
  }
  const maxArrows = o.maxArrows ?? 600;
  // Over the cap: drop quiet kinds first, then keep an even sample over time
  // (not the first N, which would make the end of the run look silent).
  let arrows =
    loud.length >= maxArrows ? sample(loud, maxArrows) : loud.concat(quiet.slice(0, maxArrows - loud.length));
  const omittedArrows = loud.length + quiet.length - arrows.length;
  if (arrows.length > maxArrows) arrows = arrows.slice(0, maxArrows);

  const marks: Mark[] = [];
  const ops: OpBar[] = [];
  const events = index.trace.events;
  for (let i = firstAtOrAfter(events, t0); i < events.length; i++) {
    const e = events[i] as TraceEvent;
    if (e.time > t1) break;
    const m = markOf(e);
    if (m)
      marks.push({
        ...m,
        step: e.step,
        x: x(e.time),
        y: 'node' in e && e.node !== undefined ? (yOf.get(e.node) ?? null) : null,
      });
  }
  if (o.ops ?? true) {
    for (const r of index.ops.values()) {
      const inv = r.invoke;
      const end = r.done ? r.done.time : index.endTime;
      if (!inWin(inv.time, end)) continue;
      const y = yOf.get(inv.node);
      if (y === undefined) continue;
      ops.push({
        op: inv.op,
        kind: inv.kind,
        x1: x(inv.time),
        x2: Math.max(x(end), x(inv.time) + 2),
        y,
        outcome: r.done ? r.done.type : 'open',
        step: inv.step,
      });
    }
  }
  const markers: PlacedMarker[] = [];
  for (const m of o.markers ?? []) {
    if (m.time < t0 || m.time > t1) continue;
    const y = (m.node !== null ? yOf.get(m.node) : undefined) ?? g.top - Math.min(10, g.laneGap / 2);
    markers.push({
      marker: m,
      x: x(m.time) + m.stackIndex * 9,
      y,
      related: m.related.map((r) => ({
        x: x(r.time),
        y: (r.node !== null ? yOf.get(r.node) : undefined) ?? g.top,
        step: r.step,
      })),
    });
  }
  return { width: g.width, height, x, t0, t1, lanes, arrows, marks, ops, markers, omittedArrows };
}

/** Index of the first event with time >= t (events are in time order). */
function firstAtOrAfter(events: readonly TraceEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TraceEvent).time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `n` items spread evenly over `xs` (in order). */
export function sample<T>(xs: readonly T[], n: number): T[] {
  if (n <= 0) return [];
  if (xs.length <= n) return [...xs];
  const out: T[] = [];
  const stride = xs.length / n;
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(i * stride)] as T);
  return out;
}

function markOf(e: TraceEvent): { kind: MarkKind; label: string } | null {
  switch (e.type) {
    case 'crash':
      return { kind: 'crash', label: `${e.node} crashes` };
    case 'restart':
      return { kind: 'restart', label: `${e.node} restarts` };
    case 'elect':
      return { kind: 'elect', label: `${e.node} elected, epoch ${e.epoch}` };
    case 'partition':
      return { kind: 'partition', label: 'partition' };
    case 'heal':
      return { kind: 'heal', label: 'heal' };
    case 'link':
      return { kind: 'fault', label: `link ${e.from}→${e.to} ×${e.factor}` };
    case 'clock':
      return { kind: 'fault', label: `${e.node} clock ${e.skew >= 0 ? '+' : ''}${e.skew} ms` };
    default:
      return null;
  }
}

/**
 * A time window of width `span` that follows the playhead: the playhead sits
 * at 70 % of the window, and the window never starts before 0 or ends after the trace.
 */
export function followWindow(time: number, span: number, endTime: number): { t0: number; t1: number } {
  if (!Number.isFinite(span) || span >= endTime)
    return { t0: 0, t1: Number.isFinite(span) ? Math.max(endTime, span) : Math.max(endTime, 1) };
  let t0 = time - span * 0.7;
  t0 = Math.max(0, Math.min(t0, endTime - span));
  return { t0, t1: t0 + span };
}
