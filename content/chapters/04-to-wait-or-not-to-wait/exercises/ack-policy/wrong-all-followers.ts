import { type AckState } from 'workbook';

// Fully synchronous: wait until every follower has the write. Nothing
// acknowledged is ever lost, but every write waits for the slowest follower
// (the far region), and while any follower is down no write commits at all.
export function ackPolicy(state: AckState): boolean {
  return state.acked.length === state.followers.length;
}
