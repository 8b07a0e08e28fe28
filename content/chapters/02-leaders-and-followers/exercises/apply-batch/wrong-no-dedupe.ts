import { type LogEntry, type ReplicaHandle } from 'workbook';

// Sorts and applies everything: fine until the network delivers a batch twice.
export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) {
    replica.apply(entry);
  }
}
