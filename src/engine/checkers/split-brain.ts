/**
 * Split brain: two different nodes accepting writes as leader in the same epoch.
 *
 * Epochs (terms, generations) exist so that at most one node can lead in each;
 * fencing then refuses anything from an older epoch. A node *accepts a write as
 * leader* in epoch e when it acknowledges a write-like operation in epoch e
 * (the ack's `epoch`, or the epoch of the node's latest leadership if the ack
 * has none), or appends a log entry of epoch e while it believes it is the
 * epoch-e leader. Two nodes doing so in one epoch means two histories that
 * cannot both survive.
 *
 * An old leader that still *believes* it leads in an older epoch is not split
 * brain by this definition — with fencing it cannot commit. That situation is
 * reported separately by `two-leaders.ts` (`two-leaders-at-once`).
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
  readonly what: string;
  readonly op?: string;
}

/**
 * Flags each epoch in which more than one node accepted writes as leader.
 *
 * @example
 * ```ts
 * const r = splitBrain(trace);
 * // [split-brain] seed 11, step 57: In epoch 3 both n1 and n2 accepted writes as leader:
 * //   n1 acknowledged write op-20 at step 50, n2 acknowledged write op-22 at step 57 ...
 * ```
 */
export function splitBrain(trace: Trace): CheckResult {
  const updatesByAck = new Map<number, string>();
  for (const o of history(trace))
    if (isUpdate(o) && o.outcome === 'ack') updatesByAck.set(o.completeStep, `${o.kind} ${o.op}`);

  const beliefs = new Map<NodeId, NodeBelief>();
  const accepted: Acceptance[] = [];
  for (const e of trace.events) {
    updateBeliefs(beliefs, e);
    if (e.type === 'ack') {
      const what = updatesByAck.get(e.step);
      if (what === undefined) continue;
      const belief = beliefs.get(e.node);
      const epoch = e.epoch ?? (belief?.role === 'leader' ? belief.epoch : undefined);
      if (epoch === undefined) continue;
      accepted.push({ node: e.node, epoch, step: e.step, what: `acknowledged ${what}`, op: e.op });
    } else if (e.type === 'append') {
      const belief = beliefs.get(e.node);
      if (belief?.role === 'leader' && belief.alive && belief.epoch === e.epoch) {
        accepted.push({ node: e.node, epoch: e.epoch, step: e.step, what: `appended LSN ${e.lsn} (${e.key})` });
      }
    }
  }

  const violations: Violation[] = [];
  const byEpoch = new Map<number, Acceptance[]>();
  for (const a of accepted) {
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
  return result(SPLIT_BRAIN, violations);
}
