/**
 * Chapter 4 — to wait or not to wait: async, semi-sync and sync commit. The
 * leader crashes mid-stream (and fails over); async can lose acknowledged
 * writes, sync cannot but a down follower blocks it.
 */
import type { AckPolicyHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

/** Leader A crashes at 500 ms while clients write; automatic failover with fencing. */
export function leaderCrash(
  seed: number,
  mode: 'async' | 'sync' | 'semi-sync',
  ackPolicy?: AckPolicyHook,
): SimulationConfig {
  return {
    seed,
    label: `${mode} commit, leader crash`,
    topology: { leader: 'A', followers: ['B', 'C'] },
    // The leader ships its log in 10 ms batches: an async leader acknowledges writes it has not sent yet.
    replication: { mode, batchDelay: 10 },
    network: { latency: { kind: 'exponential', mean: 8, min: 1 } },
    clients: { timeout: 400, retries: 2 },
    failover: { heartbeatInterval: 40, timeout: 200 },
    workload: { clients: 3, thinkTime: 5, readRatio: 0.3, keys: ['a', 'b'], duration: 1200 },
    faults: [{ at: 500, kind: 'crash', node: 'A' }],
    ...(ackPolicy ? { hooks: { ackPolicy } } : {}),
  };
}

export const ch04Scenarios: readonly Scenario[] = [
  {
    name: 'ch04-async-leader-crash',
    chapter: 4,
    title: 'Async commit loses acknowledged writes',
    description:
      'Writes are acknowledged before any follower has them. A crashes at 500 ms; the promoted follower lacks the last acknowledged writes.',
    build: (seed) => leaderCrash(seed, 'async'),
  },
  {
    name: 'ch04-sync-leader-crash',
    chapter: 4,
    title: 'Sync commit survives the crash',
    description:
      'Every write waits for both followers, so whichever is promoted has every acknowledged write; commit latency is the slowest follower’s.',
    build: (seed) => leaderCrash(seed, 'sync'),
  },
  {
    name: 'ch04-semi-sync',
    chapter: 4,
    title: 'Semi-sync: one follower must confirm',
    description:
      'A write waits for one follower; the most up-to-date follower is promoted, so acknowledged writes survive one crash.',
    build: (seed) => leaderCrash(seed, 'semi-sync'),
  },
  {
    name: 'ch04-sync-follower-down',
    chapter: 4,
    title: 'A down sync follower blocks writes',
    description:
      'Fully synchronous replication with follower C crashed at 300 ms: no write can commit until C returns at 900 ms; clients time out meanwhile.',
    build: (seed) => ({
      seed,
      label: 'ch04-sync-follower-down',
      topology: { leader: 'A', followers: ['B', 'C'] },
      replication: { mode: 'sync' },
      network: { latency: { kind: 'uniform', min: 2, max: 10 } },
      clients: { timeout: 250 },
      workload: { clients: 2, thinkTime: 10, readRatio: 0.2, keys: ['a'], duration: 1200 },
      faults: [
        { at: 300, kind: 'crash', node: 'C' },
        { at: 900, kind: 'restart', node: 'C' },
      ],
    }),
  },
  {
    name: 'ch04-slow-sync-follower',
    chapter: 4,
    title: 'A slow synchronous follower slows every write',
    description:
      'Semi-sync with B as the one synchronous follower (C is asynchronous). At 400 ms the link to B becomes 12 times slower: every commit now waits for B, while C, which is fine, does not count.',
    build: (seed) => ({
      seed,
      label: 'ch04-slow-sync-follower',
      topology: { leader: 'A', followers: ['B', 'C'] },
      replication: { mode: 'semi-sync', syncFollowers: ['B'] },
      network: { latency: { kind: 'uniform', min: 2, max: 6 } },
      clients: { timeout: 500 },
      workload: { clients: 2, thinkTime: 10, readRatio: 0.2, keys: ['seat:12A', 'seat:12B'], duration: 1000 },
      faults: [{ at: 400, kind: 'slow', from: 'A', to: 'B', factor: 12 }],
    }),
  },
];
