import { type RequestInfo } from 'workbook';

// A queue limit tuned on one machine: twelve waiting requests felt about right
// in testing. On a machine with one slow worker twelve requests wait far past
// the budget; on one with sixteen fast workers twelve leave most of them idle.
const MAX_QUEUE = 12;

export function admit(queueDepth: number, _request: RequestInfo): 'accept' | 'reject' {
  return queueDepth < MAX_QUEUE ? 'accept' : 'reject';
}
