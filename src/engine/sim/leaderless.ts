/**
 * Leaderless replication (chapter 8), Dynamo style. The `replicas` are the n
 * home replicas of every key; `quorum.standbys` are extra nodes used only as
 * stand-ins. Any node a client talks to coordinates its request:
 *
 * - write: the coordinator stamps the value with a *version* — its own clock
 *   reading in ms (made to exceed the versions this session has already seen
 *   and this coordinator has already issued) with its name as tie-breaker —
 *   sends it to all n home replicas and answers `ok` once w have stored it.
 *   Without w acknowledgements within `requestTimeout` the client gets `info`
 *   (`quorum-timeout`), but the replicas that stored it keep it: a later read
 *   may return a write the client was told did not complete.
 * - read: the coordinator asks all n and, with r answers, returns the newest
 *   version (or what the learner's `reconcile` hook decides). With
 *   `readRepair`, answers older than that are overwritten (`repair` events,
 *   via `read-repair`).
 * - sloppy quorums: a write still short of w after `hintAfter` ms goes to
 *   stand-ins, each holding it as a *hint* for one unreachable home replica;
 *   hints count toward w, but reads ask only home replicas. A stand-in hands
 *   its hints over once the home replica is reachable (`repair` via
 *   `hinted-handoff`).
 * - anti-entropy: every `antiEntropyInterval` ms each home replica sends its
 *   records to the next peer in turn; both sides keep the newer version of
 *   each key (`repair` via `anti-entropy`).
 *
 * Replicas are durable (a crash loses nothing) unless `wipeOnCrash` is set,
 * which is the "replica that lost its data" case: it restarts empty (recorded
 * as `apply` events with value null).
 *
 * In the trace, an `apply` (value stored by a write) counts the node's changes
 * in `lsn` (1, 2, 3, ...); versions appear in message summaries
 * (`x=5 @v120.004 A`) and in the `QuorumResponse`s a `reconcile` hook sees.
 */
import type { NodeId, Value } from '../trace/events.ts';
import type { Message } from '../network/network.ts';
import type { QuorumResponse } from '../hooks.ts';
import type { Engine } from './engine.ts';
import type { NodeState, Request, Versioned } from './types.ts';
import { localTime } from '../model/clock.ts';
import { compareRecords, majority, newest, staleAnswers, type Answer } from '../model/quorum.ts';
import { elementKey } from '../model/or-set.ts';
import { hintMachine, quorumMachine, type HintEvent, type QuorumEvent } from '../machines/quorum.ts';
import type { MachineInstance } from '../machines/host.ts';

type RepairVia = 'read-repair' | 'anti-entropy' | 'hinted-handoff';

interface WriteOp {
  readonly kind: 'write';
  readonly req: Request;
  readonly coord: NodeState;
  readonly inc: number;
  readonly rec: Versioned;
  readonly acks: Set<NodeId>;
  readonly standbysUsed: Set<NodeId>;
  /** The operation's `quorum` machine (owner `op-N@coordinator`). */
  readonly machine: MachineInstance;
  done: boolean;
}

interface ReadOp {
  readonly kind: 'read';
  readonly req: Request;
  readonly coord: NodeState;
  readonly inc: number;
  readonly answers: Answer<Versioned>[];
  readonly machine: MachineInstance;
  done: boolean;
}

interface LlState {
  readonly homes: readonly NodeId[];
  readonly standbys: readonly NodeId[];
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly readRepair: boolean;
  readonly antiEntropy: number;
  readonly sloppy: boolean;
  readonly timeout: number;
  readonly hintAfter: number;
  readonly handoff: number;
  readonly wipeOnCrash: boolean;
  nextRid: number;
  readonly ops: Map<number, WriteOp | ReadOp>;
  /** session -> key -> highest version the session has seen (its causal context). */
  readonly ctx: Map<string, Map<string, number>>;
  /** coordinator -> highest version it issued. */
  readonly issued: Map<NodeId, number>;
  /** node -> changes applied (the `lsn` of its `apply` events; durable). */
  readonly applied: Map<NodeId, number>;
  readonly aeRound: Map<NodeId, number>;
  readonly handoffArmed: Set<NodeId>;
  /** Read id -> its machine and the read-repair write-backs not yet stored. */
  readonly repairing: Map<number, { readonly machine: MachineInstance; left: number }>;
  /** Stand-in -> its `hint` machine (created with its first hint). */
  readonly hintMachines: Map<NodeId, MachineInstance>;
}

