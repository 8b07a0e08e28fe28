import { type Candidate, type NodeId } from 'workbook';

// Picks the longest log and ignores the epoch of its last entry. That is right
// after a plain crash, and wrong after a deposed leader kept writing on its own:
// its old-epoch tail can be longer than the newer leader's log.
export function electLeader(candidates: readonly Candidate[]): NodeId | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (best === null || c.lsn > best.lsn) best = c;
  }
  return best === null ? null : best.node;
}
