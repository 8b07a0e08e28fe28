/**
 * Chapter 7 — one key's version at one leader under multi-leader replication.
 * Nothing written yet (`absent`); the value is this leader's own write
 * (`local`) or a peer's version that happened after everything here
 * (`replicated`). When a version arrives that is *concurrent* with the one
 * held — neither saw the other — the conflict is settled one of three ways:
 * both kept side by side as `siblings` for the application (version vectors,
 * Riak), folded into one by a merge function or a CRDT join (`merged`, nothing
 * lost), or reduced to one by last-write-wins (`resolved`, the other write is
 * gone though it was acknowledged). A local write stamped older than what the
 * leader holds is discarded at once under last-write-wins: `resolved` too.
 *
 * One instance per (leader, key), stepped with XState's pure `transition()`
 * by `sim/multi-leader.ts` only when a write or an incoming state changes the
 * key's data; an incoming state the leader already has is not an event.
 * Repeated writes in one state record nothing, so the trace grows with the
 * interleaving of leaders, not with the number of writes.
 */
import { setup } from 'xstate';

export type VersionMode = 'lww' | 'version-vector' | 'merge' | 'counter' | 'set';

export type VersionEvent =
  /** A client wrote the key at this leader; it has seen everything held here. */
  | { readonly type: 'version.write' }
  /** A peer's state that happened after the one held (or the first this leader sees). */
  | { readonly type: 'version.newer' }
  /** A concurrent state arrived and both are kept: reads return siblings. */
  | { readonly type: 'version.siblings' }
  /** A concurrent state arrived and the two became one (merged, or picked by timestamp). */
  | { readonly type: 'version.concurrent' }
  /** Last-write-wins: a local write whose clock reading is older than the stored value is dropped. */
  | { readonly type: 'version.lost' };

export const versionMachine = setup({
  types: {
    context: {} as { readonly mode: VersionMode },
    events: {} as VersionEvent,
    input: {} as { readonly mode: VersionMode },
  },
  guards: {
    /** A merge function or a CRDT join combines concurrent states; nothing is dropped. */
    mergesValues: ({ context }) => context.mode === 'merge' || context.mode === 'counter' || context.mode === 'set',
  },
}).createMachine({
  id: 'version',
  context: ({ input }) => ({ mode: input.mode }),
  initial: 'absent',
  on: {
    'version.write': { target: '.local' },
    'version.newer': { target: '.replicated' },
    'version.siblings': { target: '.siblings' },
    'version.concurrent': [{ guard: 'mergesValues', target: '.merged' }, { target: '.resolved' }],
    'version.lost': { target: '.resolved' },
  },
  states: {
    absent: {},
    local: {},
    replicated: {},
    // Concurrent versions side by side; a write after reading them supersedes all (`local`).
    siblings: {},
    merged: {},
    resolved: {},
  },
});
