/**
 * Chapter 5 — lag and its anomalies: followers with variable lag, sessions
 * reading from random replicas (stale reads, read-your-writes and
 * monotonic-read violations), and a `routeRead` hook to fix it.
 */
import type { RouteReadHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

export function laggyReads(seed: number, routeRead?: RouteReadHook): SimulationConfig {
  return {
    seed,
    label: 'reads over lagging followers',
    topology: { leader: 'A', followers: ['B', 'C'] },
    network: {
      latency: { kind: 'exponential', mean: 5, min: 1 },
      links: [
        { from: 'A', to: 'B', latency: { kind: 'exponential', mean: 15, min: 2 } },
        { from: 'A', to: 'C', latency: { kind: 'exponential', mean: 120, min: 10 } },
      ],
    },
    clients: { readFrom: 'random' },
    workload: { clients: 4, thinkTime: 20, readRatio: 0.8, keys: ['profile', 'cart', 'permissions'], duration: 1000 },
    ...(routeRead ? { hooks: { routeRead } } : {}),
  };
}

/** Session → follower, the same every time: a stable hash of the session's name. */
function homeFollower(session: string, followers: readonly string[]): string | undefined {
  let h = 0;
  for (const ch of session) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return followers[h % followers.length];
}

/** Each session reads from its own follower; when that one is down, from any follower that is up. */
const stickyRouting: RouteReadHook = (s, replicas) => {
  const followers = replicas.filter((r) => r.role === 'follower').map((r) => r.node);
  const home = replicas.find((r) => r.node === homeFollower(s.session, followers));
  if (home?.up) return home.node;
  const other = replicas.find((r) => r.role === 'follower' && r.up);
  return (other ?? replicas.find((r) => r.role === 'leader') ?? replicas[0])?.node ?? 'A';
};

/** The session's token: read from a follower that has replayed everything the session has seen, else the leader. */
export const lsnRouting: RouteReadHook = (s, replicas) => {
  const need = Math.max(s.lastWriteLsn, s.lastReadLsn);
  const ok = replicas.filter((r) => r.up && r.role === 'follower' && r.appliedLsn >= need);
  const leader = replicas.find((r) => r.role === 'leader');
  return (ok.find((r) => r.node === s.lastReadFrom) ?? ok[0] ?? leader ?? replicas[0])?.node ?? 'A';
};

export const ch05Scenarios: readonly Scenario[] = [
  {
    name: 'ch05-random-reads',
    chapter: 5,
    title: 'Random reads over lagging followers',
    description:
      'B lags ~15 ms and C ~120 ms behind A. Reads go to a random replica: users miss their own writes and see time go backwards.',
    build: (seed) => laggyReads(seed),
  },
  {
    name: 'ch05-lsn-routing',
    chapter: 5,
    title: 'Routing reads by LSN',
    description:
      'Each session remembers the highest LSN it wrote or read and only reads from replicas that have applied it; everything else still goes to followers.',
    build: (seed) => laggyReads(seed, lsnRouting),
  },
  {
    name: 'ch05-sticky-replicas',
    chapter: 5,
    title: 'Sticky replicas, and the one that goes down',
    description:
      'Each session always reads from the same follower, so its reads only move forward, but it can miss its own writes. At 500 ms C crashes and its sessions move to B; at 800 ms C restarts far behind B, its sessions return to it and go back in time.',
    build: (seed) => ({
      ...laggyReads(seed),
      label: 'sticky replicas',
      hooks: { routeRead: stickyRouting },
      faults: [
        { at: 500, kind: 'crash', node: 'C' },
        { at: 800, kind: 'restart', node: 'C' },
      ],
    }),
  },
  {
    name: 'ch05-lag-spike',
    chapter: 5,
    title: 'A lag spike under LSN routing',
    description:
      'From 300 to 600 ms the link to B is ten times slower, so B falls far behind. LSN routing sends the reads B cannot serve to C or the leader: no anomaly, but the leader takes more reads.',
    build: (seed) => ({
      ...laggyReads(seed, lsnRouting),
      label: 'lag spike under LSN routing',
      faults: [
        { at: 300, kind: 'slow', from: 'A', to: 'B', factor: 10 },
        { at: 600, kind: 'slow', from: 'A', to: 'B', factor: 1 },
      ],
    }),
  },
];
