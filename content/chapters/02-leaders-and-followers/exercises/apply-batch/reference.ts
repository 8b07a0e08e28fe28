import { type LogEntry, type ReplicaHandle } from 'workbook';

export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  const inOrder = [...entries].sort((a, b) => a.lsn - b.lsn);
  for (const entry of inOrder) {
    // Already applied: a duplicate delivery or an overlapping resend.
    if (entry.lsn <= replica.appliedLsn) continue;
    // A gap: something before this entry is missing. Ask for it and stop here.
    if (entry.lsn > replica.appliedLsn + 1) {
      replica.requestFrom(replica.appliedLsn + 1);
      return;
    }
    replica.apply(entry);
  }
}
