/**
 * Independent invariant checks over single-leader traces, written apart from
 * `src/engine/checkers` (sharing none of its code) so the swarm tests can
 * compare the engine's checkers against a second, simpler reading of the same
 * trace. Each function reads only trace events; none looks at engine state.
 *
 * Logs are folded as LSN -> epoch per node from `append`, `truncate` and
 * `snapshot` events: two nodes hold "the same entry" when both have the same
 * epoch at the same LSN.
 */
import type { NodeId, Trace, TraceEvent } from '../../../src/engine/index.ts';

export type Logs = Map<NodeId, Map<number, number>>;

/** Folds one event into per-node logs (LSN -> epoch). */
export function foldLog(logs: Logs, e: TraceEvent): void {
  const log = (n: NodeId): Map<number, number> => {
    let l = logs.get(n);
    if (l === undefined) {
      l = new Map();
      logs.set(n, l);
    }
    return l;
  };
  if (e.type === 'append') log(e.node).set(e.lsn, e.epoch);
  else if (e.type === 'truncate') {
    const l = log(e.node);
    for (const lsn of [...l.keys()]) if (lsn > e.lsn) l.delete(lsn);
  } else if (e.type === 'snapshot') {
    // The snapshot stands for the source's log up to its LSN.
    const source = log(e.from);
    const copy = new Map<number, number>();
    for (const [lsn, epoch] of source) if (lsn <= e.lsn) copy.set(lsn, epoch);
    if (e.epoch !== undefined) copy.set(e.lsn, e.epoch);
    logs.set(e.node, copy);
  }
}

export function finalLogs(trace: Trace): Logs {
  const logs: Logs = new Map();
  for (const e of trace.events) foldLog(logs, e);
  return logs;
}

/** Who is alive and who leads (in which epoch) at the end, from role/crash/restart events alone. */
export function endState(trace: Trace): { alive: Set<NodeId>; leader: NodeId | null } {
  const alive = new Set<NodeId>(trace.nodes);
  const role = new Map<NodeId, { role: string; epoch: number }>();
  for (const e of trace.events) {
    if (e.type === 'crash') alive.delete(e.node);
    else if (e.type === 'restart') alive.add(e.node);
    else if (e.type === 'role') role.set(e.node, { role: e.role, epoch: e.epoch });
  }
  let leader: NodeId | null = null;
  let top = -1;
  for (const [n, r] of role) {
    if (alive.has(n) && r.role === 'leader' && r.epoch > top) {
      top = r.epoch;
      leader = n;
    }
  }
  return { alive, leader };
}

export interface OracleFinding {
  readonly step: number;
  readonly what: string;
}

/**
 * Sync / semi-sync: when a leader commits an LSN, the required followers hold
 * that very entry (same LSN and epoch) at that moment.
 */
export function commitsBeforeHeld(
  trace: Trace,
  mode: 'sync' | 'semi-sync',
  syncFollowers?: readonly NodeId[],
): OracleFinding[] {
  const logs: Logs = new Map();
  const committed = new Map<NodeId, number>();
  const out: OracleFinding[] = [];
  for (const e of trace.events) {
    foldLog(logs, e);
    if (e.type === 'elect') committed.set(e.node, logs.get(e.node)?.size ?? 0);
    if (e.type !== 'commit') continue;
    const mine = logs.get(e.node) ?? new Map<number, number>();
    const others = trace.nodes.filter((n) => n !== e.node);
    const required = mode === 'semi-sync' && syncFollowers ? others.filter((n) => syncFollowers.includes(n)) : others;
    for (let lsn = (committed.get(e.node) ?? 0) + 1; lsn <= e.lsn; lsn++) {
      const epoch = mine.get(lsn);
      const holders = required.filter((n) => logs.get(n)?.get(lsn) === epoch).length;
      const enough = mode === 'sync' ? holders === required.length : holders >= 1 || required.length === 0;
      if (!enough) out.push({ step: e.step, what: `${e.node} committed LSN ${lsn} held by ${holders} followers` });
    }
    committed.set(e.node, Math.max(committed.get(e.node) ?? 0, e.lsn));
  }
  return out;
}

/** Acknowledged updates (with an LSN) whose entry is not in the surviving history: the final leader's log. */
export function lostAcknowledged(trace: Trace): OracleFinding[] {
  const logs = finalLogs(trace);
  const { alive, leader } = endState(trace);
  let judge = leader;
  if (judge === null) {
    // No leader at the end: the longest live log is the best survivor there is.
    let best = -1;
    for (const n of alive) {
      const size = logs.get(n)?.size ?? 0;
      if (size > best) {
        best = size;
        judge = n;
      }
    }
  }
  const held = judge === null ? new Map<number, number>() : (logs.get(judge) ?? new Map<number, number>());
  const out: OracleFinding[] = [];
  for (const e of trace.events) {
    if (e.type !== 'ack' || e.kind === 'read' || e.lsn === undefined || e.epoch === undefined) continue;
    if (held.get(e.lsn) !== e.epoch) out.push({ step: e.step, what: `${e.op} (LSN ${e.lsn}, epoch ${e.epoch})` });
  }
  return out;
}

/** Live nodes whose final logs differ from the final leader's (or from each other's when there is none). */
export function logsDisagree(trace: Trace): OracleFinding[] {
  const logs = finalLogs(trace);
  const { alive, leader } = endState(trace);
  const nodes = [...alive].sort();
  const reference = leader ?? nodes[0];
  if (reference === undefined) return [];
  const ref = logs.get(reference) ?? new Map<number, number>();
  const out: OracleFinding[] = [];
  for (const n of nodes) {
    const l = logs.get(n) ?? new Map<number, number>();
    const same = l.size === ref.size && [...ref].every(([lsn, epoch]) => l.get(lsn) === epoch);
    if (!same) out.push({ step: trace.events.length, what: `${n} (${l.size} entries) vs ${reference} (${ref.size})` });
  }
  return out;
}

