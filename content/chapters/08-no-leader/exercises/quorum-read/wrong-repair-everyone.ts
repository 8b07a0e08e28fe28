import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// Returns the newest answer and, to be safe, writes it back to every replica
// that answered, including those that already had it.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  let newest = responses[0];
  for (const r of responses) if (newest === undefined || r.version > newest.version) newest = r;
  return { value: newest === undefined ? null : newest.value, repair: responses.map((r) => r.node) };
}
