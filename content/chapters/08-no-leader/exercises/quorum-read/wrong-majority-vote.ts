import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// Democracy: the value most replicas agree on wins (ties: the first seen).
// It ignores the versions, and the replicas that missed a write agree with each other.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  const votes = new Map<string, { value: Value; count: number; version: number }>();
  for (const r of responses) {
    const k = JSON.stringify(r.value);
    const v = votes.get(k) ?? { value: r.value, count: 0, version: r.version };
    v.count++;
    votes.set(k, v);
  }
  let best: { value: Value; count: number; version: number } | undefined;
  for (const v of votes.values()) if (best === undefined || v.count > best.count) best = v;
  if (best === undefined) return { value: null, repair: [] };
  const winner = best;
  return { value: winner.value, repair: responses.filter((r) => r.version < winner.version).map((r) => r.node) };
}
