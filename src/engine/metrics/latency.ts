/**
 * Operation latency: from a client's `invoke` to the `ack` of the same
 * operation, in virtual milliseconds. Commit latency (chapter 4: async vs
 * sync vs semi-sync) is the latency of acknowledged writes; failed and
 * indeterminate operations have no commit latency and are left out (their
 * share is what `availability` and `throughput` report).
 */
import { history, UPDATE_KINDS } from '../checkers/support/history.ts';
import type { OperationKind, Trace } from '../trace/events.ts';
import { distribution } from './distribution.ts';
import type { Distribution } from './distribution.ts';

export interface LatencyOptions {
  /** Which operations to measure. Default: all kinds. */
  readonly kinds?: readonly OperationKind[];
}

/** Latency distribution of acknowledged operations of the given kinds. */
export function latency(trace: Trace, options: LatencyOptions = {}): Distribution {
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const values = history(trace)
    .filter((o) => o.outcome === 'ack' && (kinds === undefined || kinds.has(o.kind)))
    .map((o) => o.completeTime - o.invokeTime);
  return distribution(values);
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
  return latency(trace, { kinds: [...UPDATE_KINDS] });
}

/** Read latency: invoke → ack of acknowledged reads. */
export function readLatency(trace: Trace): Distribution {
  return latency(trace, { kinds: ['read'] });
}
