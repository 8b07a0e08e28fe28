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
import { acceptFromLeader, isLeader, step, termOf, type HeartbeatAckBody } from './leadership.ts';
import { failoverMachine } from '../machines/failover.ts';

interface HeartbeatBody {
  readonly epoch: number;
  readonly lsn: number;
  /** Epoch of the leader's entry at `lsn`, so a follower can tell a divergent log of the same length. */
  readonly lastEpoch: number;
  readonly sentAt: number;
}
interface VoteRequestBody {
  readonly epoch: number;
  readonly lsn: number;
  readonly lastEpoch: number;
}
interface VoteBody {
  readonly epoch: number;
  /** The highest epoch the voter knows of, so a candidate behind on epochs learns it (Raft's term in a reply). */
  readonly seen: number;
  readonly granted: boolean;
  readonly lsn: number;
  readonly lastEpoch: number;
}
interface PromoteBody {
  readonly epoch: number;
  readonly candidates: readonly Candidate[];
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
    n.failover = e.machine(failoverMachine, id, { leading: isLeader(n), fencing: e.fencing });
    if (isLeader(n)) {
      setLease(e, n, lease);
      heartbeatLoop(e, n);
    }
    onFollowerStart(e, n);
  }
}

/**
 * Extends the leader's lease to `until` and arranges for the machine to hear
 * when it runs out: the timer fires at `until`, and the lease has expired then
 * unless a later renewal moved `leaseUntil` on.
 */
function setLease(e: Engine, node: NodeState, until: number): void {
  if (until <= node.leaseUntil && node.leaseUntil !== Infinity) return;
  node.leaseUntil = until;
  if (node.failover?.matches('leading.leaseExpired')) step(node, { type: 'lease.renew' });
  if (!e.fencing || until === Infinity) return;
  e.nodeTimer(node, until, () => {
    if (e.now() >= node.leaseUntil) step(node, { type: 'lease.expire' });
  });
}

// ---------------------------------------------------------------- leader side

function heartbeatLoop(e: Engine, leader: NodeState): void {
  const { hb } = settings(e);
  // A loop beats for one epoch: a stale leader promoted into a newer one starts a new loop, and this one ends.
  const epoch = leader.epoch;
  const tick = (): void => {
    if (!isLeader(leader) || leader.epoch !== epoch) return;
    const body: HeartbeatBody = {
      epoch: leader.epoch,
      lsn: leader.log.lastLsn,
      lastEpoch: leader.log.lastEpoch,
      sentAt: e.now(),
    };
    leader.hbAcks.set(e.now(), 1);
    if (leader.hbAcks.size > 20) {
      const oldest = leader.hbAcks.keys().next().value;
      if (oldest !== undefined) leader.hbAcks.delete(oldest);
    }
    const detail = { epoch: body.epoch, lsn: body.lsn, lastEpoch: body.lastEpoch };
    for (const id of e.nodeIds)
      if (id !== leader.id) e.send(leader.id, id, 'heartbeat', body, `epoch ${leader.epoch}`, detail);
    e.nodeTimer(leader, e.now() + hb, tick);
  };
  tick();
}

// ---------------------------------------------------------------- follower side

export function onFollowerStart(e: Engine, node: NodeState): void {
  if (!e.failoverOn) return;
  node.failover ??= e.machine(failoverMachine, node.id, { leading: false, fencing: e.fencing });
  node.lastHeardLeader = e.now();
  const { hb, timeout } = settings(e);
  // Seeded, re-drawn jitter (as in Raft) so followers do not all time out at the same instant.
  let jitter = node.timerRng.next() * timeout;
  // The detector keeps ticking while this node leads (and skips the check), so a leader that is
  // deposed later, and steps down, watches its successor like any follower.
  const check = (): void => {
    if (!isLeader(node) && e.now() - node.lastHeardLeader >= timeout + jitter && node.electing === null) {
      if (node.leader !== null && !node.suspecting) {
        node.suspecting = true;
        e.emit({ type: 'suspect', node: node.id, suspect: node.leader });
      }
      step(node, { type: 'fd.timeout' });
      jitter = node.timerRng.next() * timeout;
      campaign(e, node);
    }
    e.nodeTimer(node, e.now() + hb * (0.5 + node.timerRng.next()), check);
  };
  e.nodeTimer(node, e.now() + hb * (0.5 + node.timerRng.next()), check);
}

