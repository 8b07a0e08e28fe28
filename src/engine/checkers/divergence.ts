/**
 * Divergence: after the run has gone quiet, replicas must hold the same data.
 *
 * Each node's final value of a key is its last `apply` (or `repair`) of it —
 * see `support/nodes.ts` for how snapshots are folded in. Nodes that crashed
 * and never restarted are ignored: they hold nothing anyone can read. A key
 * one node holds and another never received counts as divergent too, while a
 * key deleted on one node (value `null`) and absent on another does not.
 *
 * The checker assumes the trace ends after quiescence (the scenario stopped
 * the workload, healed faults and let replication drain); run it on a trace
 * cut mid-flight and ordinary lag looks like divergence.
 */
import type { CheckResult, NodeId, Trace, Violation } from '../trace/events.ts';
import { finalState, liveNodesAtEnd } from './support/nodes.ts';
import type { HeldValue } from './support/nodes.ts';
import { formatValue, valueKey } from './support/values.ts';
import { result, violation } from './support/violation.ts';

export const DIVERGENCE = 'divergence';

export interface DivergenceOptions {
  /** Only compare these nodes (still skipping ones that are down at the end). */
  readonly nodes?: readonly NodeId[];
  /** Only compare these keys. */
  readonly keys?: readonly string[];
}

/**
 * Flags every key on which the live replicas' final values differ.
 *
 * @example
 * ```ts
 * const r = divergence(trace, { nodes: ['leader', 'f1', 'f2'] });
 * // [divergence] seed 4, step 61: After the run settled the replicas disagree on gold:
 * //   leader and f1 hold 105, f2 holds 102 (last applied at step 40).
 * ```
 */
export function divergence(trace: Trace, options: DivergenceOptions = {}): CheckResult {
  const live = new Set(liveNodesAtEnd(trace));
  const nodes = (options.nodes ?? [...live]).filter((n) => live.has(n));
  const onlyKeys = options.keys === undefined ? undefined : new Set(options.keys);
  const state = finalState(trace);
  const keys = new Set<string>();
  for (const n of nodes) for (const k of state.get(n)?.keys() ?? []) keys.add(k);
  const violations: Violation[] = [];
  const lastStep = trace.events.at(-1)?.step ?? 0;

  for (const key of [...keys].sort()) {
    if (onlyKeys !== undefined && !onlyKeys.has(key)) continue;
    // Group the nodes by the value they hold.
    const groups = new Map<string, { nodes: NodeId[]; held: HeldValue | undefined }>();
    for (const n of nodes) {
      const held = state.get(n)?.get(key);
      // Holding null (a deleted key) and never having the key are the same data.
      // Concurrent versions kept side by side are one state: the same set, in any order.
      const k =
        held === undefined || held.value === null
          ? 'missing'
          : held.siblings !== undefined
            ? `siblings:${held.siblings
                .map((v) => valueKey(v))
                .sort()
                .join('|')}`
            : valueKey(held.value);
      const g = groups.get(k) ?? { nodes: [], held: held?.value === null ? undefined : held };
      g.nodes.push(n);
      groups.set(k, g);
    }
    if (groups.size <= 1) continue;
    const parts = [...groups.values()]
      .sort((a, b) => b.nodes.length - a.nodes.length)
      .map((g) =>
        g.held === undefined
          ? `${listNodes(g.nodes)} ${g.nodes.length === 1 ? 'has' : 'have'} nothing`
          : `${listNodes(g.nodes)} ${g.nodes.length === 1 ? 'holds' : 'hold'} ${
              g.held.siblings !== undefined
                ? `the concurrent versions ${g.held.siblings.map((v) => formatValue(v)).join(', ')}`
                : formatValue(g.held.value)
            } (last applied at step ${g.held.step})`,
      );
    const steps = [...groups.values()].flatMap((g) => (g.held === undefined ? [] : [g.held.step]));
    violations.push(
      violation(
        trace,
        DIVERGENCE,
        steps.length > 0 ? Math.max(...steps) : lastStep,
        `After the run settled the replicas disagree on ${key}: ${parts.join(', ')}. Replicas that stop diverged never converge on their own.`,
        { related: steps },
      ),
    );
  }
  return result(DIVERGENCE, violations);
}

function listNodes(nodes: readonly NodeId[]): string {
  if (nodes.length <= 1) return nodes.join('');
  return `${nodes.slice(0, -1).join(', ')} and ${nodes.at(-1) ?? ''}`;
}
