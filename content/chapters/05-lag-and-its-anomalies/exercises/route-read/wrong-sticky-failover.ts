import { type ReplicaInfo, type SessionInfo } from 'workbook';

function spread(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

// Sticky replicas: each session has its own follower, so its reads only move
// forward, and goes to the leader while that follower lacks the session's write.
// When the sticky follower is down it moves to another follower that has the
// session's write, but forgets the newer data it was already shown there.
export function routeRead(session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  const followers = replicas.filter((r) => r.role === 'follower');
  const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0]!;
  const home = followers[spread(session.session) % followers.length];
  const seen = Math.max(session.lastWriteLsn, session.lastReadLsn);
  if (home?.up) return home.appliedLsn >= seen ? home.node : leader.node;
  const other = followers.find((r) => r.up && r.appliedLsn >= session.lastWriteLsn);
  return (other ?? leader).node;
}
