/**
 * The space-time section: the diagram around the cursor (zoom in / out by a
 * span of steps, heartbeats hidden or shown), its legend, and the whole-run
 * strip below it for seeking. Zoom and heartbeat filter are this panel's own
 * display settings; the cursor comes from the run hook.
 */
import { useState } from 'preact/hooks';
import type { Trace, CheckResult } from '../../../engine/trace/events.ts';
import type { TraceIndex } from '../model/trace-index.ts';
import { visibleMarkers, type ViolationMarker } from '../model/violations.ts';
import { formatMs } from '../model/narrate.ts';
import { spaceTime, followWindow } from '../views/spacetime.ts';
import { SpaceTimeView } from '../views/SpaceTimeView.tsx';
import { Timeline } from '../Timeline.tsx';

/** Message kinds left out of the diagrams when "Hide heartbeats" is on (a constant: memoised views key on it). */
export const QUIET = ['heartbeat', 'heartbeat-ack'] as const;

/** Zoom levels: how many steps' worth of time the diagram spans. */
const SPAN_STEPS = [20, 50, 100, 250, 500, 1000, 2500, 5000, Infinity];

export interface SpaceTimePanelProps {
  readonly trace: Trace;
  readonly index: TraceIndex;
  readonly checks: readonly CheckResult[];
  readonly markers: readonly ViolationMarker[];
  readonly cursor: number;
  readonly time: number;
  readonly width: number;
  readonly idPrefix: string;
  readonly onSeek: (cursor: number) => void;
}

export function SpaceTimePanel({
  trace,
  index,
  checks,
  markers,
  cursor,
  time,
  width,
  idPrefix,
  onSeek,
}: SpaceTimePanelProps) {
  const [spanIdx, setSpanIdx] = useState(2);
  const [hideHeartbeats, setHideHeartbeats] = useState(true);
  const span = SPAN_STEPS[spanIdx] ?? Infinity;
  const win = followWindow(time, span, index.endTime);
  const shown = visibleMarkers(markers, cursor);
  const model = spaceTime(
    index,
    { width, laneGap: 34, top: 22, bottom: 16, left: 52, right: 10 },
    { t0: win.t0, t1: win.t1, markers: shown, maxArrows: 500, ...(hideHeartbeats ? { hideKinds: QUIET } : {}) },
  );
  return (
    <section class="sim-section" aria-labelledby={`${idPrefix}-st`}>
      <div class="sim-section-head">
        <h3 id={`${idPrefix}-st`}>Space-time diagram</h3>
        <div class="sim-zoom" role="group" aria-label="Zoom">
          <button type="button" onClick={() => setSpanIdx((i) => Math.max(0, i - 1))} disabled={spanIdx === 0}>
            Zoom in
          </button>
          <button
            type="button"
            onClick={() => setSpanIdx((i) => Math.min(SPAN_STEPS.length - 1, i + 1))}
            disabled={spanIdx === SPAN_STEPS.length - 1}
          >
            Zoom out
          </button>
          <label>
            <input
              type="checkbox"
              checked={hideHeartbeats}
              onChange={(e) => setHideHeartbeats((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Hide heartbeats
          </label>
        </div>
      </div>
      <SpaceTimeView
        model={model}
        time={time}
        idPrefix={idPrefix}
        onMarker={(step) => onSeek(step + 1)}
        label={`Space-time diagram from t=${formatMs(win.t0)} to t=${formatMs(win.t1)}: one lane per node, arrows are messages. ${shown.length} violation${shown.length === 1 ? '' : 's'} so far; each is a focusable marker.`}
      />
      <p class="sim-legend-line" aria-hidden="true">
        <span class="sim-key sim-key--msg">→ message</span> <span class="sim-key sim-key--drop">⇢ lost</span>{' '}
        <span class="sim-key sim-key--ack">▬ op acknowledged</span> <span class="sim-key sim-key--fail">▬ failed</span>{' '}
        <span class="sim-key sim-key--info">▬ unknown</span> ✕ crash ↻ restart ★ elected{' '}
        <span class="sim-key sim-key--bad">! violation</span>
      </p>
      <h4 class="sim-subhead">Whole run</h4>
      <Timeline
        trace={trace}
        violations={checks}
        cursor={cursor}
        onSeek={onSeek}
        onViolation={(s) => onSeek(s + 1)}
        hideKinds={QUIET}
        width={width}
        label={`Whole run overview, ${trace.events.length} events; click to seek.`}
      />
    </section>
  );
}
