/**
 * Single-leader replication (chapters 1–4): the leader appends every write to
 * its log, applies it, and pushes log entries to followers; followers apply
 * them strictly in LSN order, acknowledge what they applied, ask for what they
 * miss, and catch up after a restart from their own LSN. Commit (and the
 * client's acknowledgement) follows the configured mode: async, sync,
 * semi-sync, or a learner's `ackPolicy`.
 */
import type { NodeId, Value } from '../trace/events.ts';
import type { Message } from '../network/network.ts';
import { entryPayload, type LogEntry } from '../model/log.ts';
import type { ReplicaHandle, AckState } from '../hooks.ts';
import type { Engine } from './engine.ts';
import type { NodeState, Request, FollowerProgress } from './types.ts';
import * as failover from './failover.ts';

export interface ReplicateBody {
  readonly epoch: number;
  readonly entries: readonly LogEntry[];
  readonly commit: number;
}
export interface AckBody {
  readonly epoch: number;
  readonly lsn: number;
}
export interface FetchBody {
  readonly epoch: number;
  readonly from: number;
  readonly bootstrap: boolean;
}
export interface SnapshotBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly lastEpoch: number;
  readonly data: readonly (readonly [string, Value])[];
}

/** Minimum gap between two fetches a follower sends on its own. */
const FETCH_BACKOFF = 20;

function isLeader(n: NodeState): boolean {
  return n.role === 'leader' || n.role === 'single';
}

function progressFor(e: Engine): FollowerProgress {
  return { acked: 0, sent: 0, lastProgress: e.now(), lastHeard: e.now() };
}

/** Starts leading: track every other node as a follower and probe where each one is. */
export function initLeader(e: Engine, leader: NodeState): void {
  leader.progress = new Map();
  for (const id of e.nodeIds) if (id !== leader.id) leader.progress.set(id, progressFor(e));
  leader.leader = leader.id;
  if (e.now() > 0 || leader.log.lastLsn > 0) {
    for (const id of leader.progress.keys()) sendReplicate(e, leader, id, []);
  }
}

// ---------------------------------------------------------------- client requests

export function execute(e: Engine, node: NodeState, req: Request): void {
  if (req.kind === 'read') {
    e.respond(req, { ok: true, value: node.data.get(req.key) ?? null, lsn: node.appliedLsn, epoch: node.epoch });
    return;
  }
  if (!isLeader(node)) {
    e.respond(req, { ok: false, definite: true, reason: 'not-leader', leaderHint: node.leader });
    return;
  }
  const refusal = failover.writeRefusal(e, node);
  if (refusal !== null) {
    e.respond(req, { ok: false, definite: true, reason: refusal });
    return;
  }
  const before = node.data.get(req.key) ?? null;
  let value: Value;
  if (req.expr !== undefined) value = e.evalExpr(node, req.expr);
  else if (req.kind === 'delete') value = null;
  else if (req.kind === 'increment')
    value = (typeof before === 'number' ? before : 0) + (typeof req.value === 'number' ? req.value : 1);
  else if (req.kind === 'add' || req.kind === 'remove') {
    const set = Array.isArray(before) ? before.filter((x) => x !== req.value) : [];
    value = req.kind === 'add' ? [...set, req.value ?? null] : set;
  } else value = req.value ?? null;
  const entry = leaderAppend(e, node, req.key, req.kind === 'delete' ? 'delete' : 'set', value, before, req.expr);
  if (e.mode === 'async' && e.hooks.ackPolicy === undefined) {
    commitUpTo(e, node, entry.lsn);
    e.respond(req, { ok: true, value, lsn: entry.lsn, epoch: node.epoch });
  } else {
    node.pending.set(entry.lsn, req);
    maybeCommit(e, node);
  }
  replicateAll(e, node);
}

