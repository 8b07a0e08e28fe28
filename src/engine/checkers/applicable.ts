/**
 * Which checkers mean something for a replication shape. Leadership checkers
 * (one leader per epoch, no two leaders accepting writes, the most
 * up-to-date node elected) judge single-leader replication; under
 * multi-leader replication every leader accepts writes by design and a
 * leaderless store has no leader at all, so on those shapes they would flag
 * the design itself as a violation. Consistency and durability checkers
 * (stale reads, lost acknowledged writes, lost increments, divergence...)
 * apply to every shape: that last-write-wins drops acknowledged writes is a
 * finding, not a false alarm.
 */
import type { ReplicationShape } from '../trace/events.ts';

/** Checkers that judge a single leader's election and leadership. */
export const LEADERSHIP_CHECKS: readonly string[] = ['splitBrain', 'twoLeaders', 'electionSafety', 'mostUpToDate'];

/** Checkers that judge a single ordered replication log. */
const LOG_CHECKS: readonly string[] = ['appliedInOrder'];

/** The checkers that apply to a run of `shape` (a trace's `shape`; absent means single leader), in `all`'s order. */
export function applicableChecks<N extends string>(shape: ReplicationShape | undefined, all: readonly N[]): N[] {
  if (shape === undefined || shape === 'single') return [...all];
  const skip = new Set<string>([...LEADERSHIP_CHECKS, ...(shape === 'leaderless' ? LOG_CHECKS : [])]);
  return all.filter((name) => !skip.has(name));
}
