import { type LogEntry, type ReplicaHandle } from 'workbook';

// Applies correctly, then asks for "whatever comes next" after every batch,
// gap or not: the leader was going to send those entries anyway.
export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) {
    if (entry.lsn <= replica.appliedLsn) continue;
    if (entry.lsn > replica.appliedLsn + 1) break;
    replica.apply(entry);
  }
  replica.requestFrom(replica.appliedLsn + 1);
}
