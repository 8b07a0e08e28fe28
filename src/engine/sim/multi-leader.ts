/**
 * Multi-leader replication (chapter 7). Every leader accepts writes from its
 * own clients, acknowledges them at once, and replicates asynchronously to
 * every other leader (all-to-all). What travels is the key's *state* after the
 * change (state-based replication), so applying a message twice, late or out
 * of order is harmless; each leader numbers its changes (`seq`) and re-sends
 * what a peer has not acknowledged, so a message lost or cut by a partition is
 * delivered after the network heals (the offline region or device that syncs
 * later).
 *
 * When two leaders changed the same key concurrently, `multiLeader.conflict`
 * decides:
 * - `lww`: the larger (writer's clock reading, writer name) wins. A node whose
 *   clock runs behind stamps its later write earlier, and that acknowledged
 *   write is discarded (a `note` says so when it happens on the writing leader);
 * - `version-vector`: each version carries a version vector; concurrent
 *   versions are all kept, and a read returns them as `siblings`;
 * - `merge`: as version-vector, with siblings folded by the learner's `merge` hook;
 * - `counter`: a PN-counter CRDT for `increment`;
 * - `set`: an add-wins observed-remove set for `add` / `remove`.
 *
 * Trace: local and merged changes are `apply` events (the key's visible value;
 * `lsn` counts the node's own changes 1, 2, 3, ...), replication is
 * `ml-sync` / `ml-ack` messages with summaries such as `seq 4..6: x`.
 * After quiescence (writes stopped, network healed) every leader holds the
 * same state.
 *
 * Each (leader, key) runs a `version` machine (`machines/version.ts`: local,
 * replicated, siblings, merged, resolved), stepped only when the key's data at
 * that leader changes, so its `state` events mark exactly where a conflict was
 * kept, merged or settled by timestamp. Under `lww` the records carry a version
 * vector too, used only to tell a concurrent overwrite from a newer one.
 */
import type { NodeId, Value } from '../trace/events.ts';
import type { Message } from '../network/network.ts';
import type { Engine } from './engine.ts';
import type { NodeState, Request, Versioned } from './types.ts';
import { localTime } from '../model/clock.ts';
import { compareStamps } from '../model/lww.ts';
import { joinVersions, mergeVersions, resolveVersions, writeVersion, type VvVersion } from '../model/mv-register.ts';
import { counterValue, EMPTY_COUNTER, incrementCounter, mergeCounters, sameCounter } from '../model/pn-counter.ts';
import { addElement, elementKey, EMPTY_SET, mergeSets, removeElement, sameSet, setValue } from '../model/or-set.ts';
import { compareVv, formatVv, incrementVv, mergeVv } from '../model/version-vector.ts';
import type { MachineInstance } from '../machines/host.ts';
import { versionMachine, type VersionEvent } from '../machines/version.ts';

export type ConflictMode = 'lww' | 'version-vector' | 'counter' | 'set' | 'merge';

interface PeerProgress {
  /** Highest of our seqs the peer confirmed (it has everything up to it). */
  acked: number;
  /** Highest seq sent (may be ahead of `acked` while in flight or lost). */
  sent: number;
  lastProgress: number;
}

interface MlNode {
  /** Changes applied to this node's data (local or merged): the `lsn` of its `apply` events. Durable. */
  applied: number;
  /** Our last change number. */
  seq: number;
  /** Key changed by each of our changes: `log[i]` is seq `i + 1`. Durable. */
  readonly log: string[];
  readonly peers: Map<NodeId, PeerProgress>;
  /** Per origin, the highest seq received with nothing missing before it. */
  readonly recv: Map<NodeId, number>;
  /** One `version` machine per key this leader has touched. */
  readonly versions: Map<string, MachineInstance>;
}

interface MlState {
  readonly mode: ConflictMode;
  readonly retransmit: number;
  readonly syncInterval: number;
  readonly maxBatch: number;
  readonly nodes: Map<NodeId, MlNode>;
  tagCounter: number;
}

