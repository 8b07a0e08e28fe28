/**
 * Replication lag, defined once (DDIA ch. 5): how many log entries a replica
 * has not yet applied of the *current leader's* log.
 *
 * - The current leader is the up node leading (role `leader` or `single`) in
 *   the highest epoch; on a tie, the first in node order. A deposed leader
 *   that has not noticed yet (split brain, a partitioned old leader) still
 *   calls itself leader, but in an older epoch: its log is not what the
 *   replicas are behind, since the new leader will truncate it.
 * - Lag = that leader's last appended LSN − the replica's applied LSN, never
 *   negative. The leader itself has no lag, and while no leader is up there
 *   is nothing to lag behind: no lag at all (`null`), rather than zero.
 * - Multi-leader and leaderless runs have no single leader to lag behind, and
 *   their LSNs are each node's own counter, so they report no lag at all
 *   (`null`; no flat zero lines). Their divergence is what the convergence
 *   checkers and the read-repair / anti-entropy events show instead.
 *
 * The board (`trace/replay.ts`, the fold) and `metrics.followerLag` (the lag
 * chart) both read the fold's node positions through these functions, so a
 * node card and the chart can never show different numbers.
 */
import type { NodeId, ReplicationShape } from '../trace/events.ts';

/** What the lag rule reads of a node: the fold's card fields of the same names. */
export interface LagPosition {
  /** `'down'` while crashed. */
  readonly role: string;
  readonly epoch: number;
  /** Highest LSN appended to the node's log. */
  readonly lsn: number;
  /** Highest LSN applied to the node's data. */
  readonly appliedLsn: number;
}

/** Whether runs of this shape have one leader to lag behind (traces without a shape are single-leader). */
export function hasSingleLeader(shape: ReplicationShape | undefined): boolean {
  return shape === undefined || shape === 'single';
}

/** Whether a node is up and acting as leader. */
export function leads(p: LagPosition): boolean {
  return p.role === 'leader' || p.role === 'single';
}

/**
 * The current leader: the up node leading in the highest epoch, the first in
 * `order` on a tie, or `null` when no node is up and leading.
 */
export function currentLeader(
  order: readonly NodeId[],
  position: (node: NodeId) => LagPosition | undefined,
): NodeId | null {
  let leader: NodeId | null = null;
  let epoch = Number.NEGATIVE_INFINITY;
  for (const id of order) {
    const p = position(id);
    if (p !== undefined && leads(p) && p.epoch > epoch) {
      leader = id;
      epoch = p.epoch;
    }
  }
  return leader;
}

/** Entries `node` has not applied of `leader`'s log (never negative). */
export function entriesBehind(leader: LagPosition, node: LagPosition): number {
  return Math.max(0, leader.lsn - node.appliedLsn);
}

/**
 * A node's lag behind `leader` (from `currentLeader`, or one the caller
 * names), or `null` when there is none to report: no single-leader shape, no
 * leader, the leader is down, or the node is the leader.
 */
export function lagBehind(
  shape: ReplicationShape | undefined,
  leader: NodeId | null,
  node: NodeId,
  position: (node: NodeId) => LagPosition | undefined,
): number | null {
  if (!hasSingleLeader(shape) || leader === null || node === leader) return null;
  const l = position(leader);
  if (l === undefined || l.role === 'down') return null;
  return entriesBehind(l, position(node) ?? UNSEEN);
}

/** A node the trace has not mentioned yet: nothing appended, nothing applied. */
const UNSEEN: LagPosition = { role: 'follower', epoch: 0, lsn: 0, appliedLsn: 0 };
