/**
 * Failover (chapter 6): leader heartbeats, follower failure detection with a
 * timeout (a slow link makes a healthy leader look dead), elections that pick
 * the most up-to-date replica (or the learner's `electLeader`), epochs, and
 * fencing.
 *
 * With fencing on: a candidate needs a majority of votes, voters move to the
 * new epoch and refuse the old leader's messages (`fence` events), the old
 * leader steps down when it sees a higher epoch, a leader accepts writes only
 * while it holds a lease renewed by a majority of heartbeat acknowledgements,
 * and a new leader waits one lease period before accepting writes. So two
 * leaders never accept writes at the same time.
 *
 * With fencing off: a follower that suspects the leader promotes itself at
 * once and nobody checks epochs — the deposed leader keeps accepting writes
 * from clients that still talk to it (split brain).
 *
 * Without a `failover` config none of this runs and the leader is fixed.
 */
import type { NodeId } from '../trace/events.ts';
import type { Message } from '../network/network.ts';
import type { NodeRole } from '../machines/node-role.ts';
import type { Candidate } from '../hooks.ts';
import type { Engine } from './engine.ts';
import type { NodeState } from './types.ts';
import * as single from './single-leader.ts';

interface HeartbeatBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly sentAt: number;
}
interface HeartbeatAckBody {
  readonly epoch: number;
  readonly sentAt: number;
  readonly ok: boolean;
}
interface VoteRequestBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly lastEpoch: number;
}
interface VoteBody {
  readonly epoch: number;
  readonly granted: boolean;
  readonly lsn: number;
  readonly lastEpoch: number;
}
interface PromoteBody {
  readonly epoch: number;
  readonly candidates: readonly Candidate[];
}
interface TruncateBody {
  readonly epoch: number;
  readonly to: number;
}

function isLeader(n: NodeState): boolean {
  return n.role === 'leader' || n.role === 'single';
}

function settings(e: Engine): { hb: number; timeout: number; lease: number } {
  const f = e.config.failover ?? {};
  const hb = f.heartbeatInterval ?? 50;
  const timeout = f.timeout ?? 300;
  return { hb, timeout, lease: timeout / 2 };
}

function majority(e: Engine): number {
  return Math.floor(e.nodeIds.length / 2) + 1;
}

export function start(e: Engine): void {
  const { lease } = settings(e);
  for (const id of e.nodeIds) {
    const n = e.node(id);
    if (isLeader(n)) {
      n.leaseUntil = lease;
      heartbeatLoop(e, n);
    } else onFollowerStart(e, n);
  }
}

// ---------------------------------------------------------------- leader side

function heartbeatLoop(e: Engine, leader: NodeState): void {
  const { hb } = settings(e);
  const tick = (): void => {
    if (!isLeader(leader)) return;
    const body: HeartbeatBody = { epoch: leader.epoch, lsn: leader.log.lastLsn, sentAt: e.now() };
    leader.hbAcks.set(e.now(), 1);
    if (leader.hbAcks.size > 20) {
      const oldest = leader.hbAcks.keys().next().value;
      if (oldest !== undefined) leader.hbAcks.delete(oldest);
    }
    for (const id of e.nodeIds) if (id !== leader.id) e.send(leader.id, id, 'heartbeat', body, `epoch ${leader.epoch}`);
    e.nodeTimer(leader, e.now() + hb, tick);
  };
  tick();
}

/** Why a leader must refuse a write now (fencing on: no lease, or waiting out the old leader's lease). */
export function writeRefusal(e: Engine, node: NodeState): string | null {
  if (!e.failoverOn || !e.fencing) return null;
  if (e.now() < node.writableAt) return 'fenced';
  if (e.now() >= node.leaseUntil) return 'fenced';
  return null;
}

// ---------------------------------------------------------------- follower side

