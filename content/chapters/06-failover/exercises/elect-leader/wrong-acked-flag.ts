import { type Candidate, type NodeId } from 'workbook';

// Looks for the replica that "has every acknowledged write". No replica can
// know that: the writes the dead leader acknowledged are known only to the dead
// leader and its clients. The flag never comes, and the fallback is a guess.
export function electLeader(candidates: readonly (Candidate & { readonly hasAllAcked?: boolean })[]): NodeId | null {
  const complete = candidates.find((c) => c.hasAllAcked === true);
  if (complete !== undefined) return complete.node;
  return candidates[candidates.length - 1]?.node ?? null;
}
