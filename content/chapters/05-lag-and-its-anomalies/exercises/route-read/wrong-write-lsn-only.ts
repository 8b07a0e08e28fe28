import { type ReplicaInfo, type SessionInfo } from 'workbook';

// Read-your-writes only: waits for the session's own write but forgets what the
// session has already been shown, so the next read can land on a follower that
// is behind the previous one.
export function routeRead(session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  const ready = replicas.filter((r) => r.role === 'follower' && r.up && r.appliedLsn >= session.lastWriteLsn);
  // Take the least busy-looking one: the follower furthest behind has the fewest readers.
  ready.sort((a, b) => a.appliedLsn - b.appliedLsn);
  const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0]!;
  return (ready[0] ?? leader).node;
}
