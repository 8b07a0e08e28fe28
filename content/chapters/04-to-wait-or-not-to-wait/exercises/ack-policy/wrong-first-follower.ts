import { type AckState } from 'workbook';

// One named synchronous standby, like `synchronous_standby_names = 'B'`:
// wait for the first follower in the list and nobody else. While that one
// follower is down, every write waits for it.
export function ackPolicy(state: AckState): boolean {
  const standby = state.followers[0];
  return standby !== undefined && state.acked.includes(standby.node);
}
