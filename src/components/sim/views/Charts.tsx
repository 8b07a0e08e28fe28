/**
 * Two small hand-written SVG charts: replication lag over time per follower
 * (with the playhead) and the commit-latency histogram (with p50 / p99).
 * Series are told apart by dash pattern as well as colour.
 */
import { useMemo } from 'preact/hooks';
import type { LagSeries, LatencySample } from '../model/metrics.ts';
import { countInto, histogram, linearScale, niceTicks, stepPath, tickLabel } from './scale.ts';

const W = 340;
const H = 170;
const M = { top: 12, right: 10, bottom: 30, left: 36 };

const SERIES = ['sim-series-0', 'sim-series-1', 'sim-series-2', 'sim-series-3', 'sim-series-4'];

export function LagChart({ series, time, endTime }: { series: readonly LagSeries[]; time: number; endTime: number }) {
  // Everything but the playhead depends only on the run: memoised so playback redraws one line.
  const { x, body, peak } = useMemo(() => {
    let maxV = 1;
    for (const s of series) for (const p of s.points) maxV = Math.max(maxV, p.v);
    const yt = niceTicks(0, maxV, 4);
    const xt = niceTicks(0, Math.max(1, endTime), 4);
    const x = linearScale([0, Math.max(1, endTime)], [M.left, W - M.right]);
    const y = linearScale([0, yt.max], [H - M.bottom, M.top]);
    const peak = series.map((s) => `${s.node} peaks at ${s.points.reduce((m, p) => Math.max(m, p.v), 0)}`).join(', ');
    const body = (
      <g>
        <Axes xt={xt.ticks.filter((t) => t <= endTime)} yt={yt.ticks} x={x} y={y} xLabel="virtual time (ms)" />
        {series.map((s, i) => (
          <path key={s.node} class={`sim-line ${SERIES[i % SERIES.length]}`} d={stepPath(s.points, x, y)} />
        ))}
      </g>
    );
    return { x, body, peak };
  }, [series, endTime]);
  return (
    <figure class="sim-chart">
      <figcaption>Replication lag (entries behind the leader)</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={series.length > 0 ? `Lag over time: ${peak}.` : NO_LAG}
      >
        {body}
        <line class="sim-chart-playhead" x1={x(time)} x2={x(time)} y1={M.top} y2={H - M.bottom} />
      </svg>
      {series.length === 0 && <p class="sim-chart-note">{NO_LAG}</p>}
      <ul class="sim-legend">
        {series.map((s, i) => (
          <li key={s.node}>
            <svg width="22" height="8" aria-hidden="true">
              <line class={`sim-line ${SERIES[i % SERIES.length]}`} x1="0" x2="22" y1="4" y2="4" />
            </svg>
            {s.node}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Why a run has no lag lines: lag is measured behind one current leader (engine/metrics/lag.ts). */
const NO_LAG = 'No lag to draw: lag is measured behind a single current leader, and this run has none.';

export function LatencyHistogram({ samples, upTo }: { samples: readonly LatencySample[]; upTo: number }) {
  // Bins and axes come from the whole run so they stay put while it plays;
  // the solid bars are the writes acknowledged so far, the pale ones the rest of the run.
  const all = samples.map((s) => s.ms);
  const reached = samples.filter((s) => s.step < upTo);
  const values = reached.map((s) => s.ms);
  const bins = histogram(all, 10);
  const soFar = countInto(bins, values);
  const maxC = Math.max(1, ...bins.map((b) => b.count));
  const lo = bins[0]?.x0 ?? 0;
  const hi = bins[bins.length - 1]?.x1 ?? 1;
  const x = linearScale([lo, hi], [M.left, W - M.right]);
  const yt = niceTicks(0, maxC, 4);
  const y = linearScale([0, yt.max], [H - M.bottom, M.top]);
  // The engine's percentiles of the writes acknowledged so far, computed with the samples (model/metrics.ts).
  const d = reached[reached.length - 1]?.soFar ?? { p50: 0, p99: 0, max: 0 };
  const p50 = d.p50;
  const p99 = d.p99;
  const summary =
    values.length === 0
      ? `No acknowledged writes yet (${all.length} in the whole run).`
      : `${values.length} of ${all.length} acknowledged writes so far; median ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(d.max)} ms.`;
  return (
    <figure class="sim-chart">
      <figcaption>Commit latency of acknowledged writes</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary}>
        <Axes
          xt={bins.length > 0 ? [lo, ...bins.map((b) => b.x1)].filter((_, i, a) => a.length <= 6 || i % 2 === 0) : []}
          yt={yt.ticks}
          x={x}
          y={y}
          xLabel="ms from invoke to ack"
        />
        {bins.map((b) => (
          <rect
            key={`g${b.x0}`}
            class="sim-bar sim-bar--ghost"
            x={x(b.x0) + 1}
            width={Math.max(1, x(b.x1) - x(b.x0) - 2)}
            y={y(b.count)}
            height={H - M.bottom - y(b.count)}
          />
        ))}
        {soFar.map((b) => (
          <rect
            key={b.x0}
            class="sim-bar"
            x={x(b.x0) + 1}
            width={Math.max(1, x(b.x1) - x(b.x0) - 2)}
            y={y(b.count)}
            height={H - M.bottom - y(b.count)}
          />
        ))}
        {values.length > 0 && (
          <g class="sim-chart-pct">
            <line x1={x(p50)} x2={x(p50)} y1={M.top} y2={H - M.bottom} />
            <text x={x(p50) + 3} y={M.top + 8}>
              p50
            </text>
            <line class="sim-chart-p99" x1={x(p99)} x2={x(p99)} y1={M.top} y2={H - M.bottom} />
            <text x={x(p99) + 3} y={M.top + 20}>
              p99
            </text>
          </g>
        )}
      </svg>
      <p class="sim-chart-summary">{summary}</p>
    </figure>
  );
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '—';
}

function Axes({
  xt,
  yt,
  x,
  y,
  xLabel,
}: {
  xt: number[];
  yt: number[];
  x: (v: number) => number;
  y: (v: number) => number;
  xLabel: string;
}) {
  return (
    <g class="sim-axes" aria-hidden="true">
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
      {yt.map((t) => (
        <g key={`y${t}`}>
          <line class="sim-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text x={M.left - 4} y={y(t) + 3} text-anchor="end">
            {tickLabel(t)}
          </text>
        </g>
      ))}
      {xt.map((t) => (
        <text key={`x${t}`} x={x(t)} y={H - M.bottom + 12} text-anchor="middle">
          {tickLabel(t)}
        </text>
      ))}
      <text x={(M.left + W - M.right) / 2} y={H - 4} text-anchor="middle">
        {xLabel}
      </text>
    </g>
  );
}
