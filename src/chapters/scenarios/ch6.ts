/**
 * Chapter 6 — failover: heartbeats, timeouts, elections by LSN, epochs and
 * fencing. A slow link makes a healthy leader look dead; without fencing the
 * deposed leader keeps accepting writes (split brain).
 */
import type { ElectLeaderHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from './types.ts';

export function leaderFailure(seed: number, electLeader?: ElectLeaderHook): SimulationConfig {
  return {
    seed,
    label: 'leader crash and failover',
    topology: { leader: 'A', followers: ['B', 'C', 'D'] },
    network: { latency: { kind: 'exponential', mean: 6, min: 1 } },
    clients: { timeout: 300, retries: 3 },
    failover: { heartbeatInterval: 40, timeout: 200, fencing: true },
    workload: { clients: 3, thinkTime: 10, readRatio: 0.3, keys: ['a', 'b'], duration: 1500 },
    faults: [
      { at: 500, kind: 'crash', node: 'A' },
      { at: 1100, kind: 'restart', node: 'A' },
    ],
    ...(electLeader ? { hooks: { electLeader } } : {}),
  };
}

/** A healthy leader behind a slow link is suspected; `fencing` decides whether split brain follows. */
export function falseSuspicion(seed: number, fencing: boolean): SimulationConfig {
  return {
    seed,
    label: `false suspicion, fencing ${fencing ? 'on' : 'off'}`,
    topology: { leader: 'A', followers: ['B', 'C'] },
    network: { latency: { kind: 'uniform', min: 2, max: 8 } },
    clients: { timeout: 300 },
    failover: { heartbeatInterval: 30, timeout: 120, fencing },
    workload: { clients: 3, thinkTime: 10, readRatio: 0.2, keys: ['a'], duration: 1200 },
    faults: [
      { at: 300, kind: 'partition', groups: [['A'], ['B', 'C']] },
      { at: 800, kind: 'heal' },
    ],
  };
}

export const ch6Scenarios: readonly Scenario[] = [
  {
    name: 'ch6-leader-crash',
    chapter: 6,
    title: 'Automatic failover after a leader crash',
    description:
      'A crashes at 500 ms; followers stop hearing heartbeats, elect the most up-to-date replica in epoch 2, clients are redirected; A returns at 1100 ms and rejoins as a follower.',
    build: (seed) => leaderFailure(seed),
  },
  {
    name: 'ch6-split-brain',
    chapter: 6,
    title: 'Split brain without fencing',
    description:
      'A is cut off from its followers (but not from clients) at 300 ms. B takes over; with no fencing A keeps accepting writes too. Two leaders, two histories.',
    build: (seed) => falseSuspicion(seed, false),
  },
  {
    name: 'ch6-fenced',
    chapter: 6,
    title: 'The same fault with epochs and fencing',
    description:
      'Same cut. A’s lease expires before B may accept writes, A refuses writes (`fenced`), and when the network heals A sees epoch 2 and steps down.',
    build: (seed) => falseSuspicion(seed, true),
  },
];