/** Appends and applies a new entry on the leader. */
function leaderAppend(
  e: Engine,
  node: NodeState,
  key: string,
  op: 'set' | 'delete',
  value: Value,
  before: Value,
  expr: LogEntry['expr'],
): LogEntry {
  const lsn = node.log.lastLsn + 1;
  const format = e.format;
  let entry: LogEntry = { lsn, epoch: node.epoch, key, op, value, before, format };
  if (format === 'statement' && expr !== undefined) entry = { ...entry, expr };
  if (format === 'physical') entry = { ...entry, storageVersion: node.storageVersion };
  if (e.hooks.applyBatch) Object.freeze(entry);
  node.log.append(entry);
  e.emit({ type: 'append', node: node.id, lsn, epoch: entry.epoch, key, format, entry: entryPayload(entry) });
  setValue(node, key, value);
  node.appliedLsn = lsn;
  e.emit({ type: 'apply', node: node.id, lsn, key, value });
  return entry;
}

function setValue(node: NodeState, key: string, value: Value): void {
  if (value === null) node.data.delete(key);
  else node.data.set(key, value);
}

// ---------------------------------------------------------------- commit

function commitReady(e: Engine, leader: NodeState, lsn: number): boolean {
  const hook = e.hooks.ackPolicy;
  if (hook) {
    const acked: NodeId[] = [];
    const followers: { node: NodeId; ackedLsn: number; lastHeardAgo: number }[] = [];
    for (const [id, p] of leader.progress) {
      if (p.acked >= lsn) acked.push(id);
      followers.push({ node: id, ackedLsn: p.acked, lastHeardAgo: e.now() - p.lastHeard });
    }
    const req = leader.pending.get(lsn);
    const state: AckState = { lsn, leader: leader.id, acked, followers, waited: req ? e.now() - req.arrivedAt : 0 };
    return e.callHook('ackPolicy', leader.id, () => hook(state) === true, false);
  }
  if (e.mode === 'async' || leader.progress.size === 0) return true;
  if (e.mode === 'sync') {
    for (const p of leader.progress.values()) if (p.acked < lsn) return false;
    return true;
  }
  const allowed = e.config.replication?.syncFollowers;
  for (const [id, p] of leader.progress) {
    if (p.acked >= lsn && (allowed === undefined || allowed.includes(id))) return true;
  }
  return false;
}

export function maybeCommit(e: Engine, leader: NodeState): void {
  let c = leader.commitLsn;
  const last = leader.log.lastLsn;
  while (c < last && commitReady(e, leader, c + 1)) c++;
  if (c > leader.commitLsn) commitUpTo(e, leader, c);
}

function commitUpTo(e: Engine, leader: NodeState, lsn: number): void {
  const from = leader.commitLsn + 1;
  leader.commitLsn = lsn;
  e.emit({ type: 'commit', node: leader.id, lsn });
  if (leader.pending.size > 0) {
    for (let i = from; i <= lsn; i++) {
      const req = leader.pending.get(i);
      if (req === undefined) continue;
      leader.pending.delete(i);
      const entry = leader.log.get(i);
      e.respond(req, { ok: true, value: entry ? entry.value : null, lsn: i, epoch: leader.epoch });
    }
  }
  e.cdc.onCommit(leader);
  compact(e, leader);
}

/** Drops log entries beyond the retention limit, folding them into the durable base data. */
function compact(e: Engine, leader: NodeState): void {
  const retain = e.config.replication?.retainLog;
  if (retain === undefined || leader.log.entries.length <= retain) return;
  const upTo = Math.min(leader.commitLsn, leader.log.lastLsn - retain);
  for (let lsn = leader.log.base + 1; lsn <= upTo; lsn++) {
    const en = leader.log.get(lsn);
    if (!en) continue;
    if (en.value === null) leader.baseData.delete(en.key);
    else leader.baseData.set(en.key, en.value);
  }
  leader.log.compactTo(upTo);
}

// ---------------------------------------------------------------- leader -> followers

