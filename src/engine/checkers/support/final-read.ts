/**
 * Which read, if any, shows a key's final state.
 *
 * Jepsen-style checkers compare acknowledged operations with *final reads*:
 * reads made once the workload has stopped and the system has gone quiet. In
 * a trace that means a read of the key that was invoked after every update of
 * it had completed (or, for pending ones, been invoked) *and* after the last
 * time any node changed the key (`apply`, `repair`, or any `snapshot`) —
 * otherwise a read from a follower that was still catching up would look like
 * a lost write when it is only a stale read. The last such read counts.
 */
import type { Trace } from '../../trace/events.ts';
import type { Operation } from './history.ts';

export function finalRead(
  trace: Trace,
  key: string,
  keyOps: readonly Operation[],
  updates: readonly Operation[],
): Operation | undefined {
  let quiet = Math.max(-1, ...updates.map((u) => (u.outcome === 'pending' ? u.invokeStep : u.completeStep)));
  for (const e of trace.events) {
    if (((e.type === 'apply' || e.type === 'repair') && e.key === key) || e.type === 'snapshot')
      quiet = Math.max(quiet, e.step);
  }
  return keyOps
    .filter((o) => o.kind === 'read' && o.outcome === 'ack' && o.invokeStep > quiet)
    .sort((a, b) => a.completeStep - b.completeStep)
    .at(-1);
}
