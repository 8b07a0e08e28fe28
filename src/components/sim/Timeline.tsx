/**
 * Timeline: a compact space-time strip of a whole trace (one thin lane per
 * node, message arrows, client ops, crash/restart marks, checker violations).
 *
 * Reusable anywhere a trace is at hand (notebook cell output, exercise
 * results). Light on purpose: it pulls in no engine code and no CSS file,
 * only the trace contract and pure geometry, and colours itself with the
 * design tokens so light and dark themes both work.
 *
 *   <Timeline trace={trace} violations={[check.staleRead(trace)]} />
 *
 * Violation markers are focusable and carry a full description (read by
 * screen readers, shown as a tooltip on hover). With `onSeek`, clicking the
 * strip reports the trace position (events applied) at that time.
 */
import { useMemo } from 'preact/hooks';
import type { CheckResult, Trace, Violation } from '../../engine/trace/events.ts';
import { indexTrace } from './model/trace-index.ts';
import { violationMarkers } from './model/violations.ts';
import { spaceTime } from './views/spacetime.ts';
import { formatMs } from './model/format.ts';

export interface TimelineProps {
  readonly trace: Trace;
  /** Checker results or bare violations to mark on the strip. */
  readonly violations?: readonly (Violation | CheckResult)[];
  /** Draw a playhead after this many events (a trace position, 0..events.length). */
  readonly cursor?: number;
  /** Called with the trace position under a click. Makes the strip clickable. */
  readonly onSeek?: (cursor: number) => void;
  /** Called when a violation marker is activated (click, Enter or Space). */
  readonly onViolation?: (step: number) => void;
  /** Width of the drawing in SVG units (it scales to its container). Default 640. */
  readonly width?: number;
  /** Distance between lanes. Default 14. */
  readonly laneGap?: number;
  /** Message kinds to leave out, e.g. `['heartbeat']`. */
  readonly hideKinds?: readonly string[];
  /** Accessible name. Default: a sentence built from the trace. */
  readonly label?: string;
  readonly class?: string;
}

const STROKE: Record<string, string> = {
  deliver: 'var(--accent)',
  drop: 'var(--bad)',
  open: 'var(--muted)',
};
const OP_COLOR: Record<string, string> = {
  ack: 'var(--ok)',
  fail: 'var(--bad)',
  info: 'var(--warn)',
  open: 'var(--muted)',
};

