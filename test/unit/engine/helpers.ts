/** Small helpers shared by the engine tests: event filters and a tiny quiet-run wrapper. */
import type { Trace, TraceEvent } from '../../../src/engine/index.ts';

export function ofType<T extends TraceEvent['type']>(t: Trace, type: T): Extract<TraceEvent, { type: T }>[] {
  return t.events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}

/** Final key -> value per node, folded from apply, snapshot and truncate events (after the last restart). */
export function finalValues(t: Trace): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  for (const n of t.nodes) out.set(n, new Map());
  for (const e of t.events) {
    if (e.type === 'apply') {
      const m = out.get(e.node) ?? new Map<string, unknown>();
      if (e.value === null) m.delete(e.key);
      else m.set(e.key, e.value);
      out.set(e.node, m);
    } else if (e.type === 'snapshot' && e.data) out.set(e.node, new Map(Object.entries(e.data)));
    else if (e.type === 'truncate') {
      const m = out.get(e.node) ?? new Map<string, unknown>();
      for (const [key, value] of Object.entries(e.data)) {
        if (value === null) m.delete(key);
        else m.set(key, value);
      }
      out.set(e.node, m);
    }
  }
  return out;
}
