/**
 * Most up to date: the node chosen in an election had the highest LSN among
 * the candidates listed in the `elect` event.
 *
 * Promoting a replica that is behind throws away the writes it never received —
 * acknowledged writes, under asynchronous replication. The elect event lists
 * the candidates the electing side could reach, with their log positions, so
 * this is judged from that event alone. A winner missing from its own
 * candidate list cannot be shown to be up to date and is flagged.
 */
import type { CheckResult, Trace, Violation } from '../trace/events.ts';
import { result, violation } from './support/violation.ts';

export const MOST_UP_TO_DATE = 'most-up-to-date';

/**
 * Flags elections that chose a node behind another candidate.
 *
 * @example
 * ```ts
 * const r = mostUpToDate(trace);
 * // [most-up-to-date] seed 6, step 44: In the election for epoch 2 at step 44, f2 was promoted
 * //   with LSN 7 although f1 had LSN 9: the 2 writes f2 is missing are lost.
 * ```
 */
export function mostUpToDate(trace: Trace): CheckResult {
  const violations: Violation[] = [];
  for (const e of trace.events) {
    if (e.type !== 'elect' || e.candidates.length === 0) continue;
    const best = e.candidates.reduce((a, b) => (b.lsn > a.lsn ? b : a));
    const winner = e.candidates.find((c) => c.node === e.node);
    if (winner === undefined) {
      violations.push(
        violation(
          trace,
          MOST_UP_TO_DATE,
          e.step,
          `In the election for epoch ${e.epoch} at step ${e.step}, ${e.node} was promoted but is not among the candidates ` +
            `(${e.candidates.map((c) => `${c.node}@${c.lsn}`).join(', ')}), so nobody checked that it was up to date.`,
        ),
      );
    } else if (winner.lsn < best.lsn) {
      violations.push(
        violation(
          trace,
          MOST_UP_TO_DATE,
          e.step,
          `In the election for epoch ${e.epoch} at step ${e.step}, ${e.node} was promoted with LSN ${winner.lsn} ` +
            `although ${best.node} had LSN ${best.lsn}: the ${best.lsn - winner.lsn} entries ${e.node} is missing are lost.`,
        ),
      );
    }
  }
  return result(MOST_UP_TO_DATE, violations);
}
