/**
 * Chapter 2 — leaders and followers: an ordered log with LSNs, followers that
 * replay it in order, catch up after downtime from their own LSN, and a new
 * follower that starts from a snapshot. Reads spread over replicas; writes
 * still all go through the leader.
 */
import type { ApplyBatchHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface Ch2Options {
  readonly followers?: number;
  /** Offered load in ops/s (open loop). Default 300. */
  readonly rate?: number;
  readonly readRatio?: number;
  readonly applyBatch?: ApplyBatchHook;
}

/** Leader A plus `followers` followers, each node with one worker; reads go to followers. */
export function leaderFollowers(seed: number, o: Ch2Options = {}): SimulationConfig {
  const names = ['B', 'C', 'D', 'E', 'F', 'G'].slice(0, o.followers ?? 2);
  return {
    seed,
    label: `leader + ${names.length} followers`,
    topology: { leader: 'A', followers: names },
    capacity: { workers: 1, readTime: { kind: 'exponential', mean: 3 }, writeTime: { kind: 'exponential', mean: 3 } },
    clients: { timeout: 300, readFrom: names.length > 0 ? 'followers' : 'leader' },
    network: { latency: { kind: 'uniform', min: 2, max: 8 } },
    workload: { rate: o.rate ?? 300, clients: 8, readRatio: o.readRatio ?? 0.9, keys: ['a', 'b', 'c'], duration: 2000 },
    ...(o.applyBatch ? { hooks: { applyBatch: o.applyBatch } } : {}),
  };
}

/** A lossy, duplicating, reordering network: the test bed for `applyBatch`. */
export function unreliableReplication(seed: number, applyBatch?: ApplyBatchHook): SimulationConfig {
  return {
    seed,
    label: 'replication over an unreliable network',
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { mode: 'async', format: 'logical', batchDelay: 5, maxBatch: 8 },
    network: { latency: { kind: 'uniform', min: 1, max: 40 }, loss: 0.1, duplicate: 0.15, fifo: false },
    workload: { clients: 3, thinkTime: 5, readRatio: 0.2, keys: ['a', 'b', 'c', 'd'], duration: 800 },
    faults: [
      { at: 300, kind: 'crash', node: 'C' },
      { at: 500, kind: 'restart', node: 'C' },
      // Lets replication drain for a while after the workload stops (runs last until 1 s after this).
      { at: 1500, kind: 'note', text: 'workload over: replication drains' },
    ],
    ...(applyBatch ? { hooks: { applyBatch } } : {}),
  };
}

export const ch02Scenarios: readonly Scenario[] = [
  {
    name: 'ch02-one-follower',
    chapter: 2,
    title: 'Reads on one follower',
    description: 'Leader A and one follower B at 600 ops/s, 90% reads sent to followers: B is the bottleneck.',
    build: (seed) => ({ ...leaderFollowers(seed, { followers: 1, rate: 600 }), label: 'ch02-one-follower' }),
  },
  {
    name: 'ch02-add-followers',
    chapter: 2,
    title: 'Adding followers scales reads',
    description:
      'The same 600 ops/s with three followers: reads spread out and latency drops. Writes still all go through A.',
    build: (seed) => ({ ...leaderFollowers(seed, { followers: 3, rate: 600 }), label: 'ch02-add-followers' }),
  },
  {
    name: 'ch02-writes-do-not-scale',
    chapter: 2,
    title: 'Writes do not scale with followers',
    description:
      'A write-heavy load (90% writes) with three followers: the leader saturates whatever the follower count.',
    build: (seed) => ({
      ...leaderFollowers(seed, { followers: 3, rate: 450, readRatio: 0.1 }),
      label: 'ch02-writes-do-not-scale',
    }),
  },
  {
    name: 'ch02-stop-and-restart',
    chapter: 2,
    title: 'A follower stops and catches up',
    description:
      'Follower B crashes at 400 ms and restarts at 1200 ms; it rebuilds from its own log and fetches from its LSN until it converges.',
    build: (seed) => ({
      seed,
      label: 'ch02-stop-and-restart',
      topology: { leader: 'A', followers: ['B', 'C'] },
      network: { latency: { kind: 'uniform', min: 2, max: 10 } },
      workload: { clients: 2, thinkTime: 10, readRatio: 0.3, keys: ['a', 'b', 'c'], duration: 2000 },
      faults: [
        { at: 400, kind: 'crash', node: 'B' },
        { at: 1200, kind: 'restart', node: 'B' },
      ],
    }),
  },
  {
    name: 'ch02-new-follower',
    chapter: 2,
    title: 'A new follower bootstraps from a snapshot',
    description:
      'D joins at 800 ms. The leader keeps only its last 20 log entries, so D starts from a snapshot at the leader’s LSN and then streams the rest.',
    build: (seed) => ({
      seed,
      label: 'ch02-new-follower',
      topology: { leader: 'A', followers: ['B'] },
      replication: { retainLog: 20 },
      network: { latency: { kind: 'uniform', min: 2, max: 10 } },
      workload: { clients: 2, thinkTime: 10, readRatio: 0.3, keys: ['a', 'b', 'c', 'd'], duration: 1500 },
      faults: [{ at: 800, kind: 'add-follower', node: 'D' }],
    }),
  },
  {
    name: 'ch02-unreliable-network',
    chapter: 2,
    title: 'Replication over a lossy, duplicating network',
    description:
      'Batches are lost (10%), duplicated (15%) and reordered (1–40 ms latency); C crashes and restarts. Followers must still apply in LSN order and converge.',
    build: (seed) => unreliableReplication(seed),
  },
];