export function Timeline(props: TimelineProps) {
  const { trace, width = 640, laneGap = 14 } = props;
  const index = useMemo(() => indexTrace(trace), [trace]);
  const markers = useMemo(() => violationMarkers(trace, props.violations ?? []), [trace, props.violations]);
  const model = useMemo(
    () =>
      spaceTime(
        index,
        { width, laneGap, top: 10, bottom: 10, left: 44, right: 8 },
        { markers, maxArrows: 400, ...(props.hideKinds ? { hideKinds: props.hideKinds } : {}) },
      ),
    [index, markers, width, laneGap, props.hideKinds],
  );
  // The drawing only changes with the trace: memoised, so moving the playhead re-renders one line.
  const drawing = useMemo(
    () => (
      <g aria-hidden="true">
        {model.arrows.map((a, i) => (
          <line
            key={i}
            x1={a.x1}
            y1={a.y1}
            x2={a.x2}
            y2={a.y2}
            style={{ stroke: STROKE[a.fate], strokeWidth: 0.7, opacity: 0.7 }}
          />
        ))}
        {model.ops.map((o) => (
          <line
            key={o.op}
            x1={o.x1}
            x2={o.x2}
            y1={o.y - 3}
            y2={o.y - 3}
            style={{ stroke: OP_COLOR[o.outcome], strokeWidth: 2 }}
          />
        ))}
        {model.marks.map((m, i) =>
          m.y === null ? (
            <line
              key={`m${i}`}
              x1={m.x}
              x2={m.x}
              y1={4}
              y2={model.height - 4}
              style={{ stroke: 'var(--warn)', strokeDasharray: '2 2' }}
            />
          ) : (
            <text
              key={`m${i}`}
              x={m.x}
              y={m.y + 3}
              text-anchor="middle"
              style={{ fill: m.kind === 'crash' ? 'var(--bad)' : 'var(--ok)', fontWeight: 700 }}
            >
              {m.kind === 'crash' ? '✕' : m.kind === 'restart' ? '↻' : m.kind === 'elect' ? '★' : '•'}
            </text>
          ),
        )}
      </g>
    ),
    [model],
  );
  const cursor = props.cursor;
  const playT =
    cursor === undefined
      ? null
      : cursor <= 0
        ? 0
        : (trace.events[Math.min(cursor, trace.events.length) - 1]?.time ?? 0);
  const label =
    props.label ??
    `Timeline of ${trace.label}: ${trace.events.length} events over ${formatMs(index.endTime)} on ${index.nodes.length} nodes, seed ${trace.seed}` +
      (markers.length > 0 ? `, ${markers.length} violation${markers.length === 1 ? '' : 's'}` : '');

  const onClick = props.onSeek
    ? (ev: MouseEvent) => {
        const svg = ev.currentTarget as SVGSVGElement;
        const r = svg.getBoundingClientRect();
        if (r.width <= 0) return;
        const sx = ((ev.clientX - r.left) / r.width) * model.width;
        const [d0, d1] = model.x.domain;
        const [r0, r1] = model.x.range;
        const t = d0 + ((sx - r0) / (r1 - r0)) * (d1 - d0);
        let lo = 0;
        let hi = trace.events.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((trace.events[mid]?.time ?? 0) <= t) lo = mid + 1;
          else hi = mid;
        }
        props.onSeek?.(lo);
      }
    : undefined;

  const activate = (step: number) => (ev: Event) => {
    if (ev instanceof KeyboardEvent && ev.key !== 'Enter' && ev.key !== ' ') return;
    ev.preventDefault();
    ev.stopPropagation();
    props.onViolation?.(step);
  };

  return (
    <svg
      class={props.class}
      viewBox={`0 0 ${model.width} ${model.height}`}
      width="100%"
      role="group"
      aria-label={label}
      style={{ display: 'block', cursor: onClick ? 'pointer' : undefined, fontFamily: 'var(--mono)', fontSize: '9px' }}
      onClick={onClick}
    >
      {model.lanes.map((l) => (
        <g key={l.node}>
          <line x1={model.x.range[0]} x2={model.x.range[1]} y1={l.y} y2={l.y} style={{ stroke: 'var(--border)' }} />
          <text x={4} y={l.y + 3} style={{ fill: 'var(--muted)' }}>
            {l.node.length > 7 ? `${l.node.slice(0, 6)}…` : l.node}
          </text>
        </g>
      ))}
      {drawing}
      {playT !== null && (
        <line
          x1={model.x(playT)}
          x2={model.x(playT)}
          y1={0}
          y2={model.height}
          style={{ stroke: 'var(--fg)', strokeWidth: 1.5 }}
          aria-hidden="true"
        />
      )}
      {model.markers.map((p) => (
        <g
          key={p.marker.id}
          tabindex={0}
          role="img"
          aria-label={p.marker.description}
          style={{ cursor: 'pointer' }}
          onClick={activate(p.marker.step)}
          onKeyDown={activate(p.marker.step)}
        >
          <title>{p.marker.description}</title>
          <circle cx={p.x} cy={p.y} r={5} style={{ fill: 'var(--bad)', stroke: 'var(--bg)', strokeWidth: 1.5 }} />
          <text
            x={p.x}
            y={p.y + 3}
            text-anchor="middle"
            style={{ fill: 'var(--bg)', fontWeight: 700, fontSize: '8px' }}
            aria-hidden="true"
          >
            !
          </text>
        </g>
      ))}
    </svg>
  );
}

export default Timeline;
