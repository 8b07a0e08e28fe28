import { type Candidate, type NodeId } from 'workbook';

// Promotes whoever comes first in the list (the lowest name). Every replica
// that answered is alive, but that does not make it up to date: a follower
// behind a slow link is missing the last writes the leader acknowledged.
export function electLeader(candidates: readonly Candidate[]): NodeId | null {
  return candidates[0]?.node ?? null;
}