interface WriteBody {
  readonly rid: number;
  readonly key: string;
  readonly rec: Versioned;
  /** Set when the receiver is a stand-in holding the write for this home replica. */
  readonly hintFor: NodeId | null;
}
interface RidBody {
  readonly rid: number;
  readonly key: string;
}
interface ReadReplyBody {
  readonly rid: number;
  readonly rec: Versioned | null;
}
interface RecordBody {
  readonly key: string;
  readonly rec: Versioned;
  readonly via: RepairVia;
  /** Read repair: the read whose write-back this is. */
  readonly rid?: number;
}
interface AntiEntropyBody {
  readonly records: readonly (readonly [string, Versioned])[];
}

const states = new WeakMap<Engine, LlState>();

function stateOf(e: Engine): LlState {
  const s = states.get(e);
  if (s === undefined) throw new Error(`leaderless state missing (seed ${e.seed})`);
  return s;
}

export function start(e: Engine): void {
  const t = e.config.topology;
  const homes = 'replicas' in t ? [...t.replicas] : [];
  const q = e.config.quorum ?? {};
  const n = homes.length;
  const w = q.w ?? majority(n);
  const r = q.r ?? majority(n);
  if (n === 0) throw new Error(`A leaderless topology needs at least one replica (seed ${e.seed})`);
  if (!(w >= 1 && w <= n) || !(r >= 1 && r <= n))
    throw new Error(`quorum w=${w}, r=${r} must each be between 1 and n=${n} (seed ${e.seed})`);
  const timeout = q.requestTimeout ?? 200;
  const s: LlState = {
    homes,
    standbys: [...(q.standbys ?? [])],
    n,
    w,
    r,
    readRepair: q.readRepair ?? false,
    antiEntropy: q.antiEntropyInterval ?? 0,
    sloppy: q.sloppy ?? false,
    timeout,
    hintAfter: q.hintAfter ?? timeout / 4,
    handoff: q.handoffInterval ?? 100,
    wipeOnCrash: q.wipeOnCrash ?? false,
    nextRid: 1,
    ops: new Map(),
    ctx: new Map(),
    issued: new Map(),
    applied: new Map(),
    aeRound: new Map(),
    handoffArmed: new Set(),
    repairing: new Map(),
    hintMachines: new Map(),
  };
  states.set(e, s);
  e.emit({
    type: 'note',
    text: `leaderless: n=${n}, w=${w}, r=${r} (w + r ${w + r > n ? '>' : '<='} n)${s.sloppy ? ', sloppy quorums' : ''}${s.readRepair ? ', read repair' : ''}${s.antiEntropy > 0 ? `, anti-entropy every ${s.antiEntropy} ms` : ''}`,
  });
  if (s.antiEntropy > 0) homes.forEach((id, i) => armAntiEntropy(e, s, e.node(id), s.antiEntropy * (1 + i / n)));
}

// ---------------------------------------------------------------- storage

function describe(key: string, rec: Versioned | null | undefined): string {
  return rec ? `${key}=${JSON.stringify(rec.value)} @v${rec.version} ${rec.writer}` : `${key}: nothing`;
}

/** Keeps `rec` if it is newer than what `node` holds; records `apply` (a write) or `repair`. */
function storeIfNewer(
  e: Engine,
  s: LlState,
  node: NodeState,
  key: string,
  rec: Versioned,
  via: RepairVia | null,
): boolean {
  const cur = node.store.get(key);
  if (compareRecords(cur, rec) >= 0) return false;
  node.store.set(key, rec);
  if (via === null) {
    const lsn = (s.applied.get(node.id) ?? 0) + 1;
    s.applied.set(node.id, lsn);
    node.appliedLsn = lsn;
    e.emit({ type: 'apply', node: node.id, lsn, key, value: rec.value });
  } else e.emit({ type: 'repair', node: node.id, key, value: rec.value, via });
  return true;
}

