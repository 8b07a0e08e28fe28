/**
 * Leadership as the replication stream sees it, shared by the single-leader
 * protocol and failover without either importing the other: whether a node
 * takes entries from a would-be leader (fencing a stale one), whether a leader
 * may answer a client now (its lease), and stepping the failover machine.
 */
import type { NodeId } from '../trace/events.ts';
import type { FailoverEvent } from '../machines/failover.ts';
import type { Engine } from './engine.ts';
import type { NodeState } from './types.ts';

export interface HeartbeatAckBody {
  readonly epoch: number;
  readonly sentAt: number;
  readonly ok: boolean;
}

export function isLeader(n: NodeState): boolean {
  return n.role === 'leader' || n.role === 'single';
}

/** Steps the node's failover machine (`machines/failover.ts`). */
export function step(node: NodeState, event: FailoverEvent): void {
  node.failover?.send(event);
}

/**
 * The latest epoch this node has taken part in: the one it follows, voted in,
 * campaigned for or heard of. A new campaign starts above it.
 */
export function termOf(node: NodeState): number {
  return Math.max(node.epoch, node.votedFor?.epoch ?? 0, node.epochSeen);
}

/**
 * Why a leader must refuse a write or a read now (fencing on: no lease, or
 * waiting out the old leader's lease). Reads need the lease too: a leader cut
 * off from its followers may already have been replaced, and answering from
 * its own data would be a stale read dressed up as the leader's.
 */
export function leaseRefusal(e: Engine, node: NodeState): string | null {
  if (!e.failoverOn || !e.fencing) return null;
  return node.failover?.matches('leading.leased') === true ? null : 'fenced';
}

/** Whether a node accepts a replicate/snapshot/heartbeat from `from` in `epoch`; fences stale leaders. */
export function acceptFromLeader(
  e: Engine,
  node: NodeState,
  from: NodeId,
  epoch: number,
  /** A heartbeat says where its sender's log ends. */
  beat?: { readonly lsn: number; readonly lastEpoch: number },
): boolean {
  if (!e.failoverOn) return !isLeader(node);
  if (!e.fencing) {
    if (isLeader(node)) return false;
    node.lastHeardLeader = e.now();
    node.suspecting = false;
    node.leader = from;
    heard(node);
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
  const el = node.role === 'candidate' ? node.electing : null;
  if (el !== null && epoch < el.epoch) {
    // A candidate is already in its campaign's epoch, as a Raft candidate in its new term: a
    // leader of an older epoch is stale to it, even one of the epoch it followed (a crashed
    // leader back believing it leads, a leader cut off from its majority). Following it again
    // would abandon a campaign whose voters may have moved on and fence that leader, leaving
    // nobody leading. The candidate does not fence it either: its voters do, if they granted the
    // campaign, and if they refused (the leader is alive to them) it was a false suspicion and
    // the candidate follows it again when the campaign times out (`campaign` in failover.ts).
    el.staleLeader = { node: from, epoch, at: e.now() };
    // It is alive after all (a restarted leader never got the vote request), and its log may be
    // ahead of every voter's: count its position as an answer, without waiting for it, so the most
    // up-to-date node still gets chosen.
    if (beat !== undefined) el.statuses.set(from, { lsn: beat.lsn, lastEpoch: beat.lastEpoch });
    return false;
  }
  if (epoch > node.epoch || isLeader(node) || node.role === 'candidate') {
    e.control(node, { type: 'node.follow', epoch });
    node.electing = null;
  }
  node.leader = from;
  node.lastHeardLeader = e.now();
  node.suspecting = false;
  heard(node);
  return true;
}

/** The leader was heard: the machine returns to following (a string compare on the hot path, no step when already there). */
function heard(node: NodeState): void {
  if (node.failover !== null && node.failover.state !== 'following') step(node, { type: 'leader.heard' });
}
