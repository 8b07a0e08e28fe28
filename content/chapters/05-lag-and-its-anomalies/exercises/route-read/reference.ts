import { type ReplicaInfo, type SessionInfo } from 'workbook';

/** A stable number for a session name, to spread sessions over the followers. */
function spread(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export function routeRead(session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  // The session's token: the highest LSN it has written or been served at.
  const seen = Math.max(session.lastWriteLsn, session.lastReadLsn);
  // A follower is good enough once it is up and has replayed that LSN.
  const ready = replicas.filter((r) => r.role === 'follower' && r.up && r.appliedLsn >= seen);
  if (ready.length === 0) {
    // Nobody has caught up yet: the leader always has everything.
    const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0];
    return leader?.node ?? '';
  }
  // Stay where the last read went while it is good enough (warm cache, fewer switches).
  const same = ready.find((r) => r.node === session.lastReadFrom);
  if (same) return same.node;
  return (ready[spread(session.session) % ready.length] ?? ready[0])!.node;
}
