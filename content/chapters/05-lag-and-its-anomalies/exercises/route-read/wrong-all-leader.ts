import { type ReplicaInfo, type SessionInfo } from 'workbook';

// Never wrong, never useful: the leader has every write, so no anomaly is possible,
// and the followers sit idle while the leader takes every read.
export function routeRead(_session: SessionInfo, replicas: readonly ReplicaInfo[]): string {
  const leader = replicas.find((r) => r.role === 'leader') ?? replicas[0];
  return leader!.node;
}
