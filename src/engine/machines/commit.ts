/**
 * Chapter 4 — when a leader may acknowledge a write. Asynchronous commit
 * acknowledges at once, before any follower has the write. Synchronous commit
 * (every follower) and semi-synchronous commit (one follower, or one of the
 * named ones) hold each write `waiting` until the acknowledgements it needs
 * arrive; when a follower it needs has gone silent, writes are `blocked` —
 * the price of never acknowledging what a single crash could lose.
 *
 * Stepped with XState's pure `transition()` by `sim/single-leader.ts` on the
 * edges only — the first write waiting, the last one committed, a required
 * follower going silent or coming back — not once per write.
 */
import { setup } from 'xstate';

export type CommitMode = 'async' | 'sync' | 'semi-sync' | 'policy';

export type CommitEvent =
  /** A write is waiting for acknowledgements (none was). */
  | { readonly type: 'write.pending' }
  /** Every waiting write is committed and acknowledged. */
  | { readonly type: 'write.committed' }
  /** A follower whose acknowledgement the oldest waiting write needs has been silent too long. */
  | { readonly type: 'follower.silent' }
  | { readonly type: 'follower.back' }
  | { readonly type: 'role.lead' }
  | { readonly type: 'role.follow' };

export const commitMachine = setup({
  types: {
    context: {} as { readonly mode: CommitMode; readonly leading: boolean },
    events: {} as CommitEvent,
    input: {} as { readonly mode: CommitMode; readonly leading: boolean },
  },
  guards: {
    asyncMode: ({ context }) => context.mode === 'async',
    startsLeading: ({ context }) => context.leading,
  },
}).createMachine({
  id: 'commit',
  context: ({ input }) => ({ mode: input.mode, leading: input.leading }),
  initial: 'starting',
  on: { 'role.follow': { target: '.notLeading' } },
  states: {
    starting: {
      always: [{ guard: 'startsLeading', target: 'leading' }, { target: 'notLeading' }],
    },
    notLeading: {
      on: { 'role.lead': { target: 'leading' } },
    },
    leading: {
      initial: 'choosing',
      states: {
        choosing: {
          always: [{ guard: 'asyncMode', target: 'acknowledgingAtOnce' }, { target: 'idle' }],
        },
        // Async: a write is acknowledged as soon as the leader has it; nothing waits.
        acknowledgingAtOnce: {},
        idle: {
          on: { 'write.pending': { target: 'waiting' } },
        },
        waiting: {
          on: {
            'write.committed': { target: 'idle' },
            'follower.silent': { target: 'blocked' },
          },
        },
        blocked: {
          on: {
            'follower.back': { target: 'waiting' },
            'write.committed': { target: 'idle' },
          },
        },
      },
    },
  },
});
