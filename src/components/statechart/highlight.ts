/**
 * What to highlight on a chart for a machine's state at one step: the
 * current state(s) and every state enclosing them, and the transition(s) the
 * last change took. The trace names states by dotted path and the change by
 * event type only, so the arrow is found from the definition: an arrow for
 * that event leaving a state the machine was in and arriving in one it is in
 * now, plus any eventless arrows it passed through on the way (a restart goes
 * down → up, then up.boot → up.leader at once).
 */
import { ancestry, type StateGraph } from './graph.ts';

export interface Change {
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

export interface Highlight {
  readonly current: ReadonlySet<string>;
  readonly active: ReadonlySet<string>;
  readonly taken: ReadonlySet<string>;
}

/**
 * The chart's states for a trace path. Parallel states come as comma-separated
 * region paths (`statePath`), whose later parts may lack the shared prefix:
 * those are matched by suffix.
 */
export function statesOf(graph: StateGraph, path: string): string[] {
  const ids = new Set(graph.states.map((s) => s.id));
  const out: string[] = [];
  for (const part of path.split(',')) {
    if (ids.has(part)) out.push(part);
    else {
      const hit = graph.states.find((s) => s.id.endsWith(`.${part}`));
      if (hit) out.push(hit.id);
    }
  }
  return out;
}

/** A state and the initial child entered with it, down to an atomic state: `up` → [`up`, `up.boot`]. */
function entered(graph: StateGraph, id: string): string[] {
  const out = [id];
  for (let s = graph.states.find((x) => x.id === id); s?.initial; s = graph.states.find((x) => x.id === s?.initial))
    out.push(s.initial);
  return out;
}

export function highlightOf(graph: StateGraph, path: string, change?: Change): Highlight {
  const current = statesOf(graph, path);
  const active = new Set(current.flatMap(ancestry));
  const taken = new Set<string>();
  if (change) {
    const before = new Set(statesOf(graph, change.from).flatMap(ancestry));
    const after = new Set(statesOf(graph, change.to).flatMap(ancestry));
    const always = graph.transitions.filter((t) => t.always && t.target !== null && after.has(t.target));
    for (const t of graph.transitions) {
      if (t.always || t.target === null || t.event !== change.event || (t.source !== '' && !before.has(t.source)))
        continue;
      // Passed-through states: entered with the target, left at once by an eventless arrow.
      const via = entered(graph, t.target).filter((s) => !after.has(s));
      const onward = always.filter((a) => via.includes(a.source));
      if (!after.has(t.target) && onward.length === 0) continue;
      taken.add(t.id);
      for (const a of onward) taken.add(a.id);
    }
  }
  return { current: new Set(current), active, taken };
}
