import { type RequestInfo } from 'workbook';

// A queue limit, but one sized for memory rather than for latency: by the time
// 1000 requests are waiting, the ones at the back have long timed out.
const MAX_QUEUE = 1000;

export function admit(queueDepth: number, _request: RequestInfo): 'accept' | 'reject' {
  return queueDepth >= MAX_QUEUE ? 'reject' : 'accept';
}
