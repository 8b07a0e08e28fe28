/**
 * Chapter 6 — failure detection, election, leases and fencing, as one node
 * sees them. A follower watches the leader's heartbeats; when they stop it
 * suspects the leader, campaigns for a new epoch, and with a majority of votes
 * decides who leads (waiting briefly for the remaining answers). A leader with
 * fencing first waits out its predecessor's lease, then takes writes only
 * while a majority keeps renewing its own lease; when it learns of a newer
 * epoch it is fenced and steps down.
 *
 * Stepped with XState's pure `transition()` by `sim/failover.ts`: its events
 * are rare (a detector firing, a vote majority, a lease expiring — at most a
 * few per heartbeat interval), so a machine costs nothing measurable. The
 * engine asks it one question on the hot path, through `snapshot.matches`:
 * may this leader answer a client now (`leading.leased`)? Lease timers are
 * the engine's: it schedules `lease.writable` and `lease.expire` on its own
 * queue and sends them when they fire.
 */
import { setup } from 'xstate';

export interface FailoverInput {
  /** Starts as the leader (the configured one) or as a follower. */
  readonly leading: boolean;
  /** Epochs, votes and leases; off, whoever suspects the leader takes over at once. */
  readonly fencing: boolean;
}

export type FailoverEvent =
  /** The failure detector: no heartbeat within the timeout. */
  | { readonly type: 'fd.timeout' }
  /** A heartbeat or log entry from the current leader arrived. */
  | { readonly type: 'leader.heard' }
  | { readonly type: 'election.start' }
  /** A majority voted for us; the remaining answers are awaited briefly. */
  | { readonly type: 'election.majority' }
  | { readonly type: 'election.won' }
  /** We won but chose a more up-to-date peer, who leads instead. */
  | { readonly type: 'election.handoff' }
  /** No majority in time, or a peer is in a later epoch already. */
  | { readonly type: 'election.lost' }
  /** The predecessor's lease has run out: a new leader may take writes. */
  | { readonly type: 'lease.writable' }
  | { readonly type: 'lease.renew' }
  | { readonly type: 'lease.expire' }
  /** A newer epoch exists: this leader is deposed. */
  | { readonly type: 'epoch.newer' }
  | { readonly type: 'node.crash' }
  /** Back up; `leading` when it restarts believing it still leads (it holds no lease then). */
  | { readonly type: 'node.restart'; readonly leading: boolean };

export const failoverMachine = setup({
  types: {
    context: {} as { readonly fencing: boolean; readonly startsLeading: boolean },
    events: {} as FailoverEvent,
    input: {} as FailoverInput,
  },
  guards: {
    fencing: ({ context }) => context.fencing,
    unfenced: ({ context }) => !context.fencing,
    startsLeading: ({ context }) => context.startsLeading,
    restartsLeading: ({ event }) => event.type === 'node.restart' && event.leading,
  },
}).createMachine({
  id: 'failover',
  context: ({ input }) => ({ fencing: input.fencing, startsLeading: input.leading }),
  initial: 'starting',
  on: { 'node.crash': { target: '.down' } },
  states: {
    starting: {
      always: [{ guard: 'startsLeading', target: 'leading.leased' }, { target: 'following' }],
    },
    following: {
      on: {
        'fd.timeout': { target: 'suspecting' },
        // Chosen by the candidate that won the vote (it found us more up to date).
        'election.won': { target: 'leading' },
      },
    },
    suspecting: {
      on: {
        'election.start': { target: 'campaigning' },
        // Without fencing nobody votes: the first to suspect simply takes over.
        'election.won': { target: 'leading' },
        'leader.heard': { target: 'following' },
      },
    },
    campaigning: {
      on: {
        'election.majority': { target: 'deciding' },
        'election.won': { target: 'leading' },
        'election.handoff': { target: 'following' },
        'election.lost': { target: 'following' },
        'leader.heard': { target: 'following' },
      },
    },
    deciding: {
      on: {
        'election.won': { target: 'leading' },
        'election.handoff': { target: 'following' },
        'leader.heard': { target: 'following' },
      },
    },
    leading: {
      initial: 'waitingOutLease',
      on: { 'epoch.newer': { target: 'fenced' } },
      states: {
        waitingOutLease: {
          // Without fencing there is no lease to wait out.
          always: { guard: 'unfenced', target: 'leased' },
          on: { 'lease.writable': { target: 'leased' } },
        },
        leased: {
          on: { 'lease.expire': { guard: 'fencing', target: 'leaseExpired' } },
        },
        leaseExpired: {
          on: { 'lease.renew': { target: 'leased' } },
        },
      },
    },
    fenced: {
      on: {
        'leader.heard': { target: 'following' },
        // Deposed, and chosen at once by the candidate that won the newer epoch (its log is the most up to date).
        'election.won': { target: 'leading' },
        'fd.timeout': { target: 'suspecting' },
      },
    },
    down: {
      on: {
        'node.restart': [{ guard: 'restartsLeading', target: 'leading.leaseExpired' }, { target: 'following' }],
      },
    },
  },
});