/** A `quorum` machine for one operation; it records only its changes of state, never an answer that changes nothing. */
function opMachine(e: Engine, req: Request, coord: NodeState, kind: 'write' | 'read'): MachineInstance {
  return e.machine(quorumMachine, `${req.op}@${coord.id}`, { kind });
}

function step(op: WriteOp | ReadOp, event: QuorumEvent): void {
  op.machine.send(event);
}

function hintStep(e: Engine, s: LlState, node: NodeState, event: HintEvent): void {
  let m = s.hintMachines.get(node.id);
  if (m === undefined) {
    if (event.type !== 'hint.stored') return;
    m = e.machine(hintMachine, node.id, undefined);
    s.hintMachines.set(node.id, m);
  }
  m.send(event);
}

function isHome(s: LlState, id: NodeId): boolean {
  return s.homes.includes(id);
}

// ---------------------------------------------------------------- client requests

export function execute(e: Engine, node: NodeState, req: Request): void {
  const s = stateOf(e);
  if (req.kind === 'read') startRead(e, s, node, req);
  else if (req.kind === 'write' || req.kind === 'delete') startWrite(e, s, node, req);
  else
    e.respond(req, {
      ok: false,
      definite: true,
      reason: `unsupported: leaderless keys are registers (write / delete), not ${req.kind}`,
    });
}

