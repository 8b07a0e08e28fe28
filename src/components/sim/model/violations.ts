/**
 * Checker violations -> markers on the space-time diagram. A marker sits on
 * the lane of the node where the offending event happened, at that event's
 * time; related steps are drawn as secondary rings joined to it. Markers are
 * focusable in the view, so each carries the sentence a screen reader reads.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../../../engine/trace/events.ts';
import { nodeOf } from './trace-index.ts';
import { formatMs } from './format.ts';

export interface MarkerPoint {
  readonly step: number;
  readonly time: number;
  /** Lane node, or `null` for network-wide events and out-of-range steps. */
  readonly node: NodeId | null;
}

export interface ViolationMarker extends MarkerPoint {
  /** Stable id for DOM ids: `v-<index>`. */
  readonly id: string;
  readonly property: string;
  readonly message: string;
  readonly seed: number;
  readonly op: string | undefined;
  readonly related: readonly MarkerPoint[];
  /** When several violations share a step, 0, 1, 2 ... so they can be offset. */
  readonly stackIndex: number;
  /** Full accessible description. */
  readonly description: string;
}

function pointAt(trace: Trace, step: number): MarkerPoint {
  const e = Number.isInteger(step) ? trace.events[step] : undefined;
  if (!e) {
    const last = trace.events[trace.events.length - 1];
    return { step, time: last ? last.time : 0, node: null };
  }
  return { step, time: e.time, node: nodeOf(e) ?? null };
}

export function violationMarkers(trace: Trace, input: readonly (Violation | CheckResult)[]): ViolationMarker[] {
  const violations: Violation[] = [];
  for (const x of input) {
    if ('violations' in x) violations.push(...x.violations);
    else violations.push(x);
  }
  const sorted = violations
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.step - b.v.step || a.i - b.i)
    .map((x) => x.v);
  const perStep = new Map<number, number>();
  return sorted.map((v, i) => {
    const p = pointAt(trace, v.step);
    const stackIndex = perStep.get(v.step) ?? 0;
    perStep.set(v.step, stackIndex + 1);
    const related = (v.related ?? []).filter((s) => s !== v.step).map((s) => pointAt(trace, s));
    const where = p.node ? ` on ${p.node}` : '';
    // Checker messages may start with "[property] seed N, step M: " — the marker says that already.
    const message = v.message.replace(/^\[[^\]]*\]\s*seed \d+, step \d+:\s*/, '');
    const rel = related.length > 0 ? ` Related steps: ${related.map((r) => r.step).join(', ')}.` : '';
    return {
      ...p,
      id: `v-${i}`,
      property: v.property,
      message,
      seed: v.seed,
      op: v.op,
      related,
      stackIndex,
      description: `Violation of ${v.property} at step ${v.step}, t=${formatMs(p.time)}${where}${v.op ? `, operation ${v.op}` : ''}: ${message}${rel} Seed ${v.seed}.`,
    };
  });
}

/** Markers whose step the cursor has reached: a violation "shows" once its event has happened. */
export function visibleMarkers(markers: readonly ViolationMarker[], cursor: number): ViolationMarker[] {
  return markers.filter((m) => m.step < cursor);
}