export function onFollowerStart(e: Engine, node: NodeState): void {
  if (!e.failoverOn || e.kind !== 'single-leader') return;
  node.lastHeardLeader = e.now();
  const { hb, timeout } = settings(e);
  // Seeded, re-drawn jitter (as in Raft) so followers do not all time out at the same instant.
  let jitter = node.rng.next() * timeout;
  const check = (): void => {
    if (isLeader(node)) return;
    if (e.now() - node.lastHeardLeader >= timeout + jitter && node.electing === null) {
      if (node.leader !== null && !node.suspecting) {
        node.suspecting = true;
        e.emit({ type: 'suspect', node: node.id, suspect: node.leader });
      }
      jitter = node.rng.next() * timeout;
      campaign(e, node);
    }
    e.nodeTimer(node, e.now() + hb * (0.5 + node.rng.next()), check);
  };
  e.nodeTimer(node, e.now() + hb * (0.5 + node.rng.next()), check);
}

/** Whether a node accepts a replicate/snapshot from `from` in `epoch`; fences stale leaders. */
export function acceptFromLeader(e: Engine, node: NodeState, from: NodeId, epoch: number): boolean {
  if (!e.failoverOn) return !isLeader(node);
  if (!e.fencing) {
    if (isLeader(node)) return false;
    node.lastHeardLeader = e.now();
    node.suspecting = false;
    node.leader = from;
    return true;
  }
  if (epoch < node.epoch) {
    e.emit({ type: 'fence', node: node.id, epoch: node.epoch, staleEpoch: epoch });
    e.send(
      node.id,
      from,
      'heartbeat-ack',
      { epoch: node.epoch, sentAt: -1, ok: false } satisfies HeartbeatAckBody,
      `stale epoch ${epoch}`,
    );
    return false;
  }
  if (epoch > node.epoch || isLeader(node) || node.role === 'candidate') {
    e.control(node, { type: 'node.follow', epoch });
    node.electing = null;
  }
  node.leader = from;
  node.lastHeardLeader = e.now();
  node.suspecting = false;
  return true;
}

export function restartRole(e: Engine, node: NodeState): NodeRole {
  const boot = node.control.context.bootRole;
  if (!e.failoverOn) return boot;
  if (boot === 'leader' && e.config.failover?.restartAsLeader === false) return 'follower';
  if (boot === 'candidate') return 'follower';
  if (boot === 'leader') {
    // Back as leader (it believes so), but with fencing it holds no lease until a majority answers.
    node.leaseUntil = -Infinity;
    e.nodeTimer(node, e.now(), () => heartbeatLoop(e, node));
  }
  return boot;
}

// ---------------------------------------------------------------- election

function candidateOf(node: NodeState): Candidate {
  return { node: node.id, lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch };
}

/** Default choice: highest (last epoch, LSN), then lowest name. */
function mostUpToDate(cands: readonly Candidate[]): NodeId | null {
  let best: Candidate | null = null;
  for (const c of cands) {
    if (
      best === null ||
      c.lastEpoch > best.lastEpoch ||
      (c.lastEpoch === best.lastEpoch && (c.lsn > best.lsn || (c.lsn === best.lsn && c.node < best.node)))
    )
      best = c;
  }
  return best ? best.node : null;
}

function campaign(e: Engine, node: NodeState): void {
  const epoch = Math.max(node.epoch, node.votedFor?.epoch ?? 0) + 1;
  if (!e.fencing) {
    // No fencing: whoever notices first simply takes over.
    promote(e, node, epoch, [candidateOf(node)]);
    return;
  }
  e.control(node, { type: 'node.campaign', epoch });
  node.votedFor = { epoch, node: node.id };
  const statuses = new Map<NodeId, { lsn: number; lastEpoch: number }>();
  statuses.set(node.id, { lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch });
  node.electing = { epoch, votes: new Set([node.id]), statuses };
  const body: VoteRequestBody = { epoch, lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch };
  for (const id of e.nodeIds) if (id !== node.id) e.send(node.id, id, 'vote-request', body, `epoch ${epoch}`);
  const { timeout } = settings(e);
  e.nodeTimer(node, e.now() + timeout, () => {
    if (node.electing?.epoch === epoch) {
      // No majority in time: give up; the failure detector will try again with a higher epoch.
      node.electing = null;
      e.control(node, { type: 'node.follow', epoch: node.epoch });
      node.lastHeardLeader = e.now();
    }
  });
}

