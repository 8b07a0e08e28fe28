import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// The first answer is the quickest replica's, often the coordinator's own
// copy: trust it, and bring the others in line with it.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  const first = responses[0];
  if (first === undefined) return { value: null, repair: [] };
  const repair = responses.filter((r) => r.version < first.version).map((r) => r.node);
  return { value: first.value, repair };
}
