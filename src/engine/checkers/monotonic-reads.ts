/**
 * Monotonic reads, per session and key: once a session has seen a version of a
 * key, its later reads of that key never return an older version ("time never
 * goes backwards"), as happens when consecutive reads go to replicas with
 * different lag.
 *
 * A later read is one invoked after the earlier read completed. A read goes
 * back in time when every version it could have returned is strictly older (in
 * write order, `support/versions.ts`) than every version the earlier read could
 * have returned — so reads of concurrent writes, or of values that several
 * writes produced, are given the benefit of the doubt.
 */
import type { CheckResult, Trace, Violation } from '../trace/events.ts';
import { describeReadValue } from './support/describe.ts';
import { history, registerReads } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { readSources, sourceOlder, versionIndex } from './support/versions.ts';
import type { Source } from './support/versions.ts';
import { result, violation } from './support/violation.ts';

export const MONOTONIC_READS = 'monotonic-reads';

export interface MonotonicReadsOptions {
  /** Only judge these sessions. */
  readonly sessions?: readonly string[];
}

/**
 * Flags reads that return an older version than an earlier read of the same
 * key in the same session.
 *
 * @example
 * ```ts
 * const r = monotonicReads(trace);
 * // [monotonic-reads] seed 3, step 22: Read op-8 by session s1 at step 22 returned gold=100,
 * //   older than gold=105 which the session already read in op-5 at step 15 ...
 * ```
 */
export function monotonicReads(trace: Trace, options: MonotonicReadsOptions = {}): CheckResult {
  const ops = history(trace);
  const index = versionIndex(ops);
  const sessions = options.sessions === undefined ? undefined : new Set(options.sessions);
  const seen = new Map<string, { read: Operation; sources: Source[] }[]>();
  const violations: Violation[] = [];
  // Process in completion order so "earlier reads" are known when a read is judged.
  const reads = registerReads(ops).sort((a, b) => a.completeStep - b.completeStep);
  for (const read of reads) {
    if (sessions !== undefined && !sessions.has(read.session)) continue;
    const sources = readSources(index, read);
    if (sources.length === 0) continue;
    const slot = `${read.session}\u0000${read.key}`;
    const earlier = seen.get(slot) ?? [];
    let newerSeen: Operation | undefined;
    for (const prior of earlier) {
      if (prior.read.completeStep >= read.invokeStep) continue;
      const wentBack = sources.every((s) => prior.sources.every((p) => sourceOlder(s, p)));
      if (wentBack && (newerSeen === undefined || prior.read.completeStep > newerSeen.completeStep))
        newerSeen = prior.read;
    }
    if (newerSeen !== undefined) {
      violations.push(
        violation(
          trace,
          MONOTONIC_READS,
          read.completeStep,
          `Read ${read.op} by session ${read.session} at step ${read.completeStep} returned ${describeReadValue(read)} ` +
            `(from node ${read.node}), older than ${describeReadValue(newerSeen)} which the session already read in ` +
            `${newerSeen.op} at step ${newerSeen.completeStep} (from node ${newerSeen.node}): the session went back in time.`,
          { op: read.op, related: [read.invokeStep, newerSeen.completeStep] },
        ),
      );
    }
    earlier.push({ read, sources });
    seen.set(slot, earlier);
  }
  return result(MONOTONIC_READS, violations);
}
