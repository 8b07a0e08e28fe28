/**
 * The text alternative of a statechart: one sentence per state and per
 * transition, for the screen-reader list beside the drawing and for tests.
 */
import type { ChartTransition, StateGraph } from './graph.ts';

export interface ChartText {
  readonly states: readonly string[];
  readonly transitions: readonly string[];
}

export function describeTransition(t: ChartTransition): string {
  const from = t.source === '' ? 'any state' : t.source;
  const to = t.target === null ? `stays in ${from}` : `${from} → ${t.target}`;
  const when = t.always ? 'at once' : `on ${t.label}`;
  return `${to} ${when}${t.guard ? ` if ${t.guard}` : ''}`;
}

export function describeGraph(graph: StateGraph): ChartText {
  const children = (id: string | null) => graph.states.filter((s) => s.parent === id).map((s) => s.key);
  const states = graph.states.map((s) => {
    const notes: string[] = [];
    const parent = s.parent === null ? null : graph.states.find((p) => p.id === s.parent);
    if ((parent ? parent.initial : graph.initial) === s.id) notes.push('entered first');
    if (s.kind === 'final') notes.push('final');
    if (s.kind === 'parallel') notes.push('parallel regions');
    const inner = children(s.id);
    if (inner.length > 0) notes.push(`contains ${inner.join(', ')}`);
    return notes.length > 0 ? `${s.id} (${notes.join('; ')})` : s.id;
  });
  return { states, transitions: graph.transitions.map(describeTransition) };
}
