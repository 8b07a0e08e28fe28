import { type RequestInfo } from 'workbook';

// "The database will cope": every request joins the queue.
export function admit(_queueDepth: number, _request: RequestInfo): 'accept' | 'reject' {
  return 'accept';
}
