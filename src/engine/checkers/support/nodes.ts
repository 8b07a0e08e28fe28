/**
 * The system's side of a trace, folded into what the node-level checkers and
 * metrics need: which nodes are alive at the end, what each node finally holds,
 * and who believes it is leader at each moment.
 */
import type { NodeId, RoleEvent, Trace, TraceEvent, Value } from '../../trace/events.ts';

/** Nodes named by the trace or by any of its node events, less sloppy-quorum stand-ins (they hold no data). */
export function allNodes(trace: Trace): NodeId[] {
  const nodes = new Set<NodeId>(trace.nodes);
  for (const e of trace.events) {
    switch (e.type) {
      case 'append':
      case 'apply':
      case 'commit':
      case 'crash':
      case 'restart':
      case 'role':
      case 'elect':
      case 'snapshot':
      case 'truncate':
      case 'repair':
        nodes.add(e.node);
        break;
      default:
        break;
    }
  }
  for (const standby of trace.standbys ?? []) nodes.delete(standby);
  return [...nodes];
}

/** Nodes that crashed and did not restart afterwards. */
export function crashedAtEnd(trace: Trace): Set<NodeId> {
  const down = new Set<NodeId>();
  for (const e of trace.events) {
    if (e.type === 'crash') down.add(e.node);
    else if (e.type === 'restart') down.delete(e.node);
  }
  return down;
}

/** Nodes alive at the end of the run. */
export function liveNodesAtEnd(trace: Trace): NodeId[] {
  const down = crashedAtEnd(trace);
  return allNodes(trace).filter((n) => !down.has(n));
}

/** What a node holds for a key at the end, and which event put it there. */
export interface HeldValue {
  readonly value: Value;
  readonly step: number;
  readonly lsn: number | undefined;
  /** Concurrent versions held beside `value` (its first), when the `apply` recorded several. */
  readonly siblings?: readonly Value[];
}

/**
 * Each node's final data: the last `apply` (or `repair`) per node and key.
 * A `snapshot` replaces the node's data with the data it carried, or, when
 * the event has no `data`, with the source node's values as of the
 * snapshot's LSN (its last applies at or below that LSN).
 */
export function finalState(trace: Trace): Map<NodeId, Map<string, HeldValue>> {
  const state = new Map<NodeId, Map<string, HeldValue>>();
  // Per node and key, the history of applies, so snapshots can look back to an LSN.
  const applied = new Map<NodeId, Map<string, HeldValue[]>>();
  const data = (node: NodeId): Map<string, HeldValue> => {
    const existing = state.get(node);
    if (existing !== undefined) return existing;
    const fresh = new Map<string, HeldValue>();
    state.set(node, fresh);
    return fresh;
  };
  const remember = (node: NodeId, key: string, held: HeldValue): void => {
    const perNode = applied.get(node) ?? new Map<string, HeldValue[]>();
    applied.set(node, perNode);
    const list = perNode.get(key) ?? [];
    list.push(held);
    perNode.set(key, list);
  };
  for (const e of trace.events) {
    if (e.type === 'apply') {
      const held: HeldValue =
        e.siblings === undefined
          ? { value: e.value, step: e.step, lsn: e.lsn }
          : { value: e.value, step: e.step, lsn: e.lsn, siblings: e.siblings };
      data(e.node).set(e.key, held);
      remember(e.node, e.key, held);
    } else if (e.type === 'truncate') {
      for (const [key, value] of Object.entries(e.data)) {
        const held = { value, step: e.step, lsn: e.lsn };
        data(e.node).set(key, held);
        remember(e.node, key, held);
      }
    } else if (e.type === 'repair') {
      data(e.node).set(e.key, { value: e.value, step: e.step, lsn: undefined });
    } else if (e.type === 'snapshot') {
      const copy = new Map<string, HeldValue>();
      if (e.data !== undefined) {
        // The engine recorded what the snapshot carried: trust it over reconstruction.
        for (const [key, value] of Object.entries(e.data)) {
          const held = { value, step: e.step, lsn: e.lsn };
          copy.set(key, held);
          remember(e.node, key, held);
        }
        state.set(e.node, copy);
        continue;
      }
      for (const [key, list] of applied.get(e.from) ?? new Map<string, HeldValue[]>()) {
        const upTo = list.filter((h) => h.lsn === undefined || h.lsn <= e.lsn).at(-1);
        if (upTo !== undefined) {
          copy.set(key, { value: upTo.value, step: e.step, lsn: upTo.lsn });
          remember(e.node, key, { value: upTo.value, step: e.step, lsn: upTo.lsn });
        }
      }
      state.set(e.node, copy);
    }
  }
  return state;
}

export type Role = RoleEvent['role'];

/** What one node believes about itself at a moment of the run. */
export interface NodeBelief {
  readonly role: Role | 'unknown';
  readonly epoch: number;
  readonly alive: boolean;
}

/**
 * Replays role, elect, crash and restart events, calling `visit` after each
 * event that changed some node's belief, with every node's current belief.
 * A crashed node is `down`; a restarted node is `unknown` until it announces a
 * role, because it must learn the current leader before acting as one.
 */
export function replayRoles(
  trace: Trace,
  visit: (event: TraceEvent, beliefs: ReadonlyMap<NodeId, NodeBelief>) => void,
): void {
  const beliefs = new Map<NodeId, NodeBelief>();
  for (const e of trace.events) if (updateBeliefs(beliefs, e)) visit(e, beliefs);
}

/** Folds one event into `beliefs`; returns whether it was a role-changing event. */
export function updateBeliefs(beliefs: Map<NodeId, NodeBelief>, e: TraceEvent): boolean {
  if (e.type !== 'role' && e.type !== 'elect' && e.type !== 'crash' && e.type !== 'restart') return false;
  const epoch = beliefs.get(e.node)?.epoch ?? 0;
  if (e.type === 'role') beliefs.set(e.node, { role: e.role, epoch: e.epoch, alive: e.role !== 'down' });
  else if (e.type === 'elect') beliefs.set(e.node, { role: 'leader', epoch: e.epoch, alive: true });
  else if (e.type === 'crash') beliefs.set(e.node, { role: 'down', epoch, alive: false });
  else beliefs.set(e.node, { role: 'unknown', epoch, alive: true });
  return true;
}

/** Alive nodes that believe they are leader, with their epochs. */
export function leadersIn(beliefs: ReadonlyMap<NodeId, NodeBelief>): { node: NodeId; epoch: number }[] {
  const out: { node: NodeId; epoch: number }[] = [];
  for (const [node, b] of beliefs) if (b.alive && b.role === 'leader') out.push({ node, epoch: b.epoch });
  return out;
}

/** Alive leaders at the end of the run (in the highest epoch any of them has). */
export function finalLeaders(trace: Trace): NodeId[] {
  let leaders: { node: NodeId; epoch: number }[] = [];
  replayRoles(trace, (_e, beliefs) => {
    leaders = leadersIn(beliefs);
  });
  const top = Math.max(...leaders.map((l) => l.epoch));
  return leaders.filter((l) => l.epoch === top).map((l) => l.node);
}
