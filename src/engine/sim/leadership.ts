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

/**
 * Whether a node accepts a replicate/snapshot/heartbeat from `from` in `epoch`; fences stale leaders.
 * `beat`: the message is a heartbeat, saying whether its sender holds its lease and where its log ends.
 */
export function acceptFromLeader(
  e: Engine,
  node: NodeState,
  from: NodeId,
  epoch: number,
  beat?: { readonly leased: boolean; readonly lsn: number; readonly lastEpoch: number },
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
  // A candidate gives up its campaign for a leader of a newer epoch than the one it followed, or for
  // one whose heartbeat shows it holds its lease (a false suspicion: a majority still answers it).
  // A leader of the suspected epoch without a lease — a crashed leader back believing it leads, or
  // one cut off from its majority — is stale to the candidate, as to a Raft candidate in its new
  // term: following it again would abandon a campaign whose voters have already moved on (they
  // fence that leader), leaving nobody leading (swarm lead: ch9-global-single-leader, 21 of 200
  // seeds without a leader at the end). Its heartbeat is fenced with the campaign's epoch, so it
  // steps down; other messages (no lease shown) are only refused until its next heartbeat.
  const el = node.role === 'candidate' ? node.electing : null;
  if (el !== null && epoch <= node.epoch && beat?.leased !== true) {
    if (beat !== undefined) {
      // It is alive after all, and its log may be ahead of every voter's: count its position
      // (and wait for it like any peer), so the most up-to-date node still gets chosen.
      el.statuses.set(from, { lsn: beat.lsn, lastEpoch: beat.lastEpoch });
      if (el.suspect === from) el.suspect = null;
      // Nor is it the silent leader a later campaign may skip waiting for.
      if (node.leader === from) node.leader = null;
      e.emit({ type: 'fence', node: node.id, epoch: el.epoch, staleEpoch: epoch });
      e.send(
        node.id,
        from,
        'heartbeat-ack',
        { epoch: el.epoch, sentAt: -1, ok: false } satisfies HeartbeatAckBody,
        `stale epoch ${epoch}`,
      );
    }
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
