/**
 * Chapter 2 (and 3) — a follower's replication stream: applying entries as
 * they arrive in order, noticing a gap or a conflicting entry and asking the
 * leader where to continue, loading a snapshot when the log it needs is gone,
 * catching up after a restart from its own last LSN, and — under physical
 * replication — stalling for good on entries written by another storage
 * version until it is rebuilt from a snapshot.
 *
 * Stepped with XState's pure `transition()` by `sim/single-leader.ts`, but
 * only on a change: a batch that arrives in order while the stream is already
 * `streaming` costs one string comparison, not a transition, so the hot data
 * path (appends and applies) stays plain code.
 */
import { setup } from 'xstate';

export type FollowerStreamEvent =
  /** Entries arrived beyond the next LSN this follower needs. */
  | { readonly type: 'stream.gap' }
  /** The leader's entry before the batch has another epoch here: the logs diverge. */
  | { readonly type: 'stream.conflict' }
  /** A fetch went to the leader (from the first missing LSN). */
  | { readonly type: 'stream.fetch' }
  /** The leader is cutting this log back to where they agree. */
  | { readonly type: 'stream.truncate' }
  /** A batch was applied in order onto a matching log. */
  | { readonly type: 'stream.in-step' }
  /** A snapshot was asked for (a new follower) or is on its way (the log it needed was compacted). */
  | { readonly type: 'stream.snapshot-requested' }
  | { readonly type: 'stream.snapshot-loaded' }
  /** A physical entry from another storage version: nothing more can be applied. */
  | { readonly type: 'stream.stall' }
  | { readonly type: 'role.lead' }
  | { readonly type: 'role.follow' }
  | { readonly type: 'node.crash' }
  | { readonly type: 'node.restart' };

export const followerStreamMachine = setup({
  types: {
    context: {} as { readonly leading: boolean },
    events: {} as FollowerStreamEvent,
    input: {} as { readonly leading: boolean },
  },
  guards: {
    startsLeading: ({ context }) => context.leading,
  },
}).createMachine({
  id: 'follower-stream',
  context: ({ input }) => ({ leading: input.leading }),
  initial: 'starting',
  on: {
    'node.crash': { target: '.down' },
    'role.lead': { target: '.leading' },
  },
  states: {
    starting: {
      always: [{ guard: 'startsLeading', target: 'leading' }, { target: 'streaming' }],
    },
    streaming: {
      on: {
        'stream.gap': { target: 'gap' },
        'stream.conflict': { target: 'gap' },
        'stream.fetch': { target: 'fetching' },
        'stream.truncate': { target: 'truncating' },
        'stream.snapshot-requested': { target: 'bootstrapping' },
        'stream.stall': { target: 'stalled' },
      },
    },
    gap: {
      on: {
        'stream.snapshot-loaded': { target: 'streaming' },
        'stream.fetch': { target: 'fetching' },
        'stream.in-step': { target: 'streaming' },
        'stream.snapshot-requested': { target: 'bootstrapping' },
        'stream.stall': { target: 'stalled' },
      },
    },
    fetching: {
      on: {
        'stream.snapshot-loaded': { target: 'streaming' },
        'stream.in-step': { target: 'streaming' },
        'stream.truncate': { target: 'truncating' },
        'stream.snapshot-requested': { target: 'bootstrapping' },
        'stream.stall': { target: 'stalled' },
      },
    },
    truncating: {
      on: {
        'stream.fetch': { target: 'fetching' },
        'stream.in-step': { target: 'streaming' },
      },
    },
    bootstrapping: {
      on: { 'stream.snapshot-loaded': { target: 'streaming' } },
    },
    stalled: {
      on: { 'stream.snapshot-loaded': { target: 'streaming' } },
    },
    catchingUp: {
      on: {
        'stream.snapshot-loaded': { target: 'streaming' },
        'stream.in-step': { target: 'streaming' },
        'stream.gap': { target: 'gap' },
        'stream.conflict': { target: 'gap' },
        'stream.fetch': { target: 'fetching' },
        'stream.truncate': { target: 'truncating' },
        'stream.snapshot-requested': { target: 'bootstrapping' },
        'stream.stall': { target: 'stalled' },
      },
    },
    leading: {
      on: { 'role.follow': { target: 'catchingUp' } },
    },
    down: {
      on: { 'node.restart': { target: 'catchingUp' } },
    },
  },
});
