/**
 * Chapter 8 — one quorum operation, as its coordinator sees it, and the hints
 * a stand-in holds for unreachable home replicas (sloppy quorums).
 *
 * `quorum`: a write or a read is `collecting` answers from the n home
 * replicas; under a sloppy quorum, once the home replicas are slow it asks
 * stand-ins too (`collecting.sloppy`). With w acknowledgements (a write) or r
 * answers (a read) it has `succeeded`; a read whose answers disagree first
 * goes through `repairing` while its write-backs to the stale replicas are in
 * flight, and is `succeeded.repaired` once they have all been stored. Without
 * its quorum in time the operation has `failed`: a write that some replica
 * stored anyway is `failed.partial` — nothing rolls it back — and one that
 * nobody stored is `failed.nothingStored`; a read is `failed.timedOut`.
 *
 * `hint`: a stand-in is `empty` until it takes a write for a home replica it
 * cannot reach (`holding`); it keeps trying to hand the hints over
 * (`handingOff`) and is `empty` again when the last one is acknowledged — or
 * when it loses its disk.
 *
 * Both are stepped with XState's pure `transition()` by `sim/leaderless.ts`
 * only on those edges: an answer that does not complete a quorum, a repeated
 * handoff attempt, a hint for a key it already holds change nothing and
 * record nothing.
 */
import { setup } from 'xstate';

export type QuorumKind = 'write' | 'read';

export type QuorumEvent =
  /** Stand-ins were asked to hold the write for home replicas that have not answered. */
  | { readonly type: 'quorum.sloppy' }
  /** The w-th acknowledgement or the r-th answer arrived; `repair`: a read sends write-backs to stale replicas. */
  | { readonly type: 'quorum.reached'; readonly repair: boolean }
  /** Every write-back of a repairing read has been stored. */
  | { readonly type: 'repair.stored' }
  /** The request timeout fired short of the quorum; `stored`: some replica kept the write anyway. */
  | { readonly type: 'quorum.timeout'; readonly stored: boolean };

export const quorumMachine = setup({
  types: {
    context: {} as { readonly kind: QuorumKind },
    events: {} as QuorumEvent,
    input: {} as { readonly kind: QuorumKind },
  },
  guards: {
    isRead: ({ context }) => context.kind === 'read',
    repairsStale: ({ context, event }) => context.kind === 'read' && event.type === 'quorum.reached' && event.repair,
    storedSomewhere: ({ context, event }) =>
      context.kind === 'write' && event.type === 'quorum.timeout' && event.stored,
  },
}).createMachine({
  id: 'quorum',
  context: ({ input }) => ({ kind: input.kind }),
  initial: 'collecting',
  states: {
    collecting: {
      initial: 'home',
      states: {
        home: {
          on: { 'quorum.sloppy': { target: 'sloppy' } },
        },
        // Hints count toward w; reads never ask stand-ins.
        sloppy: {},
      },
      on: {
        'quorum.reached': [{ guard: 'repairsStale', target: 'repairing' }, { target: 'succeeded' }],
        'quorum.timeout': [
          { guard: 'isRead', target: 'failed.timedOut' },
          { guard: 'storedSomewhere', target: 'failed.partial' },
          { target: 'failed.nothingStored' },
        ],
      },
    },
    // The read has returned its value; write-backs to the stale replicas are in flight (fire and forget).
    repairing: {
      on: { 'repair.stored': { target: 'succeeded.repaired' } },
    },
    succeeded: {
      initial: 'answered',
      states: { answered: {}, repaired: {} },
    },
    failed: {
      initial: 'nothingStored',
      states: {
        // The client hears "timed out"; the replicas that stored it keep it and spread it.
        partial: {},
        nothingStored: {},
        timedOut: {},
      },
    },
  },
});

export type HintEvent =
  /** The stand-in took a write for an unreachable home replica. */
  | { readonly type: 'hint.stored' }
  /** It sent its hints to their home replicas. */
  | { readonly type: 'handoff.sent' }
  /** A home replica took a hint; `left`: the stand-in still holds others. */
  | { readonly type: 'handoff.acked'; readonly left: boolean }
  /** It came back with an empty disk. */
  | { readonly type: 'hint.wiped' };

export const hintMachine = setup({
  types: { events: {} as HintEvent },
  guards: {
    othersLeft: ({ event }) => event.type === 'handoff.acked' && event.left,
  },
}).createMachine({
  id: 'hint',
  initial: 'empty',
  on: { 'hint.wiped': { target: '.empty' } },
  states: {
    empty: {
      on: { 'hint.stored': { target: 'holding' } },
    },
    holding: {
      on: { 'handoff.sent': { target: 'handingOff' } },
    },
    handingOff: {
      on: {
        'handoff.acked': [{ guard: 'othersLeft', target: 'handingOff' }, { target: 'empty' }],
      },
    },
  },
});