export interface SyncBody {
  readonly origin: NodeId;
  readonly from: number;
  readonly to: number;
  readonly states: readonly (readonly [string, Versioned])[];
}
export interface SyncAckBody {
  readonly seq: number;
}

const states = new WeakMap<Engine, MlState>();

function stateOf(e: Engine): MlState {
  const s = states.get(e);
  if (s === undefined) throw new Error(`multi-leader state missing (seed ${e.seed})`);
  return s;
}

function mlNode(s: MlState, id: NodeId): MlNode {
  const n = s.nodes.get(id);
  if (n === undefined) throw new Error(`unknown leader ${id}`);
  return n;
}

/** The configured conflict mode (`merge` by default when a merge hook is given). */
export function conflictMode(e: Engine): ConflictMode {
  return e.config.multiLeader?.conflict ?? (e.hooks.merge ? 'merge' : 'lww');
}

export function start(e: Engine): void {
  const cfg = e.config.multiLeader ?? {};
  const s: MlState = {
    mode: conflictMode(e),
    retransmit: cfg.retransmitInterval ?? 250,
    syncInterval: cfg.syncInterval ?? 0,
    maxBatch: e.config.replication?.maxBatch ?? 50,
    nodes: new Map(),
    tagCounter: 0,
  };
  for (const id of e.nodeIds) {
    const peers = new Map<NodeId, PeerProgress>();
    for (const p of e.nodeIds) if (p !== id) peers.set(p, { acked: 0, sent: 0, lastProgress: 0 });
    s.nodes.set(id, { applied: 0, seq: 0, log: [], peers, recv: new Map(), versions: new Map() });
  }
  states.set(e, s);
}

// ---------------------------------------------------------------- version machines

function stepVersion(e: Engine, s: MlState, node: NodeState, key: string, event: VersionEvent): void {
  const ml = mlNode(s, node.id);
  let m = ml.versions.get(key);
  if (m === undefined) {
    m = e.machine(versionMachine, `${node.id}:${key}`, { mode: s.mode });
    ml.versions.set(key, m);
  }
  m.send(event);
}

/** How an incoming state relates to the one held, as a `version` event (null: nothing new). */
function classify(s: MlState, local: Versioned | undefined, incoming: Versioned, next: Versioned): VersionEvent | null {
  if (next.versions !== undefined && next.versions.length > 1) return { type: 'version.siblings' };
  if (local === undefined) return { type: 'version.newer' };
  let order: string;
  switch (s.mode) {
    case 'counter': {
      const a = local.counter ?? EMPTY_COUNTER;
      const m = next.counter ?? EMPTY_COUNTER;
      order = sameCounter(m, a) ? 'before' : sameCounter(m, incoming.counter ?? EMPTY_COUNTER) ? 'after' : 'concurrent';
      break;
    }
    case 'set': {
      const a = local.set ?? EMPTY_SET;
      const m = next.set ?? EMPTY_SET;
      order = sameSet(m, a) ? 'before' : sameSet(m, incoming.set ?? EMPTY_SET) ? 'after' : 'concurrent';
      break;
    }
    case 'lww':
      order = compareVv(incoming.vv, local.vv);
      break;
    case 'version-vector':
    case 'merge':
      order = compareVv(joinVersions(incoming.versions ?? []), joinVersions(local.versions ?? []));
      break;
  }
  if (order === 'after') return { type: 'version.newer' };
  if (order === 'concurrent') return { type: 'version.concurrent' };
  return null;
}

// ---------------------------------------------------------------- records

function emptyRecord(): Versioned {
  return { value: null, siblings: null, ts: 0, writer: '', vv: {}, version: 0, crdt: null };
}

function fromVersions(versions: readonly VvVersion[], base: Versioned): Versioned {
  const first = versions[0];
  return {
    ...base,
    value: first ? first.value : null,
    siblings: versions.length > 1 ? versions.map((v) => v.value) : null,
    vv: joinVersions(versions),
    versions,
  };
}

