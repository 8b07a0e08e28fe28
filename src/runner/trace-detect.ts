/**
 * Finds a simulation trace in a cell's value so the cell can draw it. A trace
 * is recognised by shape (see engine/trace/events.ts `Trace`): the value itself,
 * its `.trace` property, or the result of calling its `.trace()` method.
 */
import type { Trace } from '../engine/trace/events.ts';

export function isTrace(x: unknown): x is Trace {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Record<string, unknown>;
  return Array.isArray(t.events) && Array.isArray(t.nodes) && typeof t.seed === 'number';
}

/** Never throws: a value whose getters or Proxy traps throw simply has no trace. */
export function findTrace(value: unknown): Trace | null {
  try {
    if (isTrace(value)) return value;
    if (typeof value !== 'object' || value === null) return null;
    let inner = (value as { trace?: unknown }).trace;
    if (typeof inner === 'function') inner = (inner as () => unknown).call(value);
    return isTrace(inner) ? inner : null;
  } catch {
    return null;
  }
}

/** A plain, structured-clone-safe copy of a trace, cut to `max` events. */
export function serialiseTrace(t: Trace, max: number): { trace: Trace; truncated: boolean } {
  const truncated = t.events.length > max;
  const events = truncated ? t.events.slice(0, max) : t.events;
  // The whole trace but its events, so fields such as `shape` and `standbys` reach the view.
  const trace = JSON.parse(JSON.stringify({ ...t, events })) as Trace;
  return { trace, truncated };
}