function onVoteRequest(e: Engine, node: NodeState, from: NodeId, b: VoteRequestBody): void {
  const voted = node.votedFor;
  const upToDate =
    b.lastEpoch > node.log.lastEpoch || (b.lastEpoch === node.log.lastEpoch && b.lsn >= node.log.lastLsn);
  const granted = b.epoch > node.epoch && (voted === null || voted.epoch < b.epoch) && upToDate;
  if (granted) {
    node.votedFor = { epoch: b.epoch, node: from };
    if (isLeader(node)) {
      e.emit({ type: 'fence', node: node.id, epoch: b.epoch, staleEpoch: node.epoch });
    }
    // Moving to the new epoch is what stops this node from renewing the old leader's lease.
    e.control(node, { type: 'node.follow', epoch: b.epoch });
    node.electing = null;
    node.lastHeardLeader = e.now();
  } else if (!upToDate && b.epoch > node.epoch && (voted === null || voted.epoch < b.epoch)) {
    // Refusing a less up-to-date candidate still uses up that epoch here, as a Raft term does:
    // our own next campaign must pick a higher one, or the two nodes would keep colliding in
    // the same epoch, each having voted for itself, and no leader would ever be elected.
    node.votedFor = { epoch: b.epoch, node: node.id };
  }
  const reply: VoteBody = { epoch: b.epoch, granted, lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch };
  e.send(node.id, from, 'vote', reply, granted ? 'granted' : 'refused');
}

function onVote(e: Engine, node: NodeState, from: NodeId, b: VoteBody): void {
  const el = node.electing;
  if (el === null || el.epoch !== b.epoch || node.role !== 'candidate') return;
  el.statuses.set(from, { lsn: b.lsn, lastEpoch: b.lastEpoch });
  if (!b.granted) return;
  el.votes.add(from);
  if (el.votes.size < majority(e)) return;
  node.electing = null;
  const cands: Candidate[] = [...el.statuses].map(([n, s]) => ({ node: n, lsn: s.lsn, lastEpoch: s.lastEpoch }));
  cands.sort((a, b2) => (a.node < b2.node ? -1 : 1));
  const hook = e.hooks.electLeader;
  const chosen = hook ? e.callHook('electLeader', node.id, () => hook(cands), null) : mostUpToDate(cands);
  if (chosen === null || !el.statuses.has(chosen)) {
    e.control(node, { type: 'node.follow', epoch: node.epoch });
    return;
  }
  if (chosen === node.id) promote(e, node, el.epoch, cands);
  else {
    e.control(node, { type: 'node.follow', epoch: el.epoch });
    e.send(
      node.id,
      chosen,
      'promote',
      { epoch: el.epoch, candidates: cands } satisfies PromoteBody,
      `epoch ${el.epoch}`,
    );
  }
}

function promote(e: Engine, node: NodeState, epoch: number, cands: readonly Candidate[]): void {
  if (e.fencing && epoch < node.epoch) return;
  e.control(node, { type: 'node.promote', epoch });
  if (node.role !== 'leader') return;
  node.epoch = epoch;
  node.electing = null;
  node.suspecting = false;
  node.epochStartLsn = node.log.lastLsn;
  node.commitLsn = node.log.lastLsn;
  e.emit({ type: 'elect', node: node.id, epoch, candidates: cands.map((c) => ({ node: c.node, lsn: c.lsn })) });
  // Service discovery announces the new leader, but only some clients pick it up at once (stale caches):
  // the rest keep talking to whoever they believed was leader until they are refused.
  for (const s of e.sessions.values()) if (e.clientRng.chance(0.5)) s.leaderGuess = node.id;
  const { lease } = settings(e);
  if (e.fencing) {
    node.writableAt = e.now() + lease;
    node.leaseUntil = e.now() + lease * 2;
  }
  node.hbAcks = new Map();
  single.initLeader(e, node);
  heartbeatLoop(e, node);
}

// ---------------------------------------------------------------- messages