export function replicateAll(e: Engine, leader: NodeState): void {
  const delay = e.config.replication?.batchDelay ?? 0;
  if (delay > 0) {
    if (leader.flushArmed) return;
    leader.flushArmed = true;
    e.nodeTimer(leader, e.now() + delay, () => {
      leader.flushArmed = false;
      for (const id of leader.progress.keys()) sendNext(e, leader, id);
    });
    return;
  }
  for (const id of leader.progress.keys()) sendNext(e, leader, id);
}

/** Sends the follower what it has not been sent yet. */
function sendNext(e: Engine, leader: NodeState, to: NodeId): void {
  const p = leader.progress.get(to);
  if (!p) return;
  const last = leader.log.lastLsn;
  if (p.sent >= last) return;
  const from = Math.max(p.sent, p.acked) + 1;
  const entries = leader.log.from(from, e.config.replication?.maxBatch ?? 50);
  if (entries === undefined) {
    sendSnapshot(e, leader, to);
    return;
  }
  if (entries.length === 0) return;
  p.sent = from - 1 + entries.length;
  // Waiting for an answer to this send counts as progress: retransmit only after a silent interval.
  p.lastProgress = e.now();
  sendReplicate(e, leader, to, entries);
  armRetransmit(e, leader);
}

function sendReplicate(e: Engine, leader: NodeState, to: NodeId, entries: readonly LogEntry[]): void {
  const first = entries[0];
  const last = entries[entries.length - 1];
  const summary =
    first && last ? (first.lsn === last.lsn ? `LSN ${first.lsn}` : `LSN ${first.lsn}..${last.lsn}`) : 'probe';
  const body: ReplicateBody = { epoch: leader.epoch, entries, commit: leader.commitLsn };
  e.send(leader.id, to, 'replicate', body, summary);
}

function sendSnapshot(e: Engine, leader: NodeState, to: NodeId): void {
  const p = leader.progress.get(to);
  const data = [...leader.data.entries()];
  const body: SnapshotBody = {
    epoch: leader.epoch,
    lsn: leader.appliedLsn,
    lastEpoch: leader.log.epochAt(leader.appliedLsn) ?? leader.epoch,
    data,
  };
  if (p) p.sent = leader.appliedLsn;
  e.send(leader.id, to, 'snapshot', body, `snapshot @ LSN ${leader.appliedLsn}`);
  armRetransmit(e, leader);
}

/** While some follower lags, periodically re-send from its acknowledged LSN (covers lost messages). */
function armRetransmit(e: Engine, leader: NodeState): void {
  const interval = e.config.replication?.retransmitInterval ?? 250;
  if (interval <= 0 || leader.retransmitArmed) return;
  leader.retransmitArmed = true;
  // Check twice per interval so a silent follower waits between one and 1.5 intervals, not two.
  e.nodeTimer(leader, e.now() + interval / 2, () => {
    leader.retransmitArmed = false;
    if (!isLeader(leader)) return;
    const last = leader.log.lastLsn;
    let lagging = false;
    for (const [id, p] of leader.progress) {
      if (p.acked >= last) continue;
      lagging = true;
      if (e.now() - p.lastProgress >= interval) {
        p.sent = p.acked;
        p.lastProgress = e.now();
        sendNext(e, leader, id);
      }
    }
    if (lagging) armRetransmit(e, leader);
  });
}

// ---------------------------------------------------------------- messages

export function onMessage(e: Engine, node: NodeState, msg: Message): void {
  switch (msg.kind) {
    case 'replicate':
      onReplicate(e, node, msg.from, msg.body as ReplicateBody);
      break;
    case 'ack':
      onAck(e, node, msg.from, msg.body as AckBody);
      break;
    case 'fetch':
      onFetch(e, node, msg.from, msg.body as FetchBody);
      break;
    case 'snapshot':
      onSnapshot(e, node, msg.from, msg.body as SnapshotBody);
      break;
  }
}