/** What a read shows: value plus siblings (as one comparable string for change detection). */
function visibleKey(rec: Versioned | undefined): string {
  if (rec === undefined) return 'null';
  return rec.siblings === null ? elementKey(rec.value) : 'S' + elementKey(rec.siblings);
}

function emptyValue(mode: ConflictMode): Value {
  return mode === 'counter' ? 0 : mode === 'set' ? [] : null;
}

/** Stores `next` and records an `apply` when the visible value changed. */
function put(
  e: Engine,
  s: MlState,
  node: NodeState,
  key: string,
  prev: Versioned | undefined,
  next: Versioned,
): boolean {
  node.store.set(key, next);
  if (visibleKey(prev) === visibleKey(next)) return false;
  const ml = mlNode(s, node.id);
  node.appliedLsn = ++ml.applied;
  if (next.siblings === null) e.emit({ type: 'apply', node: node.id, lsn: ml.applied, key, value: next.value });
  else e.emit({ type: 'apply', node: node.id, lsn: ml.applied, key, value: next.value, siblings: next.siblings });
  return true;
}

function mergeHook(e: Engine, node: NodeState): ((a: Value, b: Value) => Value) | null {
  const hook = e.hooks.merge;
  if (!hook) return null;
  return (a, b) => e.callHook('merge', node.id, () => hook(a, b), a);
}

/** The join of a local and an incoming state of one key. */
function mergeRecords(
  e: Engine,
  s: MlState,
  node: NodeState,
  local: Versioned | undefined,
  incoming: Versioned,
): Versioned {
  if (local === undefined) {
    if (s.mode === 'merge' && incoming.versions && incoming.versions.length > 1) {
      const m = mergeHook(e, node);
      if (m) return fromVersions(resolveVersions(incoming.versions, m), incoming);
    }
    return incoming;
  }
  switch (s.mode) {
    case 'lww': {
      // The timestamp picks the value; the vector only records what this state has seen.
      const winner = compareStamps(incoming, local) > 0 ? incoming : local;
      const vv = mergeVv(local.vv, incoming.vv);
      return compareVv(vv, winner.vv) === 'equal' ? winner : { ...winner, vv };
    }
    case 'counter': {
      const c = mergeCounters(local.counter ?? EMPTY_COUNTER, incoming.counter ?? EMPTY_COUNTER);
      return { ...local, counter: c, value: counterValue(c) };
    }
    case 'set': {
      const set = mergeSets(local.set ?? EMPTY_SET, incoming.set ?? EMPTY_SET);
      return { ...local, set, value: setValue(set) };
    }
    case 'version-vector':
    case 'merge': {
      let versions = mergeVersions(local.versions ?? [], incoming.versions ?? []);
      const m = s.mode === 'merge' ? mergeHook(e, node) : null;
      if (m && versions.length > 1) versions = resolveVersions(versions, m);
      return fromVersions(versions, local);
    }
  }
}

// ---------------------------------------------------------------- client requests

