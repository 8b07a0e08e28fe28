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

/**
 * Entries with the position and epoch of the entry just before them, so the
 * follower appends only onto a log that matches the leader's up to there (log
 * matching, as in Raft's AppendEntries or Kafka's leader-epoch check).
 */
export interface ReplicateBody {
  readonly epoch: number;
  readonly prevLsn: number;
  readonly prevEpoch: number;
  readonly entries: readonly LogEntry[];
  readonly commit: number;
}
/** "My log matches yours up to `lsn`, whose entry has epoch `lsnEpoch`." */
export interface AckBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly lsnEpoch: number;
}
/** "Send me entries from `from`; my entry at `from - 1` has epoch `lastEpoch`." */
export interface FetchBody {
  readonly epoch: number;
  readonly from: number;
  readonly lastEpoch: number | undefined;
  readonly bootstrap: boolean;
}
/** "Cut your log back to `to`: after it, your entries conflict with mine." */
export interface TruncateBody {
  readonly epoch: number;
  readonly to: number;
}
export interface SnapshotBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly lastEpoch: number;
  readonly data: readonly (readonly [string, Value])[];
}

/** Minimum gap between two fetches a follower sends on its own. */
const FETCH_BACKOFF = 20;

/**
 * Batches a leader keeps in flight to one follower (pipelining, as Raft
 * implementations and PostgreSQL's WAL streaming do): a follower catching up
 * over a lossy link then waits for a retransmission only when a whole window
 * is lost, not for a round trip per batch.
 */
const PIPELINE_BATCHES = 4;

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
  if (req.kind === 'read' && !(req.forLeader && e.failoverOn)) {
    e.respond(req, { ok: true, value: node.data.get(req.key) ?? null, lsn: node.appliedLsn, epoch: node.epoch });
    return;
  }
  if (!isLeader(node)) {
    e.respond(req, { ok: false, definite: true, reason: 'not-leader', leaderHint: node.leader });
    return;
  }
  const refusal = failover.leaseRefusal(e, node);
  if (refusal === null && req.kind === 'read') {
    e.respond(req, { ok: true, value: node.data.get(req.key) ?? null, lsn: node.appliedLsn, epoch: node.epoch });
    return;
  }
  if (refusal !== null) {
    e.respond(req, { ok: false, definite: true, reason: refusal });
    return;
  }
  const before = node.data.get(req.key) ?? null;
  if (req.kind === 'cas' && !sameValue(before, req.expected ?? null)) {
    // Compared and found something else: it happened, and changed nothing.
    e.respond(req, { ok: true, value: false, lsn: node.appliedLsn, epoch: node.epoch });
    return;
  }
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
    e.respond(req, { ok: true, value: req.kind === 'cas' ? true : value, lsn: entry.lsn, epoch: node.epoch });
  } else {
    node.pending.set(entry.lsn, req);
    maybeCommit(e, node);
    if (node.pending.size > 0 && node.commit?.state === 'leading.idle') node.commit.send({ type: 'write.pending' });
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
  setValue(node.data, key, value);
  node.appliedLsn = lsn;
  e.emit({ type: 'apply', node: node.id, lsn, key, value });
  return entry;
}

