/**
 * The checkers: pure functions from a trace to a `CheckResult`.
 *
 * Each one judges one property from the recorded history alone and names, in
 * every violation, the property, the seed and the step, with a sentence a
 * learner can read. Graders, quiz keys and the simulation view all call them
 * through the `check` object:
 *
 * ```ts
 * import { check } from '../engine/checkers/index.ts';
 * const r = check.readYourWrites(trace);
 * ```
 */
import { appliedInOrder } from './applied-in-order.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { divergence } from './divergence.ts';
import { electionSafety } from './election-safety.ts';
import { linearizable } from './linearizable.ts';
import { lostAcknowledgedWrites } from './lost-acknowledged-writes.ts';
import { lostIncrements } from './lost-increments.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { mostUpToDate } from './most-up-to-date.ts';
import { readYourWrites } from './read-your-writes.ts';
import { splitBrain } from './split-brain.ts';
import { staleAuthorization } from './stale-authorization.ts';
import { staleRead } from './stale-read.ts';
import { twoLeaders } from './two-leaders.ts';

export const check = {
  staleRead,
  readYourWrites,
  monotonicReads,
  consistentPrefix,
  staleAuthorization,
  lostAcknowledgedWrites,
  divergence,
  splitBrain,
  twoLeaders,
  lostIncrements,
  linearizable,
  electionSafety,
  mostUpToDate,
  appliedInOrder,
} as const;

export type CheckName = keyof typeof check;

export { applicableChecks, LEADERSHIP_CHECKS } from './applicable.ts';
export { APPLIED_IN_ORDER } from './applied-in-order.ts';
export type { AppliedInOrderOptions } from './applied-in-order.ts';
export { CONSISTENT_PREFIX } from './consistent-prefix.ts';
export type { ConsistentPrefixOptions } from './consistent-prefix.ts';
export { DIVERGENCE } from './divergence.ts';
export type { DivergenceOptions } from './divergence.ts';
export { ELECTION_SAFETY } from './election-safety.ts';
export { LINEARIZABLE } from './linearizable.ts';
export type { LinearizableOptions } from './linearizable.ts';
export { FAILED_WRITE_APPEARED, LOST_ACKNOWLEDGED_WRITES } from './lost-acknowledged-writes.ts';
export type { LostWritesOptions } from './lost-acknowledged-writes.ts';
export { DOUBLE_COUNTED_INCREMENTS, LOST_INCREMENTS } from './lost-increments.ts';
export type { LostIncrementsOptions } from './lost-increments.ts';
export { MONOTONIC_READS } from './monotonic-reads.ts';
export type { MonotonicReadsOptions } from './monotonic-reads.ts';
export { MOST_UP_TO_DATE } from './most-up-to-date.ts';
export { READ_YOUR_WRITES } from './read-your-writes.ts';
export type { ReadYourWritesOptions } from './read-your-writes.ts';
export { SPLIT_BRAIN } from './split-brain.ts';
export { STALE_AUTHORIZATION } from './stale-authorization.ts';
export type { StaleAuthorizationOptions } from './stale-authorization.ts';
export { STALE_READ } from './stale-read.ts';
export type { StaleReadOptions } from './stale-read.ts';
export { TWO_LEADERS_AT_ONCE } from './two-leaders.ts';
export type { TwoLeadersOptions } from './two-leaders.ts';