export function execute(e: Engine, node: NodeState, req: Request): void {
  const s = stateOf(e);
  const key = req.key;
  const cur = node.store.get(key);
  if (req.kind === 'read') {
    const value = cur?.value ?? emptyValue(s.mode);
    e.respond(req, { ok: true, value, ...(cur?.siblings ? { siblings: cur.siblings } : {}) });
    return;
  }
  if (req.kind === 'cas') {
    // Each leader would compare against its own copy: two could both see the seat free.
    e.respond(req, {
      ok: false,
      definite: true,
      reason: 'unsupported: compare-and-set needs a single leader to compare at',
    });
    return;
  }
  const crdtKinds = s.mode === 'counter' ? ['increment'] : s.mode === 'set' ? ['add', 'remove'] : null;
  if (crdtKinds !== null && !crdtKinds.includes(req.kind)) {
    e.respond(req, {
      ok: false,
      definite: true,
      reason: `unsupported: a ${s.mode} key takes ${crdtKinds.join(' / ')}`,
    });
    return;
  }
  const by = typeof req.value === 'number' ? req.value : 1;
  let next: Versioned;
  let written: Value;
  if (s.mode === 'counter') {
    const c = incrementCounter(cur?.counter ?? EMPTY_COUNTER, node.id, by);
    next = { ...(cur ?? emptyRecord()), counter: c, value: counterValue(c) };
    written = by;
  } else if (s.mode === 'set') {
    const el = req.value ?? null;
    const set0 = cur?.set ?? EMPTY_SET;
    const set = req.kind === 'add' ? addElement(set0, el, `${node.id}:${++s.tagCounter}`) : removeElement(set0, el);
    next = { ...(cur ?? emptyRecord()), set, value: setValue(set) };
    written = el;
  } else {
    // A register: plain writes, or read-modify-write of this leader's current value.
    const before = cur?.value ?? null;
    let value: Value;
    if (req.expr !== undefined) value = e.evalExpr(node, req.expr);
    else if (req.kind === 'delete') value = null;
    else if (req.kind === 'increment') value = (typeof before === 'number' ? before : 0) + by;
    else if (req.kind === 'add' || req.kind === 'remove') {
      const list = Array.isArray(before)
        ? (before as readonly Value[]).filter((x) => elementKey(x) !== elementKey(req.value ?? null))
        : [];
      value = req.kind === 'add' ? [...list, req.value ?? null] : list;
    } else value = req.value ?? null;
    written = value;
    if (s.mode === 'lww') {
      const stamp = { ts: localTime(e.now(), node.skew), writer: node.id };
      const vv = incrementVv(cur?.vv ?? {}, node.id);
      const rec: Versioned = { ...emptyRecord(), value, ts: stamp.ts, writer: stamp.writer, vv };
      if (cur !== undefined && compareStamps(rec, cur) <= 0) {
        // The writer's own clock says this write is older than what it already holds.
        e.emit({
          type: 'note',
          text: `last-write-wins on ${node.id}: ${req.op} (${key}=${JSON.stringify(value)}, clock ${stamp.ts}) is older than the stored value (clock ${cur.ts} from ${cur.writer}) and is discarded — yet it is acknowledged`,
        });
        stepVersion(e, s, node, key, { type: 'version.lost' });
        e.respond(req, { ok: true, value: written });
        return;
      }
      next = rec;
    } else {
      next = fromVersions(writeVersion(cur?.versions ?? [], node.id, value), cur ?? emptyRecord());
    }
  }
  put(e, s, node, key, cur, next);
  stepVersion(e, s, node, key, { type: 'version.write' });
  recordChange(e, s, node, key);
  e.respond(req, { ok: true, value: written });
}

/** Numbers a local change and ships it (now, or at the next sync tick). */
function recordChange(e: Engine, s: MlState, node: NodeState, key: string): void {
  const ml = mlNode(s, node.id);
  ml.seq++;
  ml.log.push(key);
  if (s.syncInterval > 0) {
    if (node.flushArmed) return;
    node.flushArmed = true;
    e.nodeTimer(node, e.now() + s.syncInterval, () => {
      node.flushArmed = false;
      for (const p of ml.peers.keys()) sendNext(e, s, node, p);
    });
    return;
  }
  for (const p of ml.peers.keys()) sendNext(e, s, node, p);
}

// ---------------------------------------------------------------- leader -> leaders

function sendNext(e: Engine, s: MlState, node: NodeState, to: NodeId): void {
  const ml = mlNode(s, node.id);
  const p = ml.peers.get(to);
  if (!p || p.sent >= ml.seq) return;
  const from = Math.max(p.sent, p.acked) + 1;
  const last = Math.min(ml.seq, from + s.maxBatch - 1);
  const keys: string[] = [];
  for (let i = from; i <= last; i++) {
    const k = ml.log[i - 1];
    if (k !== undefined && !keys.includes(k)) keys.push(k);
  }
  const body: SyncBody = {
    origin: node.id,
    from,
    to: last,
    states: keys.map((k) => [k, node.store.get(k) ?? emptyRecord()] as const),
  };
  p.sent = last;
  p.lastProgress = e.now();
  const summary = `${from === last ? `seq ${from}` : `seq ${from}..${last}`}: ${keys.map((k) => describe(s, k, node.store.get(k))).join(', ')}`;
  e.send(node.id, to, 'ml-sync', body, summary);
  armRetransmit(e, s, node);
}

