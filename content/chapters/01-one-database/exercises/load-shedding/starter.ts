import { type RequestInfo } from 'workbook';

/** Every accepted request must be answered within this many ms. */
const LATENCY_BUDGET_MS = 50;

export function admit(queueDepth: number, request: RequestInfo): 'accept' | 'reject' {
  // TODO: estimate how long this request would take if it joined the queue
  // behind `queueDepth` others, and reject it at once when that would blow
  // the budget. For now every request is let in.
  return 'accept';
}