/** The role a node restarts in: a crashed leader may come back believing it still leads (holding no lease). */
export function restartRole(e: Engine, node: NodeState): NodeRole {
  const boot = (node.control.snapshot.context as { bootRole: NodeRole }).bootRole;
  if (!e.failoverOn) return boot;
  if (boot === 'leader' && e.config.failover?.restartAsLeader === false) return 'follower';
  if (boot === 'candidate') return 'follower';
  if (boot === 'leader') {
    // Back as leader (it believes so), but with fencing it holds no lease until a majority answers.
    node.leaseUntil = -Infinity;
    e.nodeTimer(node, e.now(), () => heartbeatLoop(e, node));
  }
  step(node, { type: 'node.restart', leading: boot === 'leader' });
  // A node back as leader still needs a failure detector for when it is deposed (followers get theirs from the protocol).
  if (boot === 'leader') onFollowerStart(e, node);
  return boot;
}

// ---------------------------------------------------------------- election

function candidateOf(node: NodeState): Candidate {
  return { node: node.id, lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch };
}

/** Whether log position `a` is more up to date than `b`: a later last epoch, or the same epoch and a higher LSN. */
function aheadOf(a: Candidate, b: Candidate): boolean {
  return a.lastEpoch > b.lastEpoch || (a.lastEpoch === b.lastEpoch && a.lsn > b.lsn);
}

/**
 * Default choice: the most up-to-date log (last epoch, then LSN). On a tie the
 * electing node keeps leadership itself — handing it to an equal peer gains
 * nothing and costs a round trip — and otherwise the lowest name wins.
 */
function mostUpToDate(cands: readonly Candidate[], self: NodeId): NodeId | null {
  let best: Candidate | null = null;
  for (const c of cands) {
    if (best === null || aheadOf(c, best)) best = c;
    else if (!aheadOf(best, c) && best.node !== self && (c.node === self || c.node < best.node)) best = c;
  }
  return best ? best.node : null;
}

function campaign(e: Engine, node: NodeState): void {
  const epoch = termOf(node) + 1;
  if (!e.fencing) {
    // No fencing: whoever notices first simply takes over.
    promote(e, node, epoch, [candidateOf(node)]);
    return;
  }
  e.control(node, { type: 'node.campaign', epoch });
  step(node, { type: 'election.start' });
  node.votedFor = { epoch, node: node.id };
  const statuses = new Map<NodeId, { lsn: number; lastEpoch: number }>();
  statuses.set(node.id, { lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch });
  node.electing = {
    epoch,
    votes: new Set([node.id]),
    statuses,
    deciding: false,
    suspect: node.leader,
    staleLeader: null,
  };
  const body: VoteRequestBody = { epoch, lsn: node.log.lastLsn, lastEpoch: node.log.lastEpoch };
  for (const id of e.nodeIds)
    if (id !== node.id)
      e.send(node.id, id, 'vote-request', body, `epoch ${epoch}`, { epoch, lsn: body.lsn, lastEpoch: body.lastEpoch });
  // As a Raft candidate does: if no majority came in time (a split vote, say), start a new
  // election at once in the next epoch. The deadline is random per campaign, between one and
  // two failure timeouts, so candidates that split one vote rarely split the next.
  const { timeout } = settings(e);
  e.nodeTimer(node, e.now() + timeout * (1 + node.timerRng.next()), () => {
    const el = node.electing;
    if (el?.epoch !== epoch || el.deciding) return;
    node.electing = null;
    const stale = el.staleLeader;
    if (stale !== null && e.now() - stale.at < timeout / 2) {
      // The leader we suspected is alive after all and no majority moved on (the voters kept
      // refusing for it): the suspicion was false, as a failed Raft pre-vote shows. Follow it again
      // instead of campaigning on; its next message is accepted (our epoch is its epoch again).
      e.control(node, { type: 'node.follow', epoch: stale.epoch });
      step(node, { type: 'election.lost' });
      node.leader = stale.node;
      node.lastHeardLeader = stale.at;
      node.suspecting = false;
      return;
    }
    e.control(node, { type: 'node.follow', epoch: node.epoch });
    step(node, { type: 'election.lost' });
    step(node, { type: 'fd.timeout' });
    campaign(e, node);
  });
}

/**
 * Leader stickiness (Raft thesis §4.2.3, etcd's CheckQuorum): a node that has
 * heard from a live leader, or granted a vote, within the failure timeout — or
 * a leader still holding its lease — refuses a vote request. A node that merely missed the
 * new leader's first heartbeat (it was cut off, say) then cannot depose a
 * healthy leader by campaigning.
 */
