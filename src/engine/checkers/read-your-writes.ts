/**
 * Read-your-writes (read-after-write consistency), per session: once a
 * session's write has been acknowledged, the session's later reads of that
 * key return that write or something newer — never an older value.
 *
 * Other sessions' writes are not promised (that would be a stale read, see
 * `stale-read.ts`), and the session's own `info` writes are not required,
 * because they may never have happened. "Newer" is write order as defined in
 * `support/versions.ts`, so a concurrent write by someone else may legitimately
 * replace the session's value.
 */
import type { CheckResult, Trace, Violation } from '../trace/events.ts';
import { ackedAt, describeReadValue } from './support/describe.ts';
import { history, registerReads, writtenValue } from './support/history.ts';
import { versionIndex } from './support/versions.ts';
import { formatKeyValue } from './support/values.ts';
import { result, violation } from './support/violation.ts';
import { newerAckedWrite } from './stale-read.ts';

export const READ_YOUR_WRITES = 'read-your-writes';

export interface ReadYourWritesOptions {
  /** Only judge these sessions. */
  readonly sessions?: readonly string[];
}

/**
 * Flags reads that miss their own session's acknowledged writes.
 *
 * @example
 * ```ts
 * const r = readYourWrites(trace);
 * // [read-your-writes] seed 42, step 40: Read op-12 by session s1 at step 40 returned gold=102
 * //   but the session's own write op-9 (gold=105) was acknowledged at step 31 ...
 * ```
 */
export function readYourWrites(trace: Trace, options: ReadYourWritesOptions = {}): CheckResult {
  const ops = history(trace);
  const index = versionIndex(ops);
  const sessions = options.sessions === undefined ? undefined : new Set(options.sessions);
  const violations: Violation[] = [];
  for (const read of registerReads(ops)) {
    if (sessions !== undefined && !sessions.has(read.session)) continue;
    const own = newerAckedWrite(index, read, (w) => w.session === read.session);
    if (own === undefined) continue;
    violations.push(
      violation(
        trace,
        READ_YOUR_WRITES,
        read.completeStep,
        `Read ${read.op} by session ${read.session} at step ${read.completeStep} returned ${describeReadValue(read)} ` +
          `(from node ${read.node}) but the session's own write ${own.op} (${formatKeyValue(own.key, writtenValue(own))}) ` +
          `was ${ackedAt(own)}: a session must see its own acknowledged writes.`,
        { op: read.op, related: [read.invokeStep, own.invokeStep, own.completeStep] },
      ),
    );
  }
  return result(READ_YOUR_WRITES, violations);
}