export function onMessage(e: Engine, node: NodeState, msg: Message): boolean {
  if (!e.failoverOn) return false;
  switch (msg.kind) {
    case 'heartbeat': {
      const b = msg.body as HeartbeatBody;
      if (!acceptFromLeader(e, node, msg.from, b.epoch)) return true;
      e.send(node.id, msg.from, 'heartbeat-ack', {
        epoch: node.epoch,
        sentAt: b.sentAt,
        ok: true,
      } satisfies HeartbeatAckBody);
      if (node.appliedLsn < b.lsn && e.now() - node.lastFetchAt >= settings(e).hb)
        single.sendFetch(e, node, node.appliedLsn + 1, false);
      return true;
    }
    case 'heartbeat-ack': {
      const b = msg.body as HeartbeatAckBody;
      if (!isLeader(node)) return true;
      if (e.fencing && b.epoch > node.epoch) {
        e.emit({ type: 'fence', node: msg.from, epoch: b.epoch, staleEpoch: node.epoch });
        e.control(node, { type: 'node.follow', epoch: b.epoch });
        node.leader = null;
        node.lastHeardLeader = e.now();
        single.sendFetch(e, node, node.appliedLsn + 1, false);
        return true;
      }
      const p = node.progress.get(msg.from);
      if (p) p.lastHeard = e.now();
      if (!b.ok || b.epoch !== node.epoch) return true;
      const n = (node.hbAcks.get(b.sentAt) ?? 0) + 1;
      node.hbAcks.set(b.sentAt, n);
      if (n >= majority(e)) node.leaseUntil = Math.max(node.leaseUntil, b.sentAt + settings(e).lease);
      return true;
    }
    case 'vote-request':
      onVoteRequest(e, node, msg.from, msg.body as VoteRequestBody);
      return true;
    case 'vote':
      onVote(e, node, msg.from, msg.body as VoteBody);
      return true;
    case 'promote': {
      const b = msg.body as PromoteBody;
      if (!isLeader(node)) promote(e, node, b.epoch, b.candidates);
      return true;
    }
    case 'truncate': {
      const b = msg.body as TruncateBody;
      truncate(e, node, msg.from, b);
      return true;
    }
    case 'fetch':
      return checkDivergence(e, node, msg);
    default:
      return false;
  }
}

/**
 * A rejoining node (typically the deposed leader) may hold entries the new
 * leader never had. The new leader tells it to cut its log back to the point
 * where their histories agree.
 */
function checkDivergence(e: Engine, leader: NodeState, msg: Message): boolean {
  if (!isLeader(leader) || !e.fencing) return false;
  const follower = e.nodes.get(msg.from);
  if (!follower) return false;
  const b = msg.body as { from: number; bootstrap: boolean };
  const theirLast = b.from - 1;
  // Their entries after our election point that came from an older epoch were never ours.
  if (
    !b.bootstrap &&
    theirLast > leader.epochStartLsn &&
    (leader.log.epochAt(theirLast) ?? -1) !== follower.log.epochAt(theirLast)
  ) {
    e.send(
      leader.id,
      msg.from,
      'truncate',
      { epoch: leader.epoch, to: leader.epochStartLsn } satisfies TruncateBody,
      `truncate to LSN ${leader.epochStartLsn}`,
    );
    return true;
  }
  return false;
}

function truncate(e: Engine, node: NodeState, from: NodeId, b: TruncateBody): void {
  if (!acceptFromLeader(e, node, from, b.epoch)) return;
  if (node.log.lastLsn <= b.to) return;
  const dropped = node.log.truncateAfter(b.to);
  const first = dropped[0];
  const last = dropped[dropped.length - 1];
  if (first && last) {
    e.emit({
      type: 'reject-entry',
      node: node.id,
      lsn: first.lsn,
      reason: `truncated LSN ${first.lsn}..${last.lsn}: written in epoch ${first.epoch} but never reached the new leader`,
    });
  }
  const data = new Map(node.baseData);
  for (const en of node.log.entries) {
    if (en.value === null) data.delete(en.key);
    else data.set(en.key, en.value);
  }
  const touched = new Set(dropped.map((d) => d.key));
  node.data = data;
  node.appliedLsn = node.log.lastLsn;
  for (const key of [...touched].sort())
    e.emit({ type: 'apply', node: node.id, lsn: node.appliedLsn, key, value: data.get(key) ?? null });
  single.sendFetch(e, node, node.appliedLsn + 1, false);
}
