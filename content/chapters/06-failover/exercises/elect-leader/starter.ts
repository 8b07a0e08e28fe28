import { type Candidate, type NodeId } from 'workbook';

export function electLeader(candidates: readonly Candidate[]): NodeId | null {
  // TODO: name the replica to promote. Each candidate says how far its log
  // goes (`lsn`) and in which epoch its last entry was written (`lastEpoch`).
  // Returning null elects nobody, and the cluster stays without a leader.
  return null;
}