/** Value equality for compare-and-set (values are JSON: compare their encodings). */
function sameValue(a: Value, b: Value): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function setValue(data: Map<string, Value>, key: string, value: Value): void {
  if (value === null) data.delete(key);
  else data.set(key, value);
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
      const value = req.kind === 'cas' ? true : entry ? entry.value : null;
      e.respond(req, { ok: true, value, lsn: i, epoch: leader.epoch });
    }
  }
  if (leader.pending.size === 0 && leader.commit !== null && leader.commit.state !== 'leading.idle') {
    if (leader.commit.state === 'leading.waiting' || leader.commit.state === 'leading.blocked')
      leader.commit.send({ type: 'write.committed' });
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

/**
 * Sends the follower what it has not been sent yet, keeping up to `window`
 * batches in flight. An answer to a fetch sends one batch: the follower's acks
 * then open the window, so a follower that asks too often (a learner's
 * `applyBatch` fetching after every batch, say) cannot multiply the traffic.
 */
function sendNext(e: Engine, leader: NodeState, to: NodeId, window = PIPELINE_BATCHES): void {
  const p = leader.progress.get(to);
  if (!p) return;
  const last = leader.log.lastLsn;
  const maxBatch = e.config.replication?.maxBatch ?? 50;
  let sent = false;
  let batches = 0;
  while (p.sent < last && p.sent - p.acked < PIPELINE_BATCHES * maxBatch && batches < window) {
    const from = Math.max(p.sent, p.acked) + 1;
    const entries = leader.log.from(from, maxBatch);
    if (entries === undefined) {
      sendSnapshot(e, leader, to);
      return;
    }
    if (entries.length === 0) break;
    p.sent = from - 1 + entries.length;
    sendReplicate(e, leader, to, entries);
    sent = true;
    batches++;
  }
  if (!sent) return;
  // Waiting for an answer to this send counts as progress: retransmit only after a silent interval.
  p.lastProgress = e.now();
  armRetransmit(e, leader);
}

function sendReplicate(e: Engine, leader: NodeState, to: NodeId, entries: readonly LogEntry[]): void {
  const first = entries[0];
  const last = entries[entries.length - 1];
  const summary =
    first && last ? (first.lsn === last.lsn ? `LSN ${first.lsn}` : `LSN ${first.lsn}..${last.lsn}`) : 'probe';
  const prevLsn = first ? first.lsn - 1 : leader.log.lastLsn;
  const body: ReplicateBody = {
    epoch: leader.epoch,
    prevLsn,
    prevEpoch: leader.log.epochAt(prevLsn) ?? 0,
    entries,
    commit: leader.commitLsn,
  };
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
  if (p) p.sent = Math.max(p.sent, leader.appliedLsn);
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
    watchRequiredFollowers(e, leader, interval);
    if (lagging) armRetransmit(e, leader);
  });
}

/**
 * Sync and semi-sync: writes are blocked while a follower they need has been
 * silent for a whole retransmission interval (down, cut off or very slow), and
 * waiting again once it answers.
 */
function watchRequiredFollowers(e: Engine, leader: NodeState, interval: number): void {
  const m = leader.commit;
  if (m === null || (e.mode !== 'sync' && e.mode !== 'semi-sync') || e.hooks.ackPolicy !== undefined) return;
  const silent = (p: FollowerProgress): boolean => e.now() - p.lastHeard >= interval;
  let blocked: boolean;
  if (e.mode === 'sync') blocked = [...leader.progress.values()].some(silent);
  else {
    const allowed = e.config.replication?.syncFollowers;
    const candidates = [...leader.progress].filter(([id]) => allowed === undefined || allowed.includes(id));
    blocked = candidates.length > 0 && candidates.every(([, p]) => silent(p));
  }
  if (blocked && m.state === 'leading.waiting') m.send({ type: 'follower.silent' });
  else if (!blocked && m.state === 'leading.blocked') m.send({ type: 'follower.back' });
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
    case 'truncate':
      onTruncate(e, node, msg.from, msg.body as TruncateBody);
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
    const before = node.log.lastLsn;
    e.callHook('applyBatch', node.id, () => hook(handle, copy), undefined);
    if (node.log.lastLsn > before) e.stream(node, { type: 'stream.in-step' });
    sendAck(e, node, from, node.log.lastLsn);
    return;
  }
  const matched = appendMatching(e, node, b);
  if (matched !== null) sendAck(e, node, from, matched);
}

/**
 * The engine's own follower logic (what a correct `applyBatch` does, plus log
 * matching): append only onto a log whose entry at `prevLsn` has the leader's
 * epoch there; skip entries already held with the same epoch; cut back a
 * conflicting suffix before appending. Returns the LSN up to which this log now
 * matches the leader's, or null when it could not tell (gap or conflict: it
 * asks the leader for its position instead).
 */