function sessionCtx(s: LlState, session: string): Map<string, number> {
  let m = s.ctx.get(session);
  if (!m) {
    m = new Map();
    s.ctx.set(session, m);
  }
  return m;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function startWrite(e: Engine, s: LlState, coord: NodeState, req: Request): void {
  const value: Value =
    req.expr !== undefined ? e.evalExpr(coord, req.expr) : req.kind === 'delete' ? null : (req.value ?? null);
  const ctx = sessionCtx(s, req.session);
  const version = round3(
    Math.max(
      localTime(e.now(), coord.skew),
      (s.issued.get(coord.id) ?? 0) + 0.001,
      (ctx.get(req.key) ?? 0) + 0.001,
      0.001,
    ),
  );
  s.issued.set(coord.id, version);
  const rec: Versioned = { value, siblings: null, ts: version, writer: coord.id, vv: {}, version, crdt: null };
  const rid = s.nextRid++;
  const op: WriteOp = {
    kind: 'write',
    req,
    coord,
    inc: coord.incarnation,
    rec,
    acks: new Set(),
    standbysUsed: new Set(),
    machine: opMachine(e, req, coord, 'write'),
    done: false,
  };
  s.ops.set(rid, op);
  for (const h of s.homes) {
    if (h === coord.id) {
      storeIfNewer(e, s, coord, req.key, rec, null);
      writeAcked(e, s, rid, op, h);
    } else {
      const body: WriteBody = { rid, key: req.key, rec, hintFor: null };
      e.send(coord.id, h, 'lq-write', body, describe(req.key, rec));
    }
  }
  if (s.sloppy && !op.done) e.nodeTimer(coord, e.now() + s.hintAfter, () => sendHints(e, s, rid, op));
  e.nodeTimer(coord, e.now() + s.timeout, () => {
    if (op.done) return;
    op.done = true;
    s.ops.delete(rid);
    e.emit({
      type: 'note',
      text: `${op.coord.id}: write ${req.op} reached ${op.acks.size} of w=${s.w} replicas in ${s.timeout} ms; the client is told it timed out, but ${op.acks.size === 0 ? 'nobody' : [...op.acks].join(', ')} kept it`,
    });
    step(op, { type: 'quorum.timeout', stored: op.acks.size > 0 });
    e.respond(req, { ok: false, definite: false, reason: 'quorum-timeout' });
  });
}

function writeAcked(e: Engine, s: LlState, rid: number, op: WriteOp, from: NodeId): void {
  if (op.done) return;
  op.acks.add(from);
  if (op.acks.size < s.w) return;
  op.done = true;
  s.ops.delete(rid);
  const ctx = sessionCtx(s, op.req.session);
  if ((ctx.get(op.req.key) ?? 0) < op.rec.version) ctx.set(op.req.key, op.rec.version);
  step(op, { type: 'quorum.reached', repair: false });
  e.respond(op.req, { ok: true, value: op.rec.value });
}

/** Sloppy quorum: stand-ins take the write for each home replica that has not answered. */
function sendHints(e: Engine, s: LlState, rid: number, op: WriteOp): void {
  if (op.done) return;
  for (const h of s.homes) {
    if (op.acks.has(h)) continue;
    const standby = s.standbys.find((x) => !op.standbysUsed.has(x));
    if (standby === undefined) return;
    if (op.standbysUsed.size === 0) step(op, { type: 'quorum.sloppy' });
    op.standbysUsed.add(standby);
    const body: WriteBody = { rid, key: op.req.key, rec: op.rec, hintFor: h };
    if (standby === op.coord.id) {
      keepHint(e, s, op.coord, h, op.req.key, op.rec);
      writeAcked(e, s, rid, op, standby);
    } else e.send(op.coord.id, standby, 'lq-write', body, `hint for ${h}: ${describe(op.req.key, op.rec)}`);
  }
}

function startRead(e: Engine, s: LlState, coord: NodeState, req: Request): void {
  const rid = s.nextRid++;
  const op: ReadOp = {
    kind: 'read',
    req,
    coord,
    inc: coord.incarnation,
    answers: [],
    machine: opMachine(e, req, coord, 'read'),
    done: false,
  };
  s.ops.set(rid, op);
  for (const h of s.homes) {
    if (h === coord.id) readAnswered(e, s, rid, op, h, coord.store.get(req.key) ?? null);
    else {
      const body: RidBody = { rid, key: req.key };
      e.send(coord.id, h, 'lq-read', body, `read ${req.key}`);
    }
  }
  e.nodeTimer(coord, e.now() + s.timeout, () => {
    if (op.done) return;
    op.done = true;
    s.ops.delete(rid);
    step(op, { type: 'quorum.timeout', stored: false });
    e.respond(req, { ok: false, definite: true, reason: 'quorum-timeout' });
  });
}

function readAnswered(e: Engine, s: LlState, rid: number, op: ReadOp, from: NodeId, rec: Versioned | null): void {
  if (op.done) return;
  op.answers.push({ node: from, record: rec });
  if (op.answers.length < s.r) return;
  op.done = true;
  s.ops.delete(rid);
  const { value, rec: chosen, repair } = reconcile(e, s, op);
  const targets = chosen === null ? [] : [...new Set(repair)].filter((t) => e.nodes.has(t));
  step(op, { type: 'quorum.reached', repair: targets.length > 0 });
  let remote = 0;
  for (const target of targets) {
    if (chosen === null) break;
    if (target === op.coord.id) storeIfNewer(e, s, op.coord, op.req.key, chosen, 'read-repair');
    else {
      remote++;
      const body: RecordBody = { key: op.req.key, rec: chosen, via: 'read-repair', rid };
      e.send(op.coord.id, target, 'lq-repair', body, `read repair: ${describe(op.req.key, chosen)}`);
    }
  }
  if (targets.length > 0) {
    if (remote === 0) step(op, { type: 'repair.stored' });
    else s.repairing.set(rid, { machine: op.machine, left: remote });
  }
  if (chosen !== null) {
    const ctx = sessionCtx(s, op.req.session);
    if ((ctx.get(op.req.key) ?? 0) < chosen.version) ctx.set(op.req.key, chosen.version);
  }
  e.respond(op.req, { ok: true, value });
}

/** The engine's reconciliation (newest version wins, read repair of older answers) or the learner's. */
function reconcile(
  e: Engine,
  s: LlState,
  op: ReadOp,
): { value: Value; rec: Versioned | null; repair: readonly NodeId[] } {
  const hook = e.hooks.reconcile;
  const answers = op.answers;
  if (!hook) {
    const best = newest(answers);
    return { value: best?.value ?? null, rec: best, repair: s.readRepair ? staleAnswers(answers, best) : [] };
  }
  const responses: QuorumResponse[] = answers.map((a) => ({
    node: a.node,
    value: a.record?.value ?? null,
    version: a.record?.version ?? 0,
  }));
  const first = answers[0];
  const fallback = { value: first?.record?.value ?? null, rec: first?.record ?? null, repair: [] as readonly NodeId[] };
  return e.callHook(
    'reconcile',
    op.coord.id,
    () => {
      const out = hook(responses.map((r) => ({ ...r })));
      if (out === null || typeof out !== 'object' || !('value' in out))
        throw new TypeError('reconcile must return { value, version?, repair? }');
      const value = out.value ?? null;
      // The repair record: the newest answer holding that value, or a new version of it.
      let rec: Versioned | null = null;
      for (const a of answers)
        if (a.record && elementKey(a.record.value) === elementKey(value) && compareRecords(a.record, rec) > 0)
          rec = a.record;
      if (rec === null) {
        const version =
          typeof out.version === 'number' ? out.version : Math.max(0, ...answers.map((a) => a.record?.version ?? 0));
        rec = { value, siblings: null, ts: version, writer: op.coord.id, vv: {}, version, crdt: null };
      }
      const repair = Array.isArray(out.repair)
        ? out.repair.filter((n): n is NodeId => typeof n === 'string' && e.nodes.has(n))
        : [];
      return { value, rec, repair };
    },
    fallback,
  );
}

// ---------------------------------------------------------------- messages

export function onMessage(e: Engine, node: NodeState, msg: Message): void {
  const s = stateOf(e);
  switch (msg.kind) {
    case 'lq-write': {
      const b = msg.body as WriteBody;
      if (b.hintFor !== null) keepHint(e, s, node, b.hintFor, b.key, b.rec);
      else storeIfNewer(e, s, node, b.key, b.rec, null);
      const ack: RidBody = { rid: b.rid, key: b.key };
      e.send(node.id, msg.from, 'lq-write-ack', ack, b.hintFor !== null ? `hinted ${b.key}` : `stored ${b.key}`);
      break;
    }
    case 'lq-write-ack': {
      const b = msg.body as RidBody;
      const op = s.ops.get(b.rid);
      if (op && op.kind === 'write' && op.coord === node && op.inc === node.incarnation)
        writeAcked(e, s, b.rid, op, msg.from);
      break;
    }
    case 'lq-read': {
      const b = msg.body as RidBody;
      const rec = node.store.get(b.key) ?? null;
      const reply: ReadReplyBody = { rid: b.rid, rec };
      e.send(node.id, msg.from, 'lq-read-reply', reply, describe(b.key, rec));
      break;
    }
    case 'lq-read-reply': {
      const b = msg.body as ReadReplyBody;
      const op = s.ops.get(b.rid);
      if (op && op.kind === 'read' && op.coord === node && op.inc === node.incarnation)
        readAnswered(e, s, b.rid, op, msg.from, b.rec);
      break;
    }
    case 'lq-repair': {
      const b = msg.body as RecordBody;
      storeIfNewer(e, s, node, b.key, b.rec, b.via);
      if (b.rid !== undefined) repairStored(s, b.rid);
      if (b.via === 'hinted-handoff') {
        const ack: RecordBody = { key: b.key, rec: b.rec, via: b.via };
        e.send(node.id, msg.from, 'lq-handoff-ack', ack, `took hint ${b.key}`);
      }
      break;
    }
    case 'lq-handoff-ack': {
      const b = msg.body as RecordBody;
      node.hints = node.hints.filter(
        (h) => !(h.to === msg.from && h.key === b.key && compareRecords(h.rec, b.rec) <= 0),
      );
      hintStep(e, s, node, { type: 'handoff.acked', left: node.hints.length > 0 });
      break;
    }
    case 'lq-ae':
      onAntiEntropy(e, s, node, msg.from, msg.body as AntiEntropyBody, true);
      break;
    case 'lq-ae-back':
      onAntiEntropy(e, s, node, msg.from, msg.body as AntiEntropyBody, false);
      break;
  }
}

/** A read-repair write-back was stored (or found something at least as new): the read is repaired once all are. */
function repairStored(s: LlState, rid: number): void {
  const r = s.repairing.get(rid);
  if (r === undefined) return;
  r.left--;
  if (r.left > 0) return;
  s.repairing.delete(rid);
  r.machine.send({ type: 'repair.stored' });
}

// ---------------------------------------------------------------- hinted handoff

function keepHint(e: Engine, s: LlState, node: NodeState, to: NodeId, key: string, rec: Versioned): void {
  const existing = node.hints.find((h) => h.to === to && h.key === key);
  if (existing) {
    if (compareRecords(existing.rec, rec) < 0) existing.rec = rec;
  } else node.hints.push({ to, key, rec });
  hintStep(e, s, node, { type: 'hint.stored' });
  armHandoff(e, s, node);
}

function armHandoff(e: Engine, s: LlState, node: NodeState): void {
  if (s.handoffArmed.has(node.id) || node.hints.length === 0) return;
  s.handoffArmed.add(node.id);
  const inc = node.incarnation;
  e.schedule(e.now() + s.handoff, () => {
    s.handoffArmed.delete(node.id);
    if (node.incarnation !== inc || node.role === 'down') return;
    for (const h of node.hints) {
      const body: RecordBody = { key: h.key, rec: h.rec, via: 'hinted-handoff' };
      e.send(node.id, h.to, 'lq-repair', body, `hand off hint: ${describe(h.key, h.rec)}`);
    }
    if (node.hints.length > 0) hintStep(e, s, node, { type: 'handoff.sent' });
    armHandoff(e, s, node);
  });
}

// ---------------------------------------------------------------- anti-entropy

function armAntiEntropy(e: Engine, s: LlState, node: NodeState, at: number): void {
  e.nodeTimer(node, at, () => {
    const peers = s.homes.filter((h) => h !== node.id);
    const round = s.aeRound.get(node.id) ?? 0;
    s.aeRound.set(node.id, round + 1);
    const peer = peers[round % Math.max(1, peers.length)];
    if (peer !== undefined) {
      const body: AntiEntropyBody = { records: [...node.store.entries()] };
      e.send(node.id, peer, 'lq-ae', body, `anti-entropy: ${body.records.length} keys`);
    }
    armAntiEntropy(e, s, node, e.now() + s.antiEntropy);
  });
}

/** Key-by-key comparison: keep the newer version of each key; on the first leg, send back what the sender lacks. */
function onAntiEntropy(e: Engine, s: LlState, node: NodeState, from: NodeId, b: AntiEntropyBody, reply: boolean): void {
  const theirs = new Map<string, Versioned>();
  for (const [key, rec] of b.records) {
    theirs.set(key, rec);
    storeIfNewer(e, s, node, key, rec, 'anti-entropy');
  }
  if (!reply) return;
  const back: [string, Versioned][] = [];
  for (const [key, rec] of node.store) if (compareRecords(theirs.get(key), rec) < 0) back.push([key, rec]);
  if (back.length > 0) {
    const body: AntiEntropyBody = { records: back };
    e.send(node.id, from, 'lq-ae-back', body, `anti-entropy: ${back.length} newer`);
  }
}

// ---------------------------------------------------------------- restart

export function restart(e: Engine, node: NodeState): void {
  const s = stateOf(e);
  const lsn = s.applied.get(node.id) ?? 0;
  node.appliedLsn = lsn;
  e.emit({ type: 'restart', node: node.id, lsn });
  e.control(node, { type: 'node.restart', role: 'single' });
  if (s.wipeOnCrash && (node.store.size > 0 || node.hints.length > 0)) {
    e.emit({
      type: 'note',
      text: `${node.id} comes back with an empty disk: its ${node.store.size} stored keys and ${node.hints.length} hints are gone`,
    });
    let n = lsn;
    for (const key of [...node.store.keys()].sort()) {
      n++;
      e.emit({ type: 'apply', node: node.id, lsn: n, key, value: null });
    }
    s.applied.set(node.id, n);
    node.appliedLsn = n;
    node.store = new Map();
    node.hints = [];
    hintStep(e, s, node, { type: 'hint.wiped' });
  }
  s.handoffArmed.delete(node.id);
  armHandoff(e, s, node);
  if (s.antiEntropy > 0 && isHome(s, node.id)) armAntiEntropy(e, s, node, e.now() + s.antiEntropy);
}
