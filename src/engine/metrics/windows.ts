/**
 * Fixed time windows over a run, for metrics drawn as curves (throughput,
 * errors and availability over time). Window i covers [i·size, (i+1)·size)
 * virtual milliseconds, and there are enough windows to reach the last event.
 */
import type { Trace } from '../trace/events.ts';

export interface Window {
  /** Inclusive start, virtual ms. */
  readonly start: number;
  /** Exclusive end, virtual ms. */
  readonly end: number;
}

export function windowsOf(trace: Trace, size: number): Window[] {
  if (!(size > 0)) throw new RangeError(`window size must be positive, got ${size}`);
  const last = trace.events.at(-1)?.time ?? 0;
  const count = trace.events.length === 0 ? 0 : Math.floor(last / size) + 1;
  return Array.from({ length: count }, (_, i) => ({ start: i * size, end: (i + 1) * size }));
}

/** Index of the window containing `time`. */
export function windowIndex(time: number, size: number): number {
  return Math.floor(time / size);
}

/** Length of the run in virtual ms (time of the last event). */
export function durationOf(trace: Trace): number {
  return trace.events.at(-1)?.time ?? 0;
}