function onReplicate(e: Engine, node: NodeState, from: NodeId, b: ReplicateBody): void {
  if (!failover.acceptFromLeader(e, node, from, b.epoch)) return;
  node.leader = from;
  const hook = e.hooks.applyBatch;
  if (hook && b.entries.length > 0) {
    const handle = replicaHandle(e, node);
    const copy = b.entries.slice();
    e.callHook('applyBatch', node.id, () => hook(handle, copy), undefined);
  } else applyInOrder(e, node, b.entries);
  sendAck(e, node, from);
}

/** The engine's own follower logic (what a correct `applyBatch` does). */
function applyInOrder(e: Engine, node: NodeState, entries: readonly LogEntry[]): void {
  let dup: LogEntry | null = null;
  for (const en of entries) {
    if (node.broken !== null) return;
    if (en.lsn <= node.appliedLsn) {
      if (dup === null) dup = en;
      continue;
    }
    if (en.lsn !== node.appliedLsn + 1) {
      e.emit({ type: 'reject-entry', node: node.id, lsn: en.lsn, reason: `gap: expected LSN ${node.appliedLsn + 1}` });
      if (e.now() - node.lastFetchAt >= FETCH_BACKOFF) sendFetch(e, node, node.appliedLsn + 1, false);
      break;
    }
    applyEntry(e, node, en);
  }
  if (dup !== null) e.emit({ type: 'reject-entry', node: node.id, lsn: dup.lsn, reason: 'duplicate: already applied' });
}

/** Appends a replicated entry to a follower's log and applies it. Returns false when it cannot. */
export function applyEntry(e: Engine, node: NodeState, en: LogEntry): boolean {
  if (en.format === 'physical' && (en.storageVersion ?? 1) !== node.storageVersion) {
    const reason = `storage format mismatch: entry written by v${en.storageVersion ?? 1}, this node runs v${node.storageVersion}`;
    e.emit({ type: 'reject-entry', node: node.id, lsn: en.lsn, reason });
    node.broken = reason;
    return false;
  }
  let stored = en;
  if (en.format === 'statement' && en.expr !== undefined) {
    // Statement replication re-executes the statement: NOW() and RAND() are evaluated here, again.
    stored = { ...en, value: e.evalExpr(node, en.expr) };
  }
  node.log.append(stored);
  e.emit({
    type: 'append',
    node: node.id,
    lsn: en.lsn,
    epoch: en.epoch,
    key: en.key,
    format: en.format,
    entry: entryPayload(en),
  });
  setValue(node, en.key, stored.value);
  node.appliedLsn = en.lsn;
  e.emit({ type: 'apply', node: node.id, lsn: en.lsn, key: en.key, value: stored.value });
  return true;
}

function replicaHandle(e: Engine, node: NodeState): ReplicaHandle {
  return {
    node: node.id,
    get appliedLsn() {
      return node.appliedLsn;
    },
    get: (key: string) => node.data.get(key) ?? null,
    apply: (entry: LogEntry) => {
      if (
        entry === null ||
        typeof entry !== 'object' ||
        typeof entry.lsn !== 'number' ||
        typeof entry.key !== 'string'
      ) {
        throw new TypeError('replica.apply expects one of the log entries it was given');
      }
      if (node.broken === null) applyEntry(e, node, entry);
    },
    requestFrom: (lsn: number) => {
      if (typeof lsn !== 'number' || !Number.isFinite(lsn))
        throw new TypeError('replica.requestFrom expects an LSN number');
      sendFetch(e, node, lsn, false);
    },
  };
}

function sendAck(e: Engine, node: NodeState, to: NodeId): void {
  const body: AckBody = { epoch: node.epoch, lsn: node.appliedLsn };
  e.send(node.id, to, 'ack', body, `applied ${node.appliedLsn}`);
}

