import { type LogEntry, type ReplicaHandle } from 'workbook';

// Skips duplicates, but treats "newer" as "next": a lost batch is silently jumped over.
export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) {
    if (entry.lsn > replica.appliedLsn) replica.apply(entry);
  }
}
