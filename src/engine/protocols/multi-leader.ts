/** The multi-leader protocol (chapters 7 and 9): every node takes writes and replicates them to the others (`sim/multi-leader.ts`). */
import type { Protocol } from './protocol.ts';
import * as multi from '../sim/multi-leader.ts';

export const multiLeaderProtocol: Protocol = {
  kind: 'multi-leader',
  start: multi.start,
  execute: multi.execute,
  onMessage: multi.onMessage,
  restart: multi.restart,
  initNode() {},
  addFollower(e, id) {
    throw new Error(
      `add-follower: a ${'multi-leader'} topology has no followers to add (node "${id}", seed ${e.seed})`,
    );
  },
  routesReads: false,
  visibleData: (node) => new Map([...node.store].map(([k, v]) => [k, v.value])),
};