function describe(s: MlState, key: string, rec: Versioned | undefined): string {
  if (rec === undefined) return `${key}=null`;
  const v = rec.siblings ? JSON.stringify(rec.siblings) + ' (siblings)' : JSON.stringify(rec.value);
  if (s.mode === 'lww') return `${key}=${v} @${rec.ts} ${rec.writer}`;
  if (s.mode === 'version-vector' || s.mode === 'merge') return `${key}=${v} ${formatVv(rec.vv)}`;
  return `${key}=${v}`;
}

function armRetransmit(e: Engine, s: MlState, node: NodeState): void {
  const interval = s.retransmit;
  if (interval <= 0 || node.retransmitArmed) return;
  node.retransmitArmed = true;
  e.nodeTimer(node, e.now() + interval / 2, () => {
    node.retransmitArmed = false;
    const ml = mlNode(s, node.id);
    let lagging = false;
    for (const [id, p] of ml.peers) {
      if (p.acked >= ml.seq) continue;
      lagging = true;
      if (e.now() - p.lastProgress >= interval) {
        p.sent = p.acked;
        sendNext(e, s, node, id);
      }
    }
    if (lagging) armRetransmit(e, s, node);
  });
}

export function onMessage(e: Engine, node: NodeState, msg: Message): void {
  const s = stateOf(e);
  if (msg.kind === 'ml-sync') onSync(e, s, node, msg.from, msg.body as SyncBody);
  else if (msg.kind === 'ml-ack') onAck(e, s, node, msg.from, msg.body as SyncAckBody);
}

function onSync(e: Engine, s: MlState, node: NodeState, from: NodeId, b: SyncBody): void {
  for (const [key, incoming] of b.states) {
    const cur = node.store.get(key);
    const next = mergeRecords(e, s, node, cur, incoming);
    if (next === cur) continue;
    put(e, s, node, key, cur, next);
    const ev = classify(s, cur, incoming, next);
    if (ev !== null) stepVersion(e, s, node, key, ev);
  }
  const ml = mlNode(s, node.id);
  const have = ml.recv.get(b.origin) ?? 0;
  // States are whole, so merging is always safe; only a contiguous range moves the acknowledgement.
  const upTo = b.from <= have + 1 ? Math.max(have, b.to) : have;
  ml.recv.set(b.origin, upTo);
  const ack: SyncAckBody = { seq: upTo };
  e.send(node.id, from, 'ml-ack', ack, `have ${b.origin} seq ${upTo}`);
}

function onAck(e: Engine, s: MlState, node: NodeState, from: NodeId, b: SyncAckBody): void {
  const ml = mlNode(s, node.id);
  const p = ml.peers.get(from);
  if (!p) return;
  if (b.seq > p.acked) {
    p.acked = b.seq;
    p.lastProgress = e.now();
  }
  if (p.sent < p.acked) p.sent = p.acked;
  if (b.seq >= p.sent && p.sent < ml.seq) sendNext(e, s, node, from);
}

// ---------------------------------------------------------------- restart

/** The store and change log are durable: a restarted leader re-sends what its peers have not confirmed. */
export function restart(e: Engine, node: NodeState): void {
  const s = stateOf(e);
  const ml = mlNode(s, node.id);
  node.appliedLsn = ml.applied;
  e.emit({ type: 'restart', node: node.id, lsn: ml.applied });
  e.control(node, { type: 'node.restart', role: 'leader' });
  for (const [id, p] of ml.peers) {
    p.sent = p.acked;
    sendNext(e, s, node, id);
  }
}
