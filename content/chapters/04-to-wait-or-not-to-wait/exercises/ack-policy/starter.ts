import { type AckState } from 'workbook';

export function ackPolicy(state: AckState): boolean {
  // TODO: decide whether the write at state.lsn may be acknowledged to the
  // client yet. For now every write is acknowledged the moment the leader
  // has it (asynchronous commit), so a leader crash can lose it.
  return true;
}
