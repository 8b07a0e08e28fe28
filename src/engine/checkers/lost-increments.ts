/**
 * Lost increments: a replicated counter's final value must account for every
 * acknowledged increment — and for nothing that cannot have happened.
 *
 * For each key updated with `increment` (amount = the invoke's numeric value,
 * default 1), with `initial` the counter's starting value:
 *   lowest  = initial + acknowledged amounts + the negative indeterminate ones
 *   highest = initial + acknowledged amounts + the positive indeterminate ones
 * Indeterminate (`info`, pending) increments may or may not have happened and
 * `fail`ed ones did not. A final value below `lowest` lost acknowledged
 * increments (`lost-increments`, chapter 7's last-write-wins counter); above
 * `highest` counted something twice (`double-counted-increments`, a merge
 * that is not idempotent, a CDC consumer that double-counts redeliveries).
 *
 * The final value is the last final read (after the increments completed and
 * replication went quiet, `support/final-read.ts`), or, without one, each
 * judged node's final applied value (default: every node alive at the end —
 * after convergence they must all be right).
 */
import type { CheckResult, NodeId, Trace, Value, Violation } from '../trace/events.ts';
import { finalRead as finalReadOf } from './support/final-read.ts';
import { byKey, history } from './support/history.ts';
import { finalState, liveNodesAtEnd } from './support/nodes.ts';
import { formatValue } from './support/values.ts';
import { result, violation } from './support/violation.ts';
import { capitalise } from './support/describe.ts';

export const LOST_INCREMENTS = 'lost-increments';
export const DOUBLE_COUNTED_INCREMENTS = 'double-counted-increments';

export interface LostIncrementsOptions {
  /** The counter's value before the run. Default 0. */
  readonly initial?: number;
  /** Nodes whose final value is judged when a key has no final read. Default: all live nodes. */
  readonly nodes?: readonly NodeId[];
  /** Only judge these keys. */
  readonly keys?: readonly string[];
  /** `'auto'` (default), `'reads'` or `'state'`, as for lost acknowledged writes. */
  readonly from?: 'auto' | 'reads' | 'state';
}

/**
 * Flags counters whose final value is outside what the acknowledged and
 * indeterminate increments allow.
 *
 * @example
 * ```ts
 * const r = lostIncrements(trace);
 * // [lost-increments] seed 12, step 80: The final read op-31 at step 80 returned likes=7, but 9
 * //   increments of likes were acknowledged (the value must be between 9 and 10) ...
 * ```
 */
export function lostIncrements(trace: Trace, options: LostIncrementsOptions = {}): CheckResult {
  const ops = history(trace);
  const initial = options.initial ?? 0;
  const from = options.from ?? 'auto';
  const onlyKeys = options.keys === undefined ? undefined : new Set(options.keys);
  const nodes = options.nodes ?? liveNodesAtEnd(trace);
  const state = finalState(trace);
  const lastStep = trace.events.at(-1)?.step ?? 0;
  const violations: Violation[] = [];

  for (const [key, keyOps] of byKey(ops)) {
    if (onlyKeys !== undefined && !onlyKeys.has(key)) continue;
    const incs = keyOps.filter((o) => o.kind === 'increment');
    if (incs.length === 0) continue;
    let acked = 0;
    let ackedCount = 0;
    let maybeUp = 0;
    let maybeDown = 0;
    let maybeCount = 0;
    for (const inc of incs) {
      const amount = typeof inc.input === 'number' ? inc.input : 1;
      if (inc.outcome === 'ack') {
        acked += amount;
        ackedCount += 1;
      } else if (inc.outcome !== 'fail') {
        maybeCount += 1;
        if (amount >= 0) maybeUp += amount;
        else maybeDown += amount;
      }
    }
    const low = initial + acked + maybeDown;
    const high = initial + acked + maybeUp;
    const finalRead = finalReadOf(trace, key, keyOps, incs);
    const observed: { where: string; step: number; value: Value | undefined; op?: string }[] = [];
    if (finalRead !== undefined && from !== 'state') {
      observed.push({
        where: `the final read ${finalRead.op} at step ${finalRead.completeStep} returned ${key}=${formatValue(finalRead.output)}`,
        step: finalRead.completeStep,
        value: finalRead.output,
        op: finalRead.op,
      });
    } else if (from !== 'reads') {
      for (const node of nodes) {
        const held = state.get(node)?.get(key);
        observed.push({
          where:
            held === undefined
              ? `node ${node} ends with no value for ${key}`
              : `node ${node} ends with ${key}=${formatValue(held.value)} (applied at step ${held.step})`,
          step: held?.step ?? lastStep,
          value: held?.value ?? initial,
        });
      }
    }
    const range =
      low === high
        ? `exactly ${low}`
        : `between ${low} and ${high}, since ${maybeCount} more ${maybeCount === 1 ? 'increment' : 'increments'} may or may not have happened`;
    for (const obs of observed) {
      const value = typeof obs.value === 'number' ? obs.value : Number.NaN;
      const told = `${ackedCount} ${ackedCount === 1 ? 'increment' : 'increments'} of ${key} (total ${acked}) ${ackedCount === 1 ? 'was' : 'were'} acknowledged, so it must be ${range}`;
      if (Number.isNaN(value) || value < low) {
        violations.push(
          violation(
            trace,
            LOST_INCREMENTS,
            obs.step,
            `${capitalise(obs.where)}, but ${told}: acknowledged increments were lost.`,
            {
              ...(obs.op === undefined ? {} : { op: obs.op }),
            },
          ),
        );
      } else if (value > high) {
        violations.push(
          violation(
            trace,
            DOUBLE_COUNTED_INCREMENTS,
            obs.step,
            `${capitalise(obs.where)}, but ${told}: some increment was counted more than once.`,
            { ...(obs.op === undefined ? {} : { op: obs.op }) },
          ),
        );
      }
    }
  }
  return result(LOST_INCREMENTS, violations);
}
