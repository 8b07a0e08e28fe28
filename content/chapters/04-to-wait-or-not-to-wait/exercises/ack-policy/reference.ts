import { type AckState } from 'workbook';

/**
 * Semi-synchronous commit: acknowledge once one follower has confirmed the
 * write. Then two nodes hold every acknowledged write, so a single crash
 * leaves a copy, and failover promotes the most up-to-date follower, which
 * has it. Any follower's confirmation counts (like PostgreSQL's
 * `ANY 1 (...)`): when one follower is down, the next one to answer will do.
 */
export function ackPolicy(state: AckState): boolean {
  return state.acked.length >= 1;
}
