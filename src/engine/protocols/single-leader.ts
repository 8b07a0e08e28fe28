/**
 * The single-leader protocol (chapters 1–6 and 9): the replication stream of
 * `sim/single-leader.ts`, with failure detection, elections and leases from
 * `sim/failover.ts` composed in when the configuration turns failover on.
 */
import type { Protocol } from './protocol.ts';
import * as single from '../sim/single-leader.ts';
import * as failover from '../sim/failover.ts';
import { followerStreamMachine } from '../machines/follower-stream.ts';
import { commitMachine, type CommitMode } from '../machines/commit.ts';
import type { NodeRole } from '../machines/node-role.ts';
import type { Engine } from '../sim/engine.ts';

/** How a node acknowledges writes when it leads: a lone node waits for nobody. */
function commitMode(e: Engine, role: NodeRole): CommitMode {
  if (role === 'single') return 'async';
  if (e.hooks.ackPolicy !== undefined) return 'policy';
  return e.mode;
}

export const singleLeaderProtocol: Protocol = {
  kind: 'single-leader',
  start(e) {
    if (e.failoverOn) failover.start(e);
  },
  execute: single.execute,
  onMessage(e, node, msg) {
    if (failover.onMessage(e, node, msg)) return;
    single.onMessage(e, node, msg);
  },
  restart(e, node) {
    const role = failover.restartRole(e, node);
    single.restart(e, node, role);
    if (e.node(node.id).role === 'follower') failover.onFollowerStart(e, node);
  },
  initNode(e, node, role) {
    const leading = role === 'leader' || role === 'single';
    node.stream = e.machine(followerStreamMachine, node.id, { leading });
    node.commit = e.machine(commitMachine, node.id, { mode: commitMode(e, role), leading });
    if (role === 'leader') single.initLeader(e, node);
  },
  addFollower(e, id) {
    failover.onFollowerStart(e, single.addFollower(e, id));
  },
  routesReads: true,
  visibleData: (node) => node.data,
};
