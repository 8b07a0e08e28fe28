/**
 * Split brain: two nodes accepting writes as leader at the same time, or in
 * the same epoch.
 *
 * A node *accepts a write* when, believing it leads, it appends a new entry of
 * its own epoch to its log (a client's write entering its history); in a trace
 * with no appends at all, an acknowledged write-like operation counts instead.
 * Per node, its acceptances between becoming leader and stopping (a role
 * change or a crash) form a span of time. Two rules flag split brain:
 *
 * - the spans of two different nodes overlap in time, whatever their epochs:
 *   both sides took writes at once, and at most one side's can survive. This
 *   is the classic split brain — a deposed leader with no fencing keeps taking
 *   writes in its old epoch while the new leader takes them in the new one;
 * - two nodes accepted writes in one epoch, at any times: epochs exist so that
 *   at most one node leads each.
 *
 * An old leader that merely still *believes* it leads, but takes no write
 * after its successor started taking them (fencing, leases), is not split
 * brain; `two-leaders.ts` reports the belief itself (`two-leaders-at-once`).
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { history, isUpdate } from './support/history.ts';
import type { NodeBelief } from './support/nodes.ts';
import { updateBeliefs } from './support/nodes.ts';
import { result, violation } from './support/violation.ts';

export const SPLIT_BRAIN = 'split-brain';

/** Evidence that `node` accepted a write as leader in `epoch`. */
interface Acceptance {
  readonly node: NodeId;
  readonly epoch: number;
  readonly step: number;
  readonly time: number;
  readonly what: string;
  readonly op?: string;
}

/** One node's acceptances during one uninterrupted leadership. */
interface Span {
  readonly node: NodeId;
  readonly first: Acceptance;
  last: Acceptance;
}

/**
 * Flags nodes accepting writes at overlapping times, and epochs in which more than one node accepted writes.
 *
 * @example
 * ```ts
 * const r = splitBrain(trace);
 * // [split-brain] seed 11, step 57: n1 and n2 accepted writes at the same time: n1 from step 40 (epoch 1) to
 * //   step 61, n2 from step 57 (epoch 2) ...
 * ```
 */
export function splitBrain(trace: Trace): CheckResult {
  const accepted = acceptances(trace);
  const violations: Violation[] = [...overlapping(trace, accepted), ...sameEpoch(trace, accepted)];
  violations.sort((a, b) => a.step - b.step);
  return result(SPLIT_BRAIN, violations);
}

/** Every acceptance in trace order, with `{ ended }` marking where a node stopped leading. */
function acceptances(trace: Trace): (Acceptance | { readonly ended: NodeId })[] {
  const usesAppends = trace.events.some((e) => e.type === 'append');
  const updatesByAck = new Map<number, string>();
  if (!usesAppends)
    for (const o of history(trace))
      if (isUpdate(o) && o.outcome === 'ack') updatesByAck.set(o.completeStep, `${o.kind} ${o.op}`);

  const beliefs = new Map<NodeId, NodeBelief>();
  const out: (Acceptance | { readonly ended: NodeId })[] = [];
  for (const e of trace.events) {
    if (e.type === 'role' || e.type === 'elect' || e.type === 'crash' || e.type === 'restart') {
      const before = beliefs.get(e.node);
      updateBeliefs(beliefs, e);
      const after = beliefs.get(e.node);
      if (before?.role === 'leader' && (after?.role !== 'leader' || after.epoch !== before.epoch))
        out.push({ ended: e.node });
      continue;
    }
    if (e.type === 'ack' && !usesAppends) {
      const what = updatesByAck.get(e.step);
      if (what === undefined) continue;
      const belief = beliefs.get(e.node);
      const epoch = e.epoch ?? (belief?.role === 'leader' ? belief.epoch : undefined);
      if (epoch === undefined) continue;
      out.push({ node: e.node, epoch, step: e.step, time: e.time, what: `acknowledged ${what}`, op: e.op });
    } else if (e.type === 'append') {
      const belief = beliefs.get(e.node);
      if (belief?.role === 'leader' && belief.alive && belief.epoch === e.epoch) {
        out.push({
          node: e.node,
          epoch: e.epoch,
          step: e.step,
          time: e.time,
          what: `appended LSN ${e.lsn} (${e.key})`,
        });
      }
    }
  }
  return out;
}

function overlapping(trace: Trace, accepted: readonly (Acceptance | { readonly ended: NodeId })[]): Violation[] {
  const spans: Span[] = [];
  const open = new Map<NodeId, Span>();
  for (const a of accepted) {
    if ('ended' in a) {
      open.delete(a.ended);
      continue;
    }
    const span = open.get(a.node);
    if (span === undefined) {
      const fresh: Span = { node: a.node, first: a, last: a };
      open.set(a.node, fresh);
      spans.push(fresh);
    } else span.last = a;
  }
  const violations: Violation[] = [];
  const reported = new Set<string>();
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i] as Span;
      const b = spans[j] as Span;
      if (a.node === b.node || a.first.time > b.last.time || b.first.time > a.last.time) continue;
      const pair = [a.node, b.node].sort().join('|');
      if (reported.has(pair)) continue;
      reported.add(pair);
      // The moment it became split brain: the later of the two spans' starts.
      const [earlier, later] = a.first.step <= b.first.step ? [a, b] : [b, a];
      violations.push(
        violation(
          trace,
          SPLIT_BRAIN,
          later.first.step,
          `${earlier.node} and ${later.node} accepted writes at the same time: ` +
            `${describeSpan(earlier)}, ${describeSpan(later)}. Two nodes taking writes at once ` +
            `build two histories, and at most one of them can survive.`,
          {
            ...(later.first.op === undefined ? {} : { op: later.first.op }),
            related: [earlier.first.step, earlier.last.step, later.first.step],
          },
        ),
      );
    }
  }
  return violations;
}

function describeSpan(s: Span): string {
  return s.first === s.last
    ? `${s.node} ${s.first.what} at step ${s.first.step} (epoch ${s.first.epoch})`
    : `${s.node} from step ${s.first.step} (${s.first.what}, epoch ${s.first.epoch}) to step ${s.last.step}`;
}

function sameEpoch(trace: Trace, accepted: readonly (Acceptance | { readonly ended: NodeId })[]): Violation[] {
  const violations: Violation[] = [];
  const byEpoch = new Map<number, Acceptance[]>();
  for (const a of accepted) {
    if ('ended' in a) continue;
    const list = byEpoch.get(a.epoch) ?? [];
    list.push(a);
    byEpoch.set(a.epoch, list);
  }
  for (const [epoch, list] of byEpoch) {
    const first = new Map<NodeId, Acceptance>();
    for (const a of list) if (!first.has(a.node)) first.set(a.node, a);
    if (first.size < 2) continue;
    const firsts = [...first.values()].sort((a, b) => a.step - b.step);
    const second = firsts[1];
    if (second === undefined) continue;
    violations.push(
      violation(
        trace,
        SPLIT_BRAIN,
        second.step,
        `In epoch ${epoch} ${firsts.map((a) => a.node).join(' and ')} all accepted writes as leader: ` +
          `${firsts.map((a) => `${a.node} ${a.what} at step ${a.step}`).join(', ')}. ` +
          `Only one node may lead an epoch, otherwise both sides take writes that cannot both survive.`,
        { ...(second.op === undefined ? {} : { op: second.op }), related: firsts.map((a) => a.step) },
      ),
    );
  }
  return violations;
}
