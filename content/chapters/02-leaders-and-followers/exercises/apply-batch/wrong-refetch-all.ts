import { type LogEntry, type ReplicaHandle } from 'workbook';

// Right order, no duplicates, asks at every gap: but asks for the whole log
// again "to be safe", so the leader resends everything the follower already has.
export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) {
    if (entry.lsn <= replica.appliedLsn) continue;
    if (entry.lsn > replica.appliedLsn + 1) {
      replica.requestFrom(1);
      return;
    }
    replica.apply(entry);
  }
}
