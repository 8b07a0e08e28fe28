/**
 * Operation latency: from a client's `invoke` to the `ack` of the same
 * operation, in virtual milliseconds. Commit latency (chapter 4: async vs
 * sync vs semi-sync) is the latency of acknowledged writes; failed and
 * indeterminate operations have no commit latency and are left out (their
 * share is what `availability` and `throughput` report).
 *
 * The samples (one per acknowledged operation, in ack order) are exported
 * too, so a chart can show the latencies "so far" at a cursor: the summary
 * and the chart then read the very same pairing of invoke and ack.
 */
import { history, UPDATE_KINDS } from '../checkers/support/history.ts';
import type { OperationKind, OpId, Trace } from '../trace/events.ts';
import { distribution } from './distribution.ts';
import type { Distribution } from './distribution.ts';

export interface LatencyOptions {
  /** Which operations to measure. Default: all kinds. */
  readonly kinds?: readonly OperationKind[];
}

/** One acknowledged operation's latency. */
export interface OperationLatency {
  readonly op: OpId;
  /** Ack time − invoke time, virtual ms. */
  readonly ms: number;
  /** Step of the ack. */
  readonly step: number;
}

/**
 * Latency of every acknowledged operation of the given kinds, in ack order
 * (the order a viewer scrubbing through the run sees them complete).
 *
 * @example
 * ```ts
 * latencySamples(trace, { kinds: ['read'] }); // [{ op: 'op-3', ms: 4, step: 17 }, ...]
 * ```
 */
export function latencySamples(trace: Trace, options: LatencyOptions = {}): OperationLatency[] {
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  return history(trace)
    .filter((o) => o.outcome === 'ack' && (kinds === undefined || kinds.has(o.kind)))
    .map((o) => ({ op: o.op, ms: o.completeTime - o.invokeTime, step: o.completeStep }))
    .sort((a, b) => a.step - b.step);
}

/** Latency distribution of acknowledged operations of the given kinds. */
export function latency(trace: Trace, options: LatencyOptions = {}): Distribution {
  return distribution(latencySamples(trace, options).map((s) => s.ms));
}

/**
 * The commit latency of every acknowledged write (write, delete, increment,
 * add, remove), in ack order: what `commitLatency` summarises.
 *
 * @example
 * ```ts
 * commitLatencySamples(trace); // [{ op: 'op-1', ms: 12, step: 9 }, { op: 'op-2', ms: 30, step: 21 }]
 * ```
 */
export function commitLatencySamples(trace: Trace): OperationLatency[] {
  return latencySamples(trace, { kinds: [...UPDATE_KINDS] });
}

/**
 * Commit latency: invoke → ack of acknowledged writes (write, delete,
 * increment, add, remove), as p50 / p90 / p99 / max.
 *
 * @example
 * ```ts
 * const { p99 } = commitLatency(trace); // e.g. 212 (virtual ms)
 * ```
 */
export function commitLatency(trace: Trace): Distribution {
  return distribution(commitLatencySamples(trace).map((s) => s.ms));
}

/** Read latency: invoke → ack of acknowledged reads. */
export function readLatency(trace: Trace): Distribution {
  return latency(trace, { kinds: ['read'] });
}
