/** The leaderless protocol (chapters 8 and 9): quorum reads and writes coordinated by whichever node a client reaches (`sim/leaderless.ts`). */
import type { Protocol } from './protocol.ts';
import * as leaderless from '../sim/leaderless.ts';

export const leaderlessProtocol: Protocol = {
  kind: 'leaderless',
  start: leaderless.start,
  execute: leaderless.execute,
  onMessage: leaderless.onMessage,
  restart: leaderless.restart,
  initNode() {},
  addFollower(e, id) {
    throw new Error(`add-follower: a ${'leaderless'} topology has no followers to add (node "${id}", seed ${e.seed})`);
  },
  routesReads: false,
  visibleData: (node) => new Map([...node.store].map(([k, v]) => [k, v.value])),
};
