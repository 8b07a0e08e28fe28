/**
 * A protocol machine's statechart as plain data, read from the machine's own
 * definition (XState's state-node tree): every state with its parent and
 * initial child, every transition with its event, guard and target. Layout and
 * drawing work from this, never from a hand-made picture, so a chart cannot
 * drift from the machine the engine runs.
 */
import type { AnyStateMachine } from 'xstate';

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartState {
  /** Dotted path from the machine's root, as in `state` trace events: `up.leader`. */
  readonly id: string;
  /** The state's own name (last part of the path). */
  readonly key: string;
  /** Path of the enclosing state; `null` for a top-level state. */
  readonly parent: string | null;
  readonly kind: StateKind;
  /** Path of the child entered first (compound states only). */
  readonly initial: string | null;
}

export interface ChartTransition {
  /** Stable within the machine: source, event and position among that source's transitions. */
  readonly id: string;
  /** `''` for a transition of the machine itself, taken from any state. */
  readonly source: string;
  /** `null` for a transition that stays in its state (actions only, no exit or entry). */
  readonly target: string | null;
  /** The event type; `''` for an eventless (`always`) transition. */
  readonly event: string;
  /** What the arrow says: the event, `after 500 ms` or `always`. */
  readonly label: string;
  /** Guard name, with simple parameters: `bootsAs(single)`. */
  readonly guard: string | null;
  readonly always: boolean;
}

export interface StateGraph {
  readonly machine: string;
  /** Top-level state entered first. */
  readonly initial: string | null;
  /** Parents before their children, in definition order. */
  readonly states: readonly ChartState[];
  readonly transitions: readonly ChartTransition[];
}

/** The subset of XState's StateNode this module reads (keeps tests free to build small fakes). */
interface NodeLike {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: StateKind;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly initial?: { readonly target: readonly NodeLike[] };
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[];
}

interface TransitionLike {
  readonly eventType: string;
  readonly target: readonly NodeLike[] | undefined;
  readonly guard?: unknown;
}

/** How a transition of the machine itself (source `''`) is named in ids and drawn. */
export const ANY_STATE = '*';

const AFTER = /^xstate\.after\.(\d+)\./;

/** Names a guard as the machine's setup() names it; inline functions keep their function name. */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    // Higher-order guards (not/and/or) carry their operands; name them so the chart reads like the code.
    const g = guard as { guards?: unknown[]; name?: string };
    if (Array.isArray(g.guards)) {
      const op = (g.name ?? '').replace(/^xstate\./, '') || 'guard';
      return `${op}(${g.guards.map((x) => guardName(x) ?? '?').join(', ')})`;
    }
    return g.name || 'guard';
  }
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    const simple = typeof params === 'string' || typeof params === 'number' || typeof params === 'boolean';
    return `${String(type)}${simple ? `(${String(params)})` : ''}`;
  }
  return 'guard';
}

function labelOf(eventType: string): { event: string; label: string; always: boolean } {
  if (eventType === '') return { event: '', label: 'always', always: true };
  const after = AFTER.exec(eventType);
  if (after) return { event: eventType, label: `after ${after[1]} ms`, always: false };
  return { event: eventType, label: eventType, always: false };
}

/** Reads the statechart of a machine from its definition. Pure; deterministic order. */
export function machineGraph(machine: AnyStateMachine): StateGraph {
  return graphOf(machine.id, machine.root as unknown as NodeLike);
}

/** The same, from a root state node (exported for tests with hand-built trees). */
export function graphOf(machineId: string, root: NodeLike): StateGraph {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const pathOf = (n: NodeLike) => n.path.join('.');
  const initialOf = (n: NodeLike): string | null => {
    if (n.type !== 'compound') return null;
    const t = n.initial?.target[0];
    return t ? pathOf(t) : null;
  };

  const transitionsOf = (node: NodeLike, id: string) => {
    let i = 0;
    const add = (t: TransitionLike) => {
      const { event, label, always } = labelOf(t.eventType);
      const guard = guardName(t.guard);
      const targets = t.target && t.target.length > 0 ? t.target.map(pathOf) : [null];
      for (const target of targets) {
        transitions.push({
          id: `${id || ANY_STATE}:${always ? 'always' : event}:${i++}`,
          source: id,
          target,
          event,
          label,
          guard,
          always,
        });
      }
    };
    for (const list of node.transitions.values()) for (const t of list) add(t);
    for (const t of node.always ?? []) add(t);
  };
  const visit = (node: NodeLike, parent: string | null) => {
    const id = pathOf(node);
    states.push({ id, key: node.key, parent, kind: node.type, initial: initialOf(node) });
    transitionsOf(node, id);
    for (const child of Object.values(node.states)) visit(child, id);
  };
  for (const child of Object.values(root.states)) visit(child, null);
  // The machine's own `on` applies in every state (a crash, say): its source is the root, path ''.
  transitionsOf(root, '');
  return { machine: machineId, initial: initialOf(root), states, transitions };
}

/** The state and every state enclosing it, innermost first: `up.leader` → [`up.leader`, `up`]. */
export function ancestry(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}