function hasLiveLeader(e: Engine, node: NodeState): boolean {
  if (isLeader(node)) return e.fencing && e.now() < node.leaseUntil;
  const recent = e.now() - node.lastHeardLeader < settings(e).timeout;
  // A vote just granted counts too: that candidate may be leading already, its first heartbeat on the way.
  const votedForOther = node.votedFor !== null && node.votedFor.node !== node.id && node.votedFor.epoch === node.epoch;
  return recent && (node.leader !== null || votedForOther);
}

function onVoteRequest(e: Engine, node: NodeState, from: NodeId, b: VoteRequestBody): void {
  // Even a refused request shows that its epoch is taken: our own next campaign must go above it.
  if (b.epoch > node.epochSeen) node.epochSeen = b.epoch;
  if (hasLiveLeader(e, node)) {
    const reply: VoteBody = {
      epoch: b.epoch,
      seen: termOf(node),
      granted: false,
      lsn: node.log.lastLsn,
      lastEpoch: node.log.lastEpoch,
    };
    e.send(node.id, from, 'vote', reply, 'refused: a leader is alive', {
      epoch: b.epoch,
      granted: false,
      lsn: reply.lsn,
      lastEpoch: reply.lastEpoch,
    });
    return;
  }
  const voted = node.votedFor;
  const upToDate =
    b.lastEpoch > node.log.lastEpoch || (b.lastEpoch === node.log.lastEpoch && b.lsn >= node.log.lastLsn);
  const granted = b.epoch > node.epoch && (voted === null || voted.epoch < b.epoch) && upToDate;
  if (granted) {
    node.votedFor = { epoch: b.epoch, node: from };
    if (isLeader(node)) {
      e.emit({ type: 'fence', node: node.id, epoch: b.epoch, staleEpoch: node.epoch });
      step(node, { type: 'epoch.newer' });
    }
    // Moving to the new epoch is what stops this node from renewing the old leader's lease.
    e.control(node, { type: 'node.follow', epoch: b.epoch });
    node.electing = null;
    node.lastHeardLeader = e.now();
    // The old epoch's leader is not ours any more; until the new one is heard, only the vote counts.
    node.leader = null;
  } else if (!upToDate && b.epoch > node.epoch && (voted === null || voted.epoch < b.epoch)) {
    // Refusing a less up-to-date candidate still uses up that epoch here, as a Raft term does:
    // our own next campaign must pick a higher one, or the two nodes would keep colliding in
    // the same epoch, each having voted for itself, and no leader would ever be elected.
    node.votedFor = { epoch: b.epoch, node: node.id };
  }
  const reply: VoteBody = {
    epoch: b.epoch,
    seen: termOf(node),
    granted,
    lsn: node.log.lastLsn,
    lastEpoch: node.log.lastEpoch,
  };
  e.send(node.id, from, 'vote', reply, granted ? 'granted' : 'refused', {
    epoch: b.epoch,
    granted,
    lsn: reply.lsn,
    lastEpoch: reply.lastEpoch,
  });
}

function onVote(e: Engine, node: NodeState, from: NodeId, b: VoteBody): void {
  const el = node.electing;
  if (el === null || el.epoch !== b.epoch || node.role !== 'candidate') return;
  el.statuses.set(from, { lsn: b.lsn, lastEpoch: b.lastEpoch });
  e.emit({
    type: 'vote',
    node: node.id,
    from,
    epoch: b.epoch,
    granted: b.granted,
    lsn: b.lsn,
    lastEpoch: b.lastEpoch,
  });
  if (b.seen > node.epochSeen) node.epochSeen = b.seen;
  if (!b.granted && b.seen > el.epoch && !el.deciding) {
    // Someone is already in a later epoch: this campaign cannot win. Stand down and
    // let the failure detector campaign again, above the epoch just learned.
    node.electing = null;
    e.control(node, { type: 'node.follow', epoch: node.epoch });
    step(node, { type: 'election.lost' });
    node.lastHeardLeader = e.now();
    // Standing down is not hearing from a leader: forget the suspected one, or `hasLiveLeader`
    // would refuse every vote for a timeout and a more up-to-date candidate could not win.
    node.leader = null;
    return;
  }
  if (b.granted) el.votes.add(from);
  if (el.votes.size < majority(e)) return;
  // Everyone but the node we suspect has answered: nothing more to wait for.
  if (e.nodeIds.every((n) => el.statuses.has(n) || n === el.suspect)) {
    decide(e, node);
    return;
  }
  if (el.deciding) return;
  // A majority is enough to win, but a live peer whose answer is still on its
  // way may hold writes the voters lack (acknowledged ones, under async or
  // semi-sync commit). Wait up to two heartbeat intervals (a round trip over a
  // slow link) for the rest, as Patroni compares every member's position
  // before promoting.
  el.deciding = true;
  step(node, { type: 'election.majority' });
  e.nodeTimer(node, e.now() + 2 * settings(e).hb, () => {
    if (node.electing === el) decide(e, node);
  });
}