const FAULTS = new Set(['crash', 'restart', 'partition', 'heal', 'link', 'clock']);

/**
 * A leader that stops leading although nothing went wrong since its election:
 * no crash, restart, partition, heal or change of link speed, no message lost,
 * and (unless `slowLinksAreFaults` is false) no slowed link in effect: a slow
 * network makes a healthy leader look dead, a false suspicion no failure
 * detector can avoid.
 */
export function stepDownsWithoutFault(
  trace: Trace,
  options: { readonly slowLinksAreFaults?: boolean } = {},
): OracleFinding[] {
  const excuseSlow = options.slowLinksAreFaults ?? true;
  const since = new Map<NodeId, { step: number; epoch: number; clean: boolean }>();
  const slow = new Set<string>();
  const out: OracleFinding[] = [];
  for (const e of trace.events) {
    if (e.type === 'link') {
      if (e.factor === 1) slow.delete(`${e.from}>${e.to}`);
      else slow.add(`${e.from}>${e.to}`);
    }
    if (FAULTS.has(e.type) || e.type === 'drop') for (const t of since.values()) t.clean = false;
    if (e.type === 'elect') since.set(e.node, { step: e.step, epoch: e.epoch, clean: !excuseSlow || slow.size === 0 });
    if (e.type === 'role' && e.role !== 'leader') {
      const t = since.get(e.node);
      if (t !== undefined && t.clean)
        out.push({ step: e.step, what: `${e.node} elected in epoch ${t.epoch} at step ${t.step} stepped down` });
      since.delete(e.node);
    }
  }
  return out;
}

/**
 * Two nodes taking writes at the same time, or in the same epoch: per node
 * and leadership tenure, the span from its first to its last own write
 * (an append in its own epoch while it believes it leads); spans of
 * different nodes must not overlap.
 */
export function overlappingWriters(trace: Trace): OracleFinding[] {
  const belief = new Map<NodeId, { leader: boolean; epoch: number }>();
  const spans: { node: NodeId; from: number; to: number; step: number }[] = [];
  const open = new Map<NodeId, { node: NodeId; from: number; to: number; step: number }>();
  for (const e of trace.events) {
    if (e.type === 'role') {
      belief.set(e.node, { leader: e.role === 'leader' || e.role === 'single', epoch: e.epoch });
      if (e.role !== 'leader' && e.role !== 'single') open.delete(e.node);
    } else if (e.type === 'crash') {
      belief.set(e.node, { leader: false, epoch: belief.get(e.node)?.epoch ?? 0 });
      open.delete(e.node);
    } else if (e.type === 'append') {
      const b = belief.get(e.node);
      if (b === undefined || !b.leader || b.epoch !== e.epoch) continue;
      const span = open.get(e.node);
      if (span === undefined) {
        const fresh = { node: e.node, from: e.time, to: e.time, step: e.step };
        open.set(e.node, fresh);
        spans.push(fresh);
      } else span.to = e.time;
    }
  }
  const out: OracleFinding[] = [];
  const writerOf = new Map<number, NodeId>();
  for (const e of trace.events) {
    if (e.type !== 'append') continue;
    const span = spans.find((s) => s.node === e.node && s.from <= e.time && e.time <= s.to);
    if (span === undefined) continue;
    const other = writerOf.get(e.epoch);
    if (other === undefined) writerOf.set(e.epoch, e.node);
    else if (other !== e.node)
      out.push({ step: e.step, what: `${other} and ${e.node} both wrote in epoch ${e.epoch}` });
  }
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i];
      const b = spans[j];
      if (a === undefined || b === undefined || a.node === b.node) continue;
      if (a.from <= b.to && b.from <= a.to)
        out.push({ step: Math.max(a.step, b.step), what: `${a.node} and ${b.node} both took writes` });
    }
  }
  return out;
}

/**
 * Elections won by a node less up to date (last epoch, then last LSN) than a
 * peer that was alive and on the winner's side of any partition at that moment.
 */
export function electedBehindLivePeer(trace: Trace): OracleFinding[] {
  const logs: Logs = new Map();
  const alive = new Set<NodeId>(trace.nodes);
  let groups: readonly (readonly NodeId[])[] | null = null;
  const out: OracleFinding[] = [];
  const position = (n: NodeId): [number, number] => {
    const l = logs.get(n) ?? new Map<number, number>();
    let last = 0;
    for (const lsn of l.keys()) if (lsn > last) last = lsn;
    return [l.get(last) ?? 0, last];
  };
  for (const e of trace.events) {
    foldLog(logs, e);
    if (e.type === 'crash') alive.delete(e.node);
    else if (e.type === 'restart') alive.add(e.node);
    else if (e.type === 'partition') groups = e.groups;
    else if (e.type === 'heal') groups = null;
    else if (e.type === 'elect') {
      const side = groups?.find((g) => g.includes(e.node));
      const [we, wl] = position(e.node);
      for (const n of alive) {
        if (n === e.node || (side !== undefined && !side.includes(n))) continue;
        const [pe, pl] = position(n);
        if (pe > we || (pe === we && pl > wl))
          out.push({
            step: e.step,
            what: `${e.node} (${we}/${wl}) elected in epoch ${e.epoch} behind ${n} (${pe}/${pl})`,
          });
      }
    }
  }
  return out;
}
