/**
 * Chapter 5 — lag and its anomalies: followers with variable lag, sessions
 * reading from random replicas (stale reads, read-your-writes and
 * monotonic-read violations), and a `routeRead` hook to fix it.
 */
import type { RouteReadHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from './types.ts';

export function laggyReads(seed: number, routeRead?: RouteReadHook): SimulationConfig {
  return {
    seed,
    label: 'reads over lagging followers',
    topology: { leader: 'A', followers: ['B', 'C'] },
    network: {
      latency: { kind: 'exponential', mean: 5, min: 1 },
      links: [
        { from: 'A', to: 'B', latency: { kind: 'exponential', mean: 40, min: 5 } },
        { from: 'A', to: 'C', latency: { kind: 'exponential', mean: 120, min: 10 } },
      ],
    },
    clients: { readFrom: 'random' },
    workload: { clients: 4, thinkTime: 5, readRatio: 0.7, keys: ['profile', 'cart', 'permissions'], duration: 1000 },
    ...(routeRead ? { hooks: { routeRead } } : {}),
  };
}

export const ch5Scenarios: readonly Scenario[] = [
  {
    name: 'ch5-random-reads',
    chapter: 5,
    title: 'Random reads over lagging followers',
    description:
      'B lags ~40 ms and C ~120 ms behind A. Reads go to a random replica: users miss their own writes and see time go backwards.',
    build: (seed) => laggyReads(seed),
  },
  {
    name: 'ch5-lsn-routing',
    chapter: 5,
    title: 'Routing reads by LSN',
    description:
      'Each session remembers the highest LSN it wrote or read and only reads from replicas that have applied it; everything else still goes to followers.',
    build: (seed) =>
      laggyReads(seed, (s, replicas) => {
        const need = Math.max(s.lastWriteLsn, s.lastReadLsn);
        const ok = replicas.filter((r) => r.up && r.role === 'follower' && r.appliedLsn >= need);
        const leader = replicas.find((r) => r.role === 'leader');
        return (ok[0] ?? leader ?? replicas[0])?.node ?? 'A';
      }),
  },
];
