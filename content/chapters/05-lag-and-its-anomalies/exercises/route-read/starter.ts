import { type ReplicaInfo, type SessionInfo } from 'workbook';

export function routeRead(session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  // TODO: send the read to a follower only when that cannot show the session
  // something older than it has already seen; otherwise to the leader.
  // For now every read goes to the first follower, however far behind it is.
  const follower = replicas.find((r) => r.role === 'follower');
  return (follower ?? replicas[0])!.node;
}