export function sendFetch(e: Engine, node: NodeState, from: number, bootstrap: boolean): void {
  const leader = node.leader;
  if (leader === null || leader === node.id) return;
  node.lastFetchAt = e.now();
  const body: FetchBody = { epoch: node.epoch, from, bootstrap };
  e.send(node.id, leader, 'fetch', body, bootstrap ? 'bootstrap' : `from LSN ${from}`);
}

function onAck(e: Engine, leader: NodeState, from: NodeId, b: AckBody): void {
  if (!isLeader(leader)) return;
  const p = leader.progress.get(from);
  if (!p) return;
  p.lastHeard = e.now();
  if (b.lsn > p.acked) {
    p.acked = b.lsn;
    p.lastProgress = e.now();
  }
  if (p.sent < p.acked) p.sent = p.acked;
  maybeCommit(e, leader);
  // The follower has everything we sent but there is more: keep streaming.
  if (b.lsn >= p.sent && p.sent < leader.log.lastLsn) sendNext(e, leader, from);
}

function onFetch(e: Engine, leader: NodeState, from: NodeId, b: FetchBody): void {
  if (!isLeader(leader)) return;
  let p = leader.progress.get(from);
  if (!p) {
    p = progressFor(e);
    leader.progress.set(from, p);
  }
  p.lastHeard = e.now();
  if (b.bootstrap || b.from <= leader.log.base) {
    sendSnapshot(e, leader, from);
    return;
  }
  p.acked = Math.max(p.acked, b.from - 1);
  p.sent = b.from - 1;
  sendNext(e, leader, from);
}

function onSnapshot(e: Engine, node: NodeState, from: NodeId, b: SnapshotBody): void {
  if (!failover.acceptFromLeader(e, node, from, b.epoch)) return;
  node.leader = from;
  if (b.lsn > node.appliedLsn || node.log.lastLsn === 0) {
    node.data = new Map(b.data);
    node.baseData = new Map(b.data);
    node.log.resetTo(b.lsn, b.lastEpoch);
    node.appliedLsn = b.lsn;
    node.broken = null;
    e.emit({ type: 'snapshot', node: node.id, from, lsn: b.lsn, data: Object.fromEntries(b.data) });
  }
  sendAck(e, node, from);
}

// ---------------------------------------------------------------- restart and membership

/** Rebuilds memory from the durable log, then rejoins as leader or follower. */
export function restart(e: Engine, node: NodeState): void {
  const data = new Map(node.baseData);
  for (const en of node.log.entries) {
    if (en.value === null) data.delete(en.key);
    else data.set(en.key, en.value);
  }
  node.data = data;
  node.appliedLsn = node.log.lastLsn;
  node.commitLsn = node.log.lastLsn;
  node.lastHeardLeader = e.now();
  e.emit({ type: 'restart', node: node.id, lsn: node.log.lastLsn });
  const role = failover.restartRole(e, node);
  e.control(node, { type: 'node.restart', role });
  if (node.cap) e.emit({ type: 'queue', node: node.id, depth: 0 });
  if (isLeader(node)) {
    initLeader(e, node);
  } else {
    failover.onFollowerStart(e, node);
    sendFetch(e, node, node.appliedLsn + 1, false);
  }
}

/** A brand-new follower joins and bootstraps from a snapshot of the leader. */
export function addFollower(e: Engine, id: NodeId): void {
  if (e.nodes.has(id)) throw new Error(`addFollower: node "${id}" already exists (seed ${e.seed})`);
  const leader = e.currentLeader();
  const node = e.addNode(id, 'follower');
  node.leader = leader?.id ?? null;
  node.lastHeardLeader = e.now();
  e.emit({ type: 'note', text: `${id} joins as a new follower and bootstraps from a snapshot` });
  if (leader && leader.role === 'leader') leader.progress.set(id, progressFor(e));
  sendFetch(e, node, 1, true);
  failover.onFollowerStart(e, node);
}
