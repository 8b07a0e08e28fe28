import { type NodeId, type QuorumResponse, type Value } from 'workbook';

export function reconcile(responses: readonly QuorumResponse[]): {
  value: Value;
  version: number;
  repair: NodeId[];
} {
  // The newest version among the answers wins. With w + r > n and writes
  // that do not race, at least one answer carries the last acknowledged write.
  let newest = responses[0];
  for (const r of responses) if (newest === undefined || r.version > newest.version) newest = r;
  if (newest === undefined) return { value: null, version: 0, repair: [] };
  // Write it back to exactly the replicas that answered with something older.
  const stale = responses.filter((r) => r.version < newest.version).map((r) => r.node);
  return { value: newest.value, version: newest.version, repair: stale };
}
