/**
 * Stale authorization: a permission that had been revoked was still honoured.
 * A read of a permission key (`staff:usher-jo:access`, say) returned a value
 * that grants access although a write revoking it had been acknowledged
 * before the read began — typically because the read was served by a
 * follower that had not replayed the revocation yet.
 *
 * It is a stale read with consequences, judged the same way (see
 * `stale-read.ts`): the revocation must be newer, in write order, than every
 * write whose value the read could have returned, so a permission granted
 * again after the revocation (or concurrently with the read) is fine.
 * Reads that return the revoking value, or anything else that is not a grant,
 * never count: an over-cautious "denied" is not a security hole.
 */
import type { CheckResult, Trace, Value, Violation } from '../trace/events.ts';
import { ackedAt, describeReadValue, describeWrite } from './support/describe.ts';
import { history, registerReads, writtenValue } from './support/history.ts';
import { versionIndex } from './support/versions.ts';
import { sameValue } from './support/values.ts';
import { result, violation } from './support/violation.ts';
import { newerAckedWrite } from './stale-read.ts';

export const STALE_AUTHORIZATION = 'stale-authorization';

export interface StaleAuthorizationOptions {
  /** Which keys hold permissions. Default: keys ending in `:access`. */
  readonly isPermissionKey?: (key: string) => boolean;
  /** The value that revokes. Default `"revoked"`. */
  readonly revoked?: Value;
  /** The value that grants. Default `"granted"`. */
  readonly granted?: Value;
}

/**
 * Flags every acknowledged read of a permission key that returned the
 * granting value after a newer revocation had been acknowledged.
 *
 * @example
 * ```ts
 * const r = staleAuthorization(trace);
 * // [stale-authorization] seed 3, step 88: Read op-31 by session door-scanner at step 88 returned
 * //   staff:usher-jo:access="granted" from node C, but write op-20 (staff:usher-jo:access="revoked") ...
 * ```
 */
export function staleAuthorization(trace: Trace, options: StaleAuthorizationOptions = {}): CheckResult {
  const isPermission = options.isPermissionKey ?? ((key: string) => key.endsWith(':access'));
  const revoked = options.revoked ?? 'revoked';
  const granted = options.granted ?? 'granted';
  const ops = history(trace);
  const index = versionIndex(ops);
  const violations: Violation[] = [];
  for (const read of registerReads(ops)) {
    if (!isPermission(read.key) || !sameValue(read.output, granted)) continue;
    const revocation = newerAckedWrite(index, read, (w) => sameValue(writtenValue(w), revoked));
    if (revocation === undefined) continue;
    violations.push(
      violation(
        trace,
        STALE_AUTHORIZATION,
        read.completeStep,
        `Read ${read.op} by session ${read.session} at step ${read.completeStep} returned ${describeReadValue(read)} ` +
          `from node ${read.node}, but ${describeWrite(revocation)} was ${ackedAt(revocation)}, before the read began ` +
          `at step ${read.invokeStep}: a revoked permission was honoured.`,
        { op: read.op, related: [read.invokeStep, revocation.invokeStep, revocation.completeStep] },
      ),
    );
  }
  return result(STALE_AUTHORIZATION, violations);
}
