/**
 * Availability: the share of invoked operations that were acknowledged,
 * overall and per time window (by invoke time). Failed and indeterminate
 * operations, and ones still pending when the run ended, count as unavailable:
 * the client did not get what it asked for.
 */
import { history } from '../checkers/support/history.ts';
import type { OperationKind, Trace } from '../trace/events.ts';
import { windowIndex, windowsOf } from './windows.ts';

export interface AvailabilityWindow {
  readonly start: number;
  readonly end: number;
  readonly invoked: number;
  readonly acked: number;
  /** acked / invoked, or `null` when nothing was invoked in the window. */
  readonly availability: number | null;
}

export interface Availability {
  readonly invoked: number;
  readonly acked: number;
  readonly failed: number;
  /** `info` plus still pending at the end. */
  readonly indeterminate: number;
  /** acked / invoked, or `null` when nothing was invoked. */
  readonly availability: number | null;
  readonly windows: readonly AvailabilityWindow[];
}

export interface AvailabilityOptions {
  /** Window size in virtual ms. Default 1000. */
  readonly windowMs?: number;
  /** Only count these kinds (for example `['write']` for write availability). */
  readonly kinds?: readonly OperationKind[];
}

/**
 * @example
 * ```ts
 * const a = availability(trace, { windowMs: 500, kinds: ['write'] });
 * a.availability; // 0.8
 * a.windows.map((w) => w.availability); // [1, 1, 0, 0.5, 1] — the failover shows as a dip
 * ```
 */
export function availability(trace: Trace, options: AvailabilityOptions = {}): Availability {
  const size = options.windowMs ?? 1000;
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const ops = history(trace).filter((o) => kinds === undefined || kinds.has(o.kind));
  const windows = windowsOf(trace, size).map((w) => ({ ...w, invoked: 0, acked: 0 }));
  let acked = 0;
  let failed = 0;
  for (const o of ops) {
    if (o.outcome === 'ack') acked += 1;
    if (o.outcome === 'fail') failed += 1;
    const w = windows[windowIndex(o.invokeTime, size)];
    if (w === undefined) continue;
    w.invoked += 1;
    if (o.outcome === 'ack') w.acked += 1;
  }
  return {
    invoked: ops.length,
    acked,
    failed,
    indeterminate: ops.length - acked - failed,
    availability: ops.length === 0 ? null : acked / ops.length,
    windows: windows.map((w) => ({ ...w, availability: w.invoked === 0 ? null : w.acked / w.invoked })),
  };
}
