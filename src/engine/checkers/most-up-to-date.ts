/**
 * Most up to date: the node chosen in an election had the most up-to-date log
 * among every peer the electing side heard from — the latest last epoch, then
 * the highest LSN (the order Raft and Kafka use; an LSN alone can rank a
 * deposed leader's unreplicated tail above a newer leader's log).
 *
 * Promoting a replica that is behind throws away the writes it never received —
 * acknowledged writes, under asynchronous or semi-synchronous replication. Two
 * sources list who was heard: the `elect` event's candidates, and every `vote`
 * event (a peer's answer, granted or refused, with its log position) received
 * for that epoch before the election was decided. A winner missing from its own
 * candidate list cannot be shown to be up to date and is flagged.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { result, violation } from './support/violation.ts';

export const MOST_UP_TO_DATE = 'most-up-to-date';

interface Position {
  readonly node: NodeId;
  readonly lsn: number;
  readonly lastEpoch?: number;
}

/** Whether `a` is more up to date than `b` (epochs compared only when both are known). */
function ahead(a: Position, b: Position): boolean {
  if (a.lastEpoch !== undefined && b.lastEpoch !== undefined && a.lastEpoch !== b.lastEpoch)
    return a.lastEpoch > b.lastEpoch;
  return a.lsn > b.lsn;
}

/** What the winner lacks, in entries when the two logs end in the same epoch. */
function missing(winner: Position, best: Position): string {
  const sameEpoch =
    winner.lastEpoch === undefined || best.lastEpoch === undefined || winner.lastEpoch === best.lastEpoch;
  return sameEpoch ? `the ${best.lsn - winner.lsn} entries` : `the entries of epoch ${best.lastEpoch ?? '?'}`;
}

function describe(p: Position): string {
  return p.lastEpoch === undefined ? `LSN ${p.lsn}` : `LSN ${p.lsn} (last epoch ${p.lastEpoch})`;
}

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
  const heard = new Map<number, Position[]>();
  for (const e of trace.events) {
    if (e.type === 'vote') {
      const list = heard.get(e.epoch) ?? [];
      list.push({ node: e.from, lsn: e.lsn, lastEpoch: e.lastEpoch });
      heard.set(e.epoch, list);
      continue;
    }
    if (e.type !== 'elect' || e.candidates.length === 0) continue;
    const known: Position[] = [...e.candidates, ...(heard.get(e.epoch) ?? [])];
    const best = known.reduce((a, b) => (ahead(b, a) ? b : a));
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
    } else if (ahead(best, winner)) {
      violations.push(
        violation(
          trace,
          MOST_UP_TO_DATE,
          e.step,
          `In the election for epoch ${e.epoch} at step ${e.step}, ${e.node} was promoted with ${describe(winner)} ` +
            `although ${best.node} had ${describe(best)}: ${missing(winner, best)} ${e.node} is missing are lost.`,
        ),
      );
    }
  }
  return result(MOST_UP_TO_DATE, violations);
}
