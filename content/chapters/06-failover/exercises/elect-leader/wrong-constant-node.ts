import { type Candidate, type NodeId } from 'workbook';

// "The Lyric box is our best machine, always promote it." A fixed name ignores
// who is alive and who is ahead: when that node is the one that failed, or is
// not even in this cluster, nobody is promoted.
export function electLeader(candidates: readonly Candidate[]): NodeId | null {
  return 'lyric';
}
