/**
 * Election safety: at most one node is elected leader in any epoch (Raft's
 * "Election Safety" property). Evidence is every `elect` event and every
 * `role` event announcing `leader`; the same node announcing itself twice in
 * one epoch is fine.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { result, violation } from './support/violation.ts';

export const ELECTION_SAFETY = 'election-safety';

/**
 * Flags each epoch with more than one elected leader.
 *
 * @example
 * ```ts
 * const r = electionSafety(trace);
 * // [election-safety] seed 8, step 19: n3 became leader of epoch 2 at step 19,
 * //   but n1 had already become leader of epoch 2 at step 12 ...
 * ```
 */
export function electionSafety(trace: Trace): CheckResult {
  const leaderOf = new Map<number, { node: NodeId; step: number }>();
  const violations: Violation[] = [];
  for (const e of trace.events) {
    const became = e.type === 'elect' || (e.type === 'role' && e.role === 'leader') ? e : undefined;
    if (became === undefined) continue;
    const earlier = leaderOf.get(became.epoch);
    if (earlier === undefined) {
      leaderOf.set(became.epoch, { node: became.node, step: became.step });
    } else if (earlier.node !== became.node) {
      violations.push(
        violation(
          trace,
          ELECTION_SAFETY,
          became.step,
          `${became.node} became leader of epoch ${became.epoch} at step ${became.step}, but ${earlier.node} had already ` +
            `become leader of epoch ${became.epoch} at step ${earlier.step}: an epoch may have only one leader, ` +
            `otherwise epochs cannot tell the leaders' writes apart.`,
          { related: [earlier.step] },
        ),
      );
    }
  }
  return result(ELECTION_SAFETY, violations);
}
