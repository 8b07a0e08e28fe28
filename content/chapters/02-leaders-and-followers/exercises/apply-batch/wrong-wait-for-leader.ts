import { type LogEntry, type ReplicaHandle } from 'workbook';

// Correct order and no duplicates, but at a gap it just waits for the leader
// to notice (the leader only retransmits every 100 ms, so the follower lags).
export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) {
    if (entry.lsn <= replica.appliedLsn) continue;
    if (entry.lsn > replica.appliedLsn + 1) return;
    replica.apply(entry);
  }
}