function appendMatching(e: Engine, node: NodeState, b: ReplicateBody): number | null {
  const log = node.log;
  // A follower stalled on an incompatible storage version takes nothing more until it is rebuilt.
  if (node.broken !== null) return null;
  if (b.prevLsn > log.lastLsn) {
    const first = b.entries[0];
    if (first !== undefined)
      e.emit({ type: 'reject-entry', node: node.id, lsn: first.lsn, reason: `gap: expected LSN ${log.lastLsn + 1}` });
    e.stream(node, { type: 'stream.gap' });
    fetchNext(e, node);
    return null;
  }
  if (b.prevLsn >= log.base && log.epochAt(b.prevLsn) !== b.prevEpoch) {
    const first = b.entries[0];
    if (first !== undefined)
      e.emit({
        type: 'reject-entry',
        node: node.id,
        lsn: first.lsn,
        reason: `conflict: entry ${b.prevLsn} has epoch ${log.epochAt(b.prevLsn) ?? '?'} here, ${b.prevEpoch} on the leader`,
      });
    e.stream(node, { type: 'stream.conflict' });
    fetchNext(e, node);
    return null;
  }
  let dup: LogEntry | null = null;
  let matched = b.prevLsn;
  for (const en of b.entries) {
    if (node.broken !== null) return null;
    if (en.lsn <= log.base) {
      matched = en.lsn;
      continue;
    }
    const held = log.get(en.lsn);
    if (held !== undefined && held.epoch === en.epoch) {
      if (dup === null) dup = en;
      matched = en.lsn;
      continue;
    }
    if (held !== undefined) truncateLog(e, node, en.lsn - 1);
    if (!applyEntry(e, node, en)) return null;
    matched = en.lsn;
  }
  if (dup !== null) e.emit({ type: 'reject-entry', node: node.id, lsn: dup.lsn, reason: 'duplicate: already applied' });
  e.stream(node, { type: 'stream.in-step' });
  return matched;
}

/** Asks the leader to continue after this node's last entry (at most once per back-off interval). */
function fetchNext(e: Engine, node: NodeState): void {
  if (e.now() - node.lastFetchAt >= FETCH_BACKOFF) sendFetch(e, node, node.log.lastLsn + 1, false);
}

/**
 * Cuts a node's log back to `to`, rebuilding its data from what remains. The
 * dropped entries conflicted with the leader's log: they were never committed
 * by any leader this node now follows.
 */
export function truncateLog(e: Engine, node: NodeState, to: number): void {
  const dropped = node.log.truncateAfter(to);
  const first = dropped[0];
  const last = dropped[dropped.length - 1];
  if (first === undefined || last === undefined) return;
  const data = new Map(node.baseData);
  for (const en of node.log.entries) setValue(data, en.key, en.value);
  const touched: Record<string, Value> = {};
  for (const key of [...new Set(dropped.map((d) => d.key))].sort()) touched[key] = data.get(key) ?? null;
  node.data = data;
  node.appliedLsn = node.log.lastLsn;
  if (node.commitLsn > node.log.lastLsn) node.commitLsn = node.log.lastLsn;
  e.emit({
    type: 'truncate',
    node: node.id,
    lsn: node.log.lastLsn,
    from: first.lsn,
    to: last.lsn,
    epoch: first.epoch,
    data: touched,
  });
}

