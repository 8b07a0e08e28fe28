import { type RequestInfo } from 'workbook';

// Nobody waits if nobody gets in.
export function admit(_queueDepth: number, _request: RequestInfo): 'accept' | 'reject' {
  return 'reject';
}
