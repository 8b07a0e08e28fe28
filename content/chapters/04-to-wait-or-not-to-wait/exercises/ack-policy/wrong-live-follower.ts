import { type AckState } from 'workbook';

// "A follower answered a moment ago, so it is alive and will get this write
// too." The leader knows what a follower has confirmed, not what is still in
// its send buffer or on the wire: being alive is not having the write.
export function ackPolicy(state: AckState): boolean {
  return state.followers.some((f) => f.lastHeardAgo < 50);
}
