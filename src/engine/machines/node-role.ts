/**
 * A node's control state as an XState machine: up or down, and while up its
 * role (single, leader, follower, candidate), plus the leader epoch it knows.
 *
 * Only control events go through this machine (crash, restart, promotion,
 * stepping down, campaigning): they are rare, so the engine advances it with
 * XState's pure `transition()` on a plain snapshot, without actors or clocks.
 * The hot data path (messages, appends, applies) stays in plain functions.
 */
import { assign, setup, transition, initialTransition, type SnapshotFrom } from 'xstate';

export type NodeRole = 'single' | 'leader' | 'follower' | 'candidate';

export interface NodeRoleContext {
  /** Highest leader epoch this node has accepted. Survives crashes (it is written to disk). */
  readonly epoch: number;
  /** Role to take when (re)starting: the role the node last believed it had. */
  readonly bootRole: NodeRole;
}

export type NodeRoleEvent =
  | { readonly type: 'node.crash' }
  /** `role` is what the node believes on restart (a crashed leader may come back as leader). */
  | { readonly type: 'node.restart'; readonly role: NodeRole }
  | { readonly type: 'node.campaign'; readonly epoch: number }
  | { readonly type: 'node.promote'; readonly epoch: number }
  | { readonly type: 'node.follow'; readonly epoch: number };

export const nodeRoleMachine = setup({
  types: {
    context: {} as NodeRoleContext,
    events: {} as NodeRoleEvent,
    input: {} as { readonly role: NodeRole; readonly epoch: number },
  },
  guards: {
    bootsAs: ({ context }, role: NodeRole) => context.bootRole === role,
    /** Epochs only move forward: a stale promotion or step-down is ignored. */
    notStale: ({ context, event }) => !('epoch' in event) || event.epoch >= context.epoch,
  },
  actions: {
    adoptEpoch: assign({
      epoch: ({ context, event }) => ('epoch' in event ? Math.max(context.epoch, event.epoch) : context.epoch),
    }),
    rememberLeader: assign({ bootRole: 'leader' as NodeRole }),
    rememberFollower: assign({ bootRole: 'follower' as NodeRole }),
    rememberRestartRole: assign({
      bootRole: ({ context, event }) => (event.type === 'node.restart' ? event.role : context.bootRole),
    }),
  },
}).createMachine({
  id: 'node',
  context: ({ input }) => ({ epoch: input.epoch, bootRole: input.role }),
  initial: 'up',
  states: {
    up: {
      initial: 'boot',
      on: { 'node.crash': { target: 'down' } },
      states: {
        boot: {
          always: [
            { guard: { type: 'bootsAs', params: 'single' }, target: 'single' },
            { guard: { type: 'bootsAs', params: 'leader' }, target: 'leader' },
            { guard: { type: 'bootsAs', params: 'candidate' }, target: 'candidate' },
            { target: 'follower' },
          ],
        },
        single: {},
        leader: {
          on: {
            'node.follow': { guard: 'notStale', target: 'follower', actions: ['adoptEpoch', 'rememberFollower'] },
            'node.promote': { guard: 'notStale', actions: 'adoptEpoch' },
          },
        },
        follower: {
          on: {
            'node.campaign': { guard: 'notStale', target: 'candidate' },
            'node.promote': { guard: 'notStale', target: 'leader', actions: ['adoptEpoch', 'rememberLeader'] },
            'node.follow': { guard: 'notStale', actions: 'adoptEpoch' },
          },
        },
        candidate: {
          on: {
            'node.promote': { guard: 'notStale', target: 'leader', actions: ['adoptEpoch', 'rememberLeader'] },
            'node.follow': { guard: 'notStale', target: 'follower', actions: ['adoptEpoch', 'rememberFollower'] },
          },
        },
      },
    },
    down: {
      on: { 'node.restart': { target: 'up', actions: 'rememberRestartRole' } },
    },
  },
});

export type NodeRoleSnapshot = SnapshotFrom<typeof nodeRoleMachine>;

/** The initial control snapshot of a node. */
export function initialNodeRole(role: NodeRole, epoch: number): NodeRoleSnapshot {
  return initialTransition(nodeRoleMachine, { role, epoch })[0];
}

/** Advances a node's control state; pure (actions are only `assign`s, applied inside the snapshot). */
export function stepNodeRole(snapshot: NodeRoleSnapshot, event: NodeRoleEvent): NodeRoleSnapshot {
  return transition(nodeRoleMachine, snapshot, event)[0];
}

/** `'down'` or the role of a running node. */
export function roleOf(snapshot: Pick<NodeRoleSnapshot, 'matches' | 'value'>): NodeRole | 'down' {
  if (snapshot.matches('down')) return 'down';
  const v = snapshot.value;
  if (typeof v === 'object' && 'up' in v) {
    const r = v.up;
    if (r === 'single' || r === 'leader' || r === 'follower' || r === 'candidate') return r;
  }
  return 'follower';
}
