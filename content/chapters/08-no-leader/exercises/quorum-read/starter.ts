import { type NodeId, type QuorumResponse, type Value } from 'workbook';

export function reconcile(responses: readonly QuorumResponse[]): {
  value: Value;
  repair?: NodeId[];
} {
  // TODO: return the value this read should give the client, and name the
  // replicas that need it written back. Each response has node, value, version.
  const first = responses[0];
  return { value: first === undefined ? null : first.value, repair: [] };
}
