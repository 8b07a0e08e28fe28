/**
 * The protocol machines of a run, folded from its `state` trace events: which
 * owners (nodes, CDC consumers, sessions) ran which machines, and each one's
 * state at a cursor, so the Machines panel follows seek and rewind. Built once
 * per run; a lookup is a binary search.
 */
import type { StateEvent, Trace } from '../../../engine/trace/events.ts';

export interface MachineTrack {
  readonly owner: string;
  readonly machine: string;
  /** The machine's changes of state, in trace order, with their event index. */
  readonly changes: readonly { readonly index: number; readonly event: StateEvent }[];
}

export interface MachineNow {
  readonly owner: string;
  readonly machine: string;
  /** Dotted state path at the cursor (before the first change: the state it left then). */
  readonly state: string;
  /** The last change applied at or before the cursor. */
  readonly last: StateEvent | null;
  /** That change is the event the cursor just applied (the transition "taken at this step"). */
  readonly now: boolean;
}

/** One track per (owner, machine), owners in order of first appearance. */
export function machineTracks(trace: Trace): MachineTrack[] {
  const tracks = new Map<string, { owner: string; machine: string; changes: MachineTrack['changes'][number][] }>();
  trace.events.forEach((e, index) => {
    if (e.type !== 'state') return;
    const key = JSON.stringify([e.owner, e.machine]);
    let t = tracks.get(key);
    if (!t) tracks.set(key, (t = { owner: e.owner, machine: e.machine, changes: [] }));
    t.changes.push({ index, event: e });
  });
  const owners = [...new Set([...tracks.values()].map((t) => t.owner))];
  return [...tracks.values()].sort((a, b) => owners.indexOf(a.owner) - owners.indexOf(b.owner));
}

/** Each machine's state after `cursor` events (cursor 0: nothing applied). */
export function machinesAt(tracks: readonly MachineTrack[], cursor: number): MachineNow[] {
  return tracks.map((t) => {
    // Last change with index < cursor.
    let lo = 0;
    let hi = t.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((t.changes[mid]?.index ?? 0) < cursor) lo = mid + 1;
      else hi = mid;
    }
    const last = lo > 0 ? (t.changes[lo - 1] ?? null) : null;
    const state = last ? last.event.to : (t.changes[0]?.event.from ?? '');
    return {
      owner: t.owner,
      machine: t.machine,
      state,
      last: last?.event ?? null,
      now: last !== null && last.index === cursor - 1,
    };
  });
}

/**
 * The owners that are client operations: machines that live one per
 * operation, owned by the operation's id (`op-41`, chapter 1's `request`) or
 * by the operation at a node (`op-41@B`, chapter 8's quorum coordinator).
 */
export function operationOwners(trace: Trace): ReadonlySet<string> {
  const ops = new Set<string>();
  for (const e of trace.events) if (e.type === 'invoke') ops.add(e.op);
  const owners = new Set<string>();
  for (const e of trace.events) {
    if (e.type !== 'state') continue;
    const at = e.owner.indexOf('@');
    if (ops.has(e.owner) || (at > 0 && ops.has(e.owner.slice(0, at)))) owners.add(e.owner);
  }
  return owners;
}

/** Whether `path` (one region's dotted state) is a final state of `machine` (from its statechart). */
export type IsFinal = (machine: string, path: string) => boolean;

/** An operation's machine is over once every region (comma-separated in a parallel state) is final. */
function isSettled(m: MachineNow, isFinal: IsFinal): boolean {
  return m.state.split(',').every((region) => isFinal(m.machine, region));
}

/** The operations' machines at a cursor: how many are in each state, and which to draw. */
export interface OperationsNow {
  /** State path -> operations in it, for operations already sent (in the order first seen). */
  readonly counts: readonly { readonly state: string; readonly count: number }[];
  /** Operations whose machine is not settled yet (or changed at this step), most recent change first. */
  readonly inFlight: readonly MachineNow[];
}

/**
 * Summarises per-operation machines at a cursor: a run has thousands of
 * operations, so the panel draws a few (those that changed at this step, then
 * the most recently changed unsettled ones) and counts the rest by state.
 */
export function operationsAt(now: readonly MachineNow[], ops: ReadonlySet<string>, isFinal: IsFinal): OperationsNow {
  const counts = new Map<string, number>();
  const inFlight: MachineNow[] = [];
  for (const m of now) {
    if (!ops.has(m.owner) || m.last === null) continue;
    counts.set(m.state, (counts.get(m.state) ?? 0) + 1);
    if (m.now || !isSettled(m, isFinal)) inFlight.push(m);
  }
  inFlight.sort((a, b) => Number(b.now) - Number(a.now) || (b.last?.step ?? 0) - (a.last?.step ?? 0));
  return { counts: [...counts].map(([state, count]) => ({ state, count })), inFlight };
}
