import { type RequestInfo } from 'workbook';

/** Every accepted request must be answered within this many ms. */
const LATENCY_BUDGET_MS = 50;
/** Service times vary around their mean, so aim well below the budget. */
const TARGET_MS = LATENCY_BUDGET_MS * 0.6;

export function admit(queueDepth: number, request: RequestInfo): 'accept' | 'reject' {
  // Everyone ahead of this request, plus the request itself, shared among the workers.
  const expectedMs = ((queueDepth + 1) / request.workers) * request.serviceTime;
  return expectedMs <= TARGET_MS ? 'accept' : 'reject';
}
