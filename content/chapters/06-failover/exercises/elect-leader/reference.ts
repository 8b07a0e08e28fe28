import { type Candidate, type NodeId } from 'workbook';

/** Whether log `a` is more up to date than log `b`: a later last epoch, or the same epoch and more entries. */
function ahead(a: Candidate, b: Candidate): boolean {
  if (a.lastEpoch !== b.lastEpoch) return a.lastEpoch > b.lastEpoch;
  return a.lsn > b.lsn;
}

export function electLeader(candidates: readonly Candidate[]): NodeId | null {
  // Only the replicas that answered are here; the crashed or cut-off leader never is.
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (best === null || ahead(c, best)) best = c;
  }
  return best === null ? null : best.node;
}
