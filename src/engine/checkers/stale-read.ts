/**
 * Stale read: a read returned a value older than the latest write that had
 * already been acknowledged when the read was invoked.
 *
 * This is the "no read returns a value older than the last acknowledged write"
 * promise of a linearizable store, and the guarantee chapter 8 checks for
 * quorums with w + r > n. Values are mapped back to the writes that produced
 * them and compared by write order (see `support/versions.ts`): log order
 * `(epoch, lsn)` where both writes carry an LSN, real-time order otherwise.
 * Concurrent writes are unordered, so returning either is fine; `info` and
 * `fail` writes never make a later read stale because they were never
 * acknowledged.
 */
import type { CheckResult, Trace, Violation } from '../trace/events.ts';
import { ackedAt, describeReadValue, describeWrite } from './support/describe.ts';
import { history, registerReads } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { readSources, sourceOlderThanWrite, versionIndex } from './support/versions.ts';
import type { VersionIndex } from './support/versions.ts';
import { result, violation } from './support/violation.ts';

export const STALE_READ = 'stale-read';

export interface StaleReadOptions {
  /** Only judge reads of these keys. */
  readonly keys?: readonly string[];
  /**
   * Bounded staleness: a write only makes a read stale once it has been
   * acknowledged for more than this many virtual milliseconds before the read
   * was invoked. Default 0 (any acknowledged write counts).
   */
  readonly maxStalenessMs?: number;
}

/**
 * Flags every acknowledged read whose value is older than a write acknowledged
 * before the read was invoked.
 *
 * @example
 * ```ts
 * const r = staleRead(trace);
 * if (!r.valid) console.log(r.violations[0]?.message);
 * // [stale-read] seed 7, step 12: Read op-3 by session s2 at step 12 returned gold=100, ...
 * ```
 */
export function staleRead(trace: Trace, options: StaleReadOptions = {}): CheckResult {
  const ops = history(trace);
  const index = versionIndex(ops);
  const keys = options.keys === undefined ? undefined : new Set(options.keys);
  const grace = options.maxStalenessMs ?? 0;
  const violations: Violation[] = [];
  for (const read of registerReads(ops)) {
    if (keys !== undefined && !keys.has(read.key)) continue;
    const missed = newerAckedWrite(index, read, (w) => grace === 0 || w.completeTime + grace < read.invokeTime);
    if (missed === undefined) continue;
    violations.push(
      violation(
        trace,
        STALE_READ,
        read.completeStep,
        `Read ${read.op} by session ${read.session} at step ${read.completeStep} returned ${describeReadValue(read)} ` +
          `from node ${read.node}, but ${describeWrite(missed)} was ${ackedAt(missed)}, before the read began at step ${read.invokeStep}` +
          `${grace > 0 ? ` (more than ${grace} ms earlier)` : ''}: the read returned an older value.`,
        { op: read.op, related: [read.invokeStep, missed.invokeStep, missed.completeStep] },
      ),
    );
  }
  return result(STALE_READ, violations);
}

/**
 * The most recently acknowledged write of the read's key, among those `eligible`,
 * that is newer than every version the read could have returned.
 * Exported for read-your-writes, which asks the same question of a session's own writes.
 */
export function newerAckedWrite(
  index: VersionIndex,
  read: Operation,
  eligible: (write: Operation) => boolean,
): Operation | undefined {
  const sources = readSources(index, read);
  // A value nobody wrote cannot be placed in write order; other checkers
  // (lost writes, linearizability) catch invented values.
  if (sources.length === 0) return undefined;
  let best: Operation | undefined;
  for (const w of index.writes(read.key)) {
    if (w.outcome !== 'ack' || w.completeStep >= read.invokeStep || !eligible(w)) continue;
    if (best !== undefined && w.completeStep < best.completeStep) continue;
    if (sources.every((s) => sourceOlderThanWrite(s, w))) best = w;
  }
  return best;
}
