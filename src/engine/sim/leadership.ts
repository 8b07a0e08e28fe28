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

/** Whether a node accepts a replicate/snapshot from `from` in `epoch`; fences stale leaders. */
export function acceptFromLeader(e: Engine, node: NodeState, from: NodeId, epoch: number): boolean {
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
