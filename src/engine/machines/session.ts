/**
 * Chapter 5 — a client session and where its reads go. The session remembers
 * the highest LSN it has seen (its own acknowledged writes and what its reads
 * were served at); the engine keeps that number on the session (`SessionState`),
 * and this machine keeps what the learner should watch: whether the session's
 * latest read went to the leader, to a follower that had already replayed
 * everything the session saw, or to a follower still behind it — the only
 * case in which a read can miss the session's own write or go back in time.
 *
 * After an acknowledged write the session is `wrote`: followers may not have
 * replayed that LSN yet, so a careful router either finds a follower that has
 * caught up or falls back to the leader until one has. A read that fails
 * (the chosen replica is down, or it timed out) leaves the session `refused`
 * until its next read is routed.
 *
 * Stepped with XState's pure `transition()` by `sim/engine.ts` when a read is
 * routed, when a read fails and when a write is acknowledged, and only in runs
 * that route reads (a `routeRead` hook or a non-leader `readFrom` policy). Its
 * context never changes, so stepping is a cached lookup, and a `state` event is
 * recorded only when the state changes: a session that keeps reading from
 * caught-up followers costs nothing.
 */
import { setup } from 'xstate';

export type SessionEvent =
  /**
   * A read was routed. `leader`: it goes to the node the session believes
   * leads. `caughtUp`: the chosen replica has applied at least the highest
   * LSN the session has seen.
   */
  | { readonly type: 'read.route'; readonly leader: boolean; readonly caughtUp: boolean }
  /** The read was refused or timed out. */
  | { readonly type: 'read.failed' }
  /** One of the session's writes was acknowledged (at a new, higher LSN). */
  | { readonly type: 'write.acked' };

export const sessionMachine = setup({
  types: { events: {} as SessionEvent },
  guards: {
    toLeader: ({ event }) => event.type === 'read.route' && event.leader === true,
    replicaCaughtUp: ({ event }) => event.type === 'read.route' && event.caughtUp === true,
  },
}).createMachine({
  id: 'session',
  initial: 'fresh',
  on: {
    'read.route': [
      // Always up to date: the fallback while followers catch up.
      { guard: 'toLeader', target: '.atLeader' },
      // Has replayed the session's LSN: safe for read-your-writes and monotonic reads.
      { guard: 'replicaCaughtUp', target: '.caughtUpFollower' },
      // Behind what the session has seen: the read may miss its write or go back in time.
      { target: '.laggingFollower' },
    ],
    'read.failed': { target: '.refused' },
    'write.acked': { target: '.wrote' },
  },
  states: {
    // Nothing written or read yet: every replica is recent enough.
    fresh: {},
    wrote: {},
    atLeader: {},
    caughtUpFollower: {},
    laggingFollower: {},
    refused: {},
  },
});

/**
 * The session's events as shared frozen objects, so the machine host steps a
 * session (once per routed read) by object identity instead of serialising
 * a fresh event each time. `sessionEvents.route(leader, caughtUp)`.
 */
const ROUTES = [
  [
    Object.freeze({ type: 'read.route', leader: false, caughtUp: false }),
    Object.freeze({ type: 'read.route', leader: false, caughtUp: true }),
  ],
  [
    Object.freeze({ type: 'read.route', leader: true, caughtUp: false }),
    Object.freeze({ type: 'read.route', leader: true, caughtUp: true }),
  ],
] as const satisfies readonly (readonly SessionEvent[])[];

export const sessionEvents = Object.freeze({
  route: (leader: boolean, caughtUp: boolean): SessionEvent => ROUTES[leader ? 1 : 0][caughtUp ? 1 : 0],
  failed: Object.freeze({ type: 'read.failed' }) satisfies SessionEvent,
  acked: Object.freeze({ type: 'write.acked' }) satisfies SessionEvent,
});
