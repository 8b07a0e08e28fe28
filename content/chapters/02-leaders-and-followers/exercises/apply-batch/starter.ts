import { type LogEntry, type ReplicaHandle } from 'workbook';

export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
  // TODO: apply the entries this replica can apply, in LSN order, each
  // exactly once; when a batch leaves a gap, ask the leader for the missing
  // entries with replica.requestFrom(...).
  //
  // Useful: replica.appliedLsn, replica.apply(entry), replica.requestFrom(lsn).
}
