/**
 * Throughput and error rates over time windows — chapter 1's overload curves.
 *
 * Per window: operations invoked (offered load), acknowledged (goodput),
 * failed (fast rejections: shed, refused) and indeterminate (timeouts), plus
 * the latency of what was acknowledged. Completions are counted in the window
 * where they completed, invocations where they were invoked. Under overload a
 * well-behaved system shows errors as *rejections* with low latency; a
 * collapsing one shows *timeouts* and climbing latency.
 */
import { history } from '../checkers/support/history.ts';
import type { OperationKind, Trace } from '../trace/events.ts';
import { distribution } from './distribution.ts';
import { durationOf, windowIndex, windowsOf } from './windows.ts';

export interface ThroughputWindow {
  readonly start: number;
  readonly end: number;
  readonly invoked: number;
  readonly acked: number;
  readonly failed: number;
  readonly indeterminate: number;
  /** Acknowledged operations per second of virtual time. */
  readonly throughput: number;
  /** (failed + indeterminate) / completed, or `null` when nothing completed. */
  readonly errorRate: number | null;
  /** failed / completed. */
  readonly rejectRate: number | null;
  /** indeterminate / completed. */
  readonly timeoutRate: number | null;
  /** Median latency of operations acknowledged in the window. */
  readonly latencyP50: number | null;
  readonly latencyP99: number | null;
}

export interface ThroughputOptions {
  /** Window size in virtual ms. Default 1000. */
  readonly windowMs?: number;
  readonly kinds?: readonly OperationKind[];
}

export interface Throughput {
  readonly windows: readonly ThroughputWindow[];
  /** Acknowledged operations per second over the whole run. */
  readonly overall: number;
  /** (failed + indeterminate) / completed over the whole run, or `null`. */
  readonly errorRate: number | null;
}

/**
 * @example
 * ```ts
 * throughput(trace, { windowMs: 100 }).windows.map((w) => [w.throughput, w.rejectRate]);
 * ```
 */
export function throughput(trace: Trace, options: ThroughputOptions = {}): Throughput {
  const size = options.windowMs ?? 1000;
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const ops = history(trace).filter((o) => kinds === undefined || kinds.has(o.kind));
  const acc = windowsOf(trace, size).map((w) => ({
    ...w,
    invoked: 0,
    acked: 0,
    failed: 0,
    indeterminate: 0,
    latencies: [] as number[],
  }));
  let acked = 0;
  let errors = 0;
  for (const o of ops) {
    const inv = acc[windowIndex(o.invokeTime, size)];
    if (inv !== undefined) inv.invoked += 1;
    if (o.outcome === 'pending') continue;
    const w = acc[windowIndex(o.completeTime, size)];
    if (o.outcome === 'ack') acked += 1;
    else errors += 1;
    if (w === undefined) continue;
    if (o.outcome === 'ack') {
      w.acked += 1;
      w.latencies.push(o.completeTime - o.invokeTime);
    } else if (o.outcome === 'fail') w.failed += 1;
    else w.indeterminate += 1;
  }
  const windows = acc.map(({ latencies, ...w }) => {
    const completed = w.acked + w.failed + w.indeterminate;
    const lat = distribution(latencies);
    return {
      ...w,
      throughput: (w.acked * 1000) / size,
      errorRate: completed === 0 ? null : (w.failed + w.indeterminate) / completed,
      rejectRate: completed === 0 ? null : w.failed / completed,
      timeoutRate: completed === 0 ? null : w.indeterminate / completed,
      latencyP50: lat.p50,
      latencyP99: lat.p99,
    };
  });
  const duration = durationOf(trace);
  return {
    windows,
    overall: duration === 0 ? 0 : (acked * 1000) / duration,
    errorRate: acked + errors === 0 ? null : errors / (acked + errors),
  };
}
