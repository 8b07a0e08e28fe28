/**
 * The charts' series, in the shape the charts draw, made from the engine's
 * metrics (src/engine/metrics): there is one definition of lag and one of a
 * percentile, the engine's, and the view only reshapes them.
 *
 * - `lagSeries` turns `metrics.followerLag` points (lag in entries behind the
 *   leader, per follower, emitted when it can change) into one step function
 *   per node from t=0 to the end of the run, keeping every value the engine
 *   reports (only repeats are dropped), so the chart's peaks are the engine's
 *   `maxFollowerLag`, and the boards' `lag` at every step (the engine's one
 *   definition, engine/metrics/lag.ts). A run without a single leader
 *   (multi-leader, leaderless) has no lag series.
 * - `commitLatencies` takes the engine's commit-latency samples
 *   (`metrics.commitLatencySamples`: each acknowledged write's invoke -> ack
 *   time and the step of its ack, in ack order) and adds to each the engine's
 *   percentiles of the samples up to it (`metrics.percentile` on the sorted
 *   prefix), so the histogram can show "so far" at the cursor. The pairing of
 *   invoke and ack is the engine's alone; `metrics.commitLatency` summarises
 *   the same samples (test/unit/sim/scale.test.ts checks the two agree on
 *   every scenario).
 *
 * This runs next to the engine, in the engine worker (engine/core.ts): the
 * view's main-thread code never imports the engine's metrics, which would
 * bring the whole engine into the chunk loaded when a learner presses Play.
 */
import { metrics } from '../../../engine/index.ts';
import type { NodeId, Trace, TraceEvent } from '../../../engine/trace/events.ts';
import type { LagSeries, LatencySample, Point } from '../../../runner/protocol.ts';

export type { LagSeries, LatencySample, LatencySoFar, Point } from '../../../runner/protocol.ts';

/** Lag in log entries behind the leader (the engine's `followerLag`), one step series per node, in the trace's node order. */
export function lagSeries(trace: Trace): LagSeries[] {
  const endTime = trace.events.length > 0 ? (trace.events[trace.events.length - 1] as TraceEvent).time : 0;
  const series = new Map<NodeId, Point[]>();
  for (const p of metrics.followerLag(trace)) {
    let pts = series.get(p.node);
    if (!pts) {
      pts = p.time > 0 ? [{ t: 0, v: 0 }] : [];
      series.set(p.node, pts);
    }
    // Every change the engine reports is kept, even several at one moment (a leader change
    // measures everyone against the new leader at once): the chart draws them as a vertical step.
    const prev = pts[pts.length - 1];
    if (!prev || prev.v !== p.lagLsn) pts.push({ t: p.time, v: p.lagLsn });
  }
  const order = [...trace.nodes, ...[...series.keys()].filter((n) => !trace.nodes.includes(n))];
  const out: LagSeries[] = [];
  for (const id of order) {
    const pts = series.get(id);
    if (!pts || pts.length === 0) continue;
    const tail = pts[pts.length - 1] as Point;
    if (tail.t < endTime) pts.push({ t: endTime, v: tail.v });
    out.push({ node: id, points: pts });
  }
  return out;
}

/**
 * The engine's commit-latency samples (`metrics.commitLatencySamples`, in ack order), each with
 * the engine's percentiles of it and every earlier sample, so the histogram can show "so far".
 */
export function commitLatencies(trace: Trace): LatencySample[] {
  const sorted: number[] = [];
  return metrics.commitLatencySamples(trace).map(({ op, ms, step }) => {
    sorted.splice(insertionPoint(sorted, ms), 0, ms);
    const soFar = {
      p50: metrics.percentile(sorted, 50) ?? ms,
      p99: metrics.percentile(sorted, 99) ?? ms,
      max: sorted[sorted.length - 1] ?? ms,
    };
    return { op, ms, step, soFar };
  });
}

/** Where `v` goes in ascending `sorted` (after equal values). */
function insertionPoint(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
