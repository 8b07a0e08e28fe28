/**
 * Applied in order: every node applies log entries in strictly increasing LSN
 * order with no gaps — n, then n+1 — never skipping an entry, never applying
 * one twice, never going backwards. This is what chapter 2's `applyBatch`
 * must guarantee when the network reorders, duplicates and drops deliveries.
 *
 * Where a node's sequence may legitimately restart:
 * - a fresh node starts at LSN 1 (or 0, for engines that count from zero);
 * - a `snapshot` event sets the base to the snapshot's LSN, so the next apply
 *   must be snapshot LSN + 1;
 * - a `truncate` event (a conflicting suffix cut off, as a deposed leader's
 *   unreplicated tail is) sets it to the LSN the log was cut back to;
 * - after a `restart` a node may replay from any point up to its durable LSN
 *   (LSN 1 for an in-memory store, durable LSN + 1 for a persistent one),
 *   and must then continue without gaps.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { result, violation } from './support/violation.ts';

export const APPLIED_IN_ORDER = 'applied-in-order';

export interface AppliedInOrderOptions {
  /** Only judge these nodes. */
  readonly nodes?: readonly NodeId[];
}

type Cursor =
  /** The next apply must be `last + 1`; `label` says where `last` came from, for messages. */
  | { readonly kind: 'exact'; readonly last: number; readonly label: string }
  /** Any LSN up to `max` may come next (fresh node, after restart). */
  | { readonly kind: 'upTo'; readonly max: number; readonly last: number | undefined };

/**
 * Flags applies that skip, repeat or go back in LSN order.
 *
 * @example
 * ```ts
 * const r = appliedInOrder(trace);
 * // [applied-in-order] seed 5, step 31: Node f1 applied LSN 6 right after LSN 4 (step 27):
 * //   it skipped LSN 5 ...
 * ```
 */
export function appliedInOrder(trace: Trace, options: AppliedInOrderOptions = {}): CheckResult {
  const only = options.nodes === undefined ? undefined : new Set(options.nodes);
  const cursors = new Map<NodeId, Cursor>();
  const lastStep = new Map<NodeId, number>();
  const violations: Violation[] = [];
  for (const e of trace.events) {
    if (e.type === 'snapshot') {
      cursors.set(e.node, { kind: 'exact', last: e.lsn, label: `the snapshot at LSN ${e.lsn} (step ${e.step})` });
      continue;
    }
    if (e.type === 'truncate') {
      // The engine cut a conflicting suffix: the node continues after the cut.
      cursors.set(e.node, { kind: 'exact', last: e.lsn, label: `the cut back to LSN ${e.lsn} (step ${e.step})` });
      continue;
    }
    if (e.type === 'restart') {
      const c = cursors.get(e.node);
      const last = c === undefined ? undefined : c.last;
      cursors.set(e.node, { kind: 'upTo', max: Math.max(last ?? 0, e.lsn) + 1, last });
      continue;
    }
    if (e.type !== 'apply' || (only !== undefined && !only.has(e.node))) continue;
    const cursor: Cursor = cursors.get(e.node) ?? { kind: 'upTo', max: 1, last: undefined };
    const prevStep = lastStep.get(e.node);
    let problem: string | undefined;
    if (cursor.kind === 'exact') {
      const expected = cursor.last + 1;
      const previous = cursor.label;
      if (e.lsn === cursor.last)
        problem = `applied LSN ${e.lsn} a second time (the last entry it applied was ${previous})`;
      else if (e.lsn < expected) problem = `applied LSN ${e.lsn} after ${previous}: it went backwards`;
      else if (e.lsn > expected)
        problem = `applied LSN ${e.lsn} right after ${previous}: it skipped ${e.lsn - expected === 1 ? `LSN ${expected}` : `LSNs ${expected}..${e.lsn - 1}`}`;
    } else if (e.lsn > cursor.max) {
      problem =
        cursor.last === undefined
          ? `applied LSN ${e.lsn} as its first entry: it skipped ${e.lsn === 2 ? 'LSN 1' : `LSNs 1..${e.lsn - 1}`}`
          : `applied LSN ${e.lsn} after restarting with entries only up to LSN ${cursor.max - 1}: it skipped LSNs ${cursor.max}..${e.lsn - 1}`;
    }
    if (problem !== undefined) {
      violations.push(
        violation(
          trace,
          APPLIED_IN_ORDER,
          e.step,
          `Node ${e.node} ${problem}. Entries must be applied one after another in LSN order, exactly once, or replicas drift apart.`,
          { related: prevStep === undefined ? [] : [prevStep] },
        ),
      );
    }
    // A repeated or backwards apply does not move the cursor; a skip moves it
    // forward, so one mistake is reported once rather than on every later apply.
    if (cursor.kind === 'exact' && e.lsn <= cursor.last) continue;
    cursors.set(e.node, { kind: 'exact', last: e.lsn, label: `LSN ${e.lsn} (step ${e.step})` });
    lastStep.set(e.node, e.step);
  }
  return result(APPLIED_IN_ORDER, violations);
}