/** Appends a replicated entry to a follower's log and applies it. Returns false when it cannot. */
export function applyEntry(e: Engine, node: NodeState, en: LogEntry): boolean {
  if (en.format === 'physical' && (en.storageVersion ?? 1) !== node.storageVersion) {
    const reason = `storage format mismatch: entry written by v${en.storageVersion ?? 1}, this node runs v${node.storageVersion}`;
    e.emit({ type: 'reject-entry', node: node.id, lsn: en.lsn, reason });
    node.broken = reason;
    e.stream(node, { type: 'stream.stall' });
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
  setValue(node.data, en.key, stored.value);
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

function sendAck(e: Engine, node: NodeState, to: NodeId, lsn: number): void {
  const body: AckBody = { epoch: node.epoch, lsn, lsnEpoch: node.log.epochAt(lsn) ?? 0 };
  e.send(node.id, to, 'ack', body, `applied ${lsn}`);
}

export function sendFetch(e: Engine, node: NodeState, from: number, bootstrap: boolean): void {
  const leader = node.leader;
  if (leader === null || leader === node.id) return;
  node.lastFetchAt = e.now();
  e.stream(node, { type: bootstrap ? 'stream.snapshot-requested' : 'stream.fetch' });
  const body: FetchBody = { epoch: node.epoch, from, lastEpoch: node.log.epochAt(from - 1), bootstrap };
  e.send(node.id, leader, 'fetch', body, bootstrap ? 'bootstrap' : `from LSN ${from}`);
}

function onAck(e: Engine, leader: NodeState, from: NodeId, b: AckBody): void {
  if (!isLeader(leader)) return;
  const p = leader.progress.get(from);
  if (!p) return;
  p.lastHeard = e.now();
  // Count only what the follower holds as we do: the same LSN with the same epoch.
  if (leader.log.epochAt(b.lsn) !== b.lsnEpoch && b.lsn > leader.log.base) return;
  if (b.lsn > p.acked) {
    p.acked = b.lsn;
    p.lastProgress = e.now();
  }
  if (p.sent < p.acked) p.sent = p.acked;
  maybeCommit(e, leader);
  // Room in the window and more to send: keep streaming.
  if (p.sent < leader.log.lastLsn) sendNext(e, leader, from);
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
  const theirLast = b.from - 1;
  if (b.lastEpoch !== undefined && leader.log.epochAt(theirLast) !== b.lastEpoch) {
    // Their log diverges from ours at or before `theirLast`: have them cut it back to where it may agree.
    const to = Math.min(theirLast - 1, lastLsnUpToEpoch(leader, b.lastEpoch));
    const body: TruncateBody = { epoch: leader.epoch, to };
    e.send(leader.id, from, 'truncate', body, `truncate to LSN ${to}`);
    return;
  }
  if (b.lastEpoch !== undefined) {
    // Verified: their log matches ours up to `theirLast` (and no further, as far as we know).
    p.acked = theirLast;
    maybeCommit(e, leader);
  }
  p.sent = Math.min(theirLast, leader.log.lastLsn);
  sendNext(e, leader, from, 1);
}

/** The last LSN of the leader's log whose entry is from `epoch` or earlier (Kafka's end offset for an epoch). */
function lastLsnUpToEpoch(leader: NodeState, epoch: number): number {
  const log = leader.log;
  let lsn = log.lastLsn;
  while (lsn > log.base && (log.epochAt(lsn) ?? 0) > epoch) lsn--;
  return lsn;
}

/** The leader says our log conflicts with its own after `to`: cut it back and ask again from there. */
function onTruncate(e: Engine, node: NodeState, from: NodeId, b: TruncateBody): void {
  if (!failover.acceptFromLeader(e, node, from, b.epoch)) return;
  e.stream(node, { type: 'stream.truncate' });
  if (node.log.lastLsn > b.to) truncateLog(e, node, Math.max(b.to, node.log.base));
  sendFetch(e, node, Math.min(node.log.lastLsn, b.to) + 1, false);
}

function onSnapshot(e: Engine, node: NodeState, from: NodeId, b: SnapshotBody): void {
  if (!failover.acceptFromLeader(e, node, from, b.epoch)) return;
  node.leader = from;
  const matches = node.log.epochAt(b.lsn) === b.lastEpoch;
  if (b.lsn > node.log.lastLsn || node.log.lastLsn === 0 || !matches) {
    node.data = new Map(b.data);
    node.baseData = new Map(b.data);
    node.log.resetTo(b.lsn, b.lastEpoch);
    node.appliedLsn = b.lsn;
    node.broken = null;
    e.emit({
      type: 'snapshot',
      node: node.id,
      from,
      lsn: b.lsn,
      epoch: b.lastEpoch,
      data: Object.fromEntries(b.data),
    });
    e.stream(node, { type: 'stream.snapshot-loaded' });
  }
  sendAck(e, node, from, b.lsn);
}

// ---------------------------------------------------------------- restart and membership

/** Rebuilds memory from the durable log, then rejoins as leader or follower. */
export function restart(e: Engine, node: NodeState): void {
  const data = new Map(node.baseData);
  for (const en of node.log.entries) setValue(data, en.key, en.value);
  node.data = data;
  node.appliedLsn = node.log.lastLsn;
  node.commitLsn = node.log.lastLsn;
  node.lastHeardLeader = e.now();
  e.emit({ type: 'restart', node: node.id, lsn: node.log.lastLsn });
  e.stream(node, { type: 'node.restart' });
  if (node.broken !== null) e.stream(node, { type: 'stream.stall' });
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
