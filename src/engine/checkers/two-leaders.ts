/**
 * Two leaders at once: at some moment two live nodes both believed they were
 * leader, whatever their epochs.
 *
 * This is weaker evidence than split brain (`split-brain.ts`). With epochs and
 * fencing, a deposed leader cut off by a partition can go on believing it leads
 * the old epoch for a while — it just cannot commit anything. Chapter 6 shows
 * that window, so this property is kept separate and has a tolerance: overlaps
 * shorter than `toleranceMs` are accepted. Belief comes from `role` and `elect`
 * events; a crash ends it. Meaningful for single-leader topologies only —
 * multi-leader setups have several leaders by design.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { leadersIn, replayRoles } from './support/nodes.ts';
import { result, violation } from './support/violation.ts';

export const TWO_LEADERS_AT_ONCE = 'two-leaders-at-once';

export interface TwoLeadersOptions {
  /** Overlaps lasting at most this many virtual milliseconds are accepted. Default 0. */
  readonly toleranceMs?: number;
}

/**
 * Flags every interval during which two or more live nodes believed they were leader.
 *
 * @example
 * ```ts
 * const r = twoLeaders(trace, { toleranceMs: 0 });
 * // [two-leaders-at-once] seed 2, step 30: From step 30 (t=300 ms) to step 41 (t=420 ms)
 * //   n1 (epoch 1) and n2 (epoch 2) both believed they were leader ...
 * ```
 */
export function twoLeaders(trace: Trace, options: TwoLeadersOptions = {}): CheckResult {
  const tolerance = options.toleranceMs ?? 0;
  const violations: Violation[] = [];
  let open: { step: number; time: number; who: Map<NodeId, number> } | undefined;
  const close = (step: number, time: number, ongoing: boolean): void => {
    if (open === undefined) return;
    const span = time - open.time;
    if (tolerance === 0 || span > tolerance) {
      const who = [...open.who].map(([n, epoch]) => `${n} (epoch ${epoch})`).join(' and ');
      violations.push(
        violation(
          trace,
          TWO_LEADERS_AT_ONCE,
          open.step,
          `From step ${open.step} (t=${open.time} ms) ${ongoing ? 'until the end of the run' : `to step ${step} (t=${time} ms)`} ` +
            `${who} all believed they were leader, for ${span} ms${tolerance > 0 ? ` (tolerance ${tolerance} ms)` : ''}. ` +
            `Unless the old leader is fenced by its epoch, clients of both can write.`,
          { related: [step] },
        ),
      );
    }
    open = undefined;
  };
  replayRoles(trace, (e, beliefs) => {
    const leaders = leadersIn(beliefs);
    if (leaders.length >= 2) {
      if (open === undefined) open = { step: e.step, time: e.time, who: new Map() };
      for (const l of leaders) open.who.set(l.node, l.epoch);
    } else {
      close(e.step, e.time, false);
    }
  });
  const last = trace.events.at(-1);
  if (last !== undefined) close(last.step, last.time, true);
  return result(TWO_LEADERS_AT_ONCE, violations);
}