/** Ends an election the candidate won: chooses the leader among every answer heard and promotes it. */
function decide(e: Engine, node: NodeState): void {
  const el = node.electing;
  if (el === null) return;
  node.electing = null;
  const cands: Candidate[] = [...el.statuses].map(([n, s]) => ({ node: n, lsn: s.lsn, lastEpoch: s.lastEpoch }));
  cands.sort((a, b2) => (a.node < b2.node ? -1 : 1));
  const hook = e.hooks.electLeader;
  const chosen = hook ? e.callHook('electLeader', node.id, () => hook(cands), null) : mostUpToDate(cands, node.id);
  if (chosen === null || !el.statuses.has(chosen)) {
    e.control(node, { type: 'node.follow', epoch: node.epoch });
    step(node, { type: 'election.lost' });
    return;
  }
  if (chosen === node.id) promote(e, node, el.epoch, cands);
  else {
    e.control(node, { type: 'node.follow', epoch: el.epoch });
    // We chose this leader: treat the hand-off as hearing from it, or our own
    // failure detector fires at its next tick and we depose the leader we chose.
    node.leader = chosen;
    node.lastHeardLeader = e.now();
    node.suspecting = false;
    step(node, { type: 'election.handoff' });
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
  node.commitLsn = node.log.lastLsn;
  e.emit({
    type: 'elect',
    node: node.id,
    epoch,
    candidates: cands.map((c) => ({ node: c.node, lsn: c.lsn, lastEpoch: c.lastEpoch })),
  });
  // Service discovery announces the new leader, but only some clients pick it up at once (stale caches):
  // the rest keep talking to whoever they believed was leader until they are refused.
  for (const s of e.sessions.values()) if (e.discoveryRng.chance(0.5)) s.leaderGuess = node.id;
  const { lease } = settings(e);
  step(node, { type: 'election.won' });
  if (e.fencing) {
    // Wait out the old leader's lease before taking writes; hold our own a little beyond that.
    node.leaseUntil = -Infinity;
    setLease(e, node, e.now() + lease * 2);
    e.nodeTimer(node, e.now() + lease, () => step(node, { type: 'lease.writable' }));
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
      if (!acceptFromLeader(e, node, msg.from, b.epoch, b)) return true;
      e.send(node.id, msg.from, 'heartbeat-ack', {
        epoch: node.epoch,
        sentAt: b.sentAt,
        ok: true,
      } satisfies HeartbeatAckBody);
      // Behind, ahead (a tail the leader never had) or diverged at the same length: ask where we stand.
      const inStep = node.log.lastLsn === b.lsn && node.log.epochAt(b.lsn) === b.lastEpoch;
      if (!inStep && e.now() - node.lastFetchAt >= settings(e).hb)
        single.sendFetch(e, node, node.log.lastLsn + 1, false);
      return true;
    }
    case 'heartbeat-ack': {
      const b = msg.body as HeartbeatAckBody;
      if (!isLeader(node)) return true;
      if (e.fencing && b.epoch > node.epoch) {
        e.emit({ type: 'fence', node: msg.from, epoch: b.epoch, staleEpoch: node.epoch });
        e.control(node, { type: 'node.follow', epoch: b.epoch });
        step(node, { type: 'epoch.newer' });
        node.leader = null;
        node.lastHeardLeader = e.now();
        return true;
      }
      const p = node.progress.get(msg.from);
      if (p) p.lastHeard = e.now();
      if (!b.ok || b.epoch !== node.epoch) return true;
      const n = (node.hbAcks.get(b.sentAt) ?? 0) + 1;
      node.hbAcks.set(b.sentAt, n);
      if (n >= majority(e)) setLease(e, node, b.sentAt + settings(e).lease);
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
      if (isLeader(node) && e.fencing && b.epoch > node.epoch) {
        // Chosen while leading an older epoch (a restarted leader whose heartbeat a candidate
        // counted, its log the most up to date): that epoch is over; lead the new one.
        e.emit({ type: 'fence', node: node.id, epoch: b.epoch, staleEpoch: node.epoch });
        step(node, { type: 'epoch.newer' });
        e.control(node, { type: 'node.follow', epoch: b.epoch });
      }
      if (!isLeader(node)) promote(e, node, b.epoch, b.candidates);
      return true;
    }
    default:
      return false;
  }
}
