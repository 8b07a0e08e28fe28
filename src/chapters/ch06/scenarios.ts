/**
 * Chapter 6 — failover: heartbeats, timeouts, elections by LSN, epochs and
 * fencing. A slow link makes a healthy leader look dead; without fencing the
 * deposed leader keeps accepting writes (split brain).
 */
import { Rng } from '../../engine/index.ts';
import type { ElectLeaderHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

/**
 * A crashes at 500 ms and restarts at 1100 ms. Two followers (which two
 * depends on the seed) receive A's messages over lossy links, so at the crash
 * the three followers have reached different LSNs: the one behind the
 * lossiest link is furthest behind, the one on a clean link is ahead.
 */
export function leaderFailure(seed: number, electLeader?: ElectLeaderHook): SimulationConfig {
  const order = ['B', 'C', 'D'];
  const rng = new Rng(seed).fork('ch6.leaderFailure');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const [worst, lossy] = order as [string, string, string];
  return {
    seed,
    label: 'leader crash and failover',
    topology: { leader: 'A', followers: ['B', 'C', 'D'] },
    network: {
      latency: { kind: 'exponential', mean: 6, min: 1 },
      links: [
        { from: 'A', to: worst, loss: 0.5, bidirectional: false },
        { from: 'A', to: lossy, loss: 0.25, bidirectional: false },
      ],
    },
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

/**
 * A healthy leader behind links that turn slow at 300 ms (heartbeats take several times longer to arrive).
 * With a `timeout` shorter than the slowed heartbeat delay the followers depose it; a longer one rides it out.
 */
export function slowNetwork(seed: number, timeout: number): SimulationConfig {
  return {
    seed,
    label: `slow network, failure timeout ${timeout} ms`,
    topology: { leader: 'A', followers: ['B', 'C'] },
    network: { latency: { kind: 'exponential', mean: 4, min: 1 } },
    clients: { timeout: 400, retries: 3 },
    failover: { heartbeatInterval: 20, timeout, fencing: true },
    workload: { clients: 3, thinkTime: 15, readRatio: 0.3, keys: ['a', 'b'], duration: 1500 },
    faults: [
      { at: 300, kind: 'slow', from: 'A', to: 'B', factor: 25 },
      { at: 300, kind: 'slow', from: 'A', to: 'C', factor: 25 },
      { at: 1100, kind: 'slow', from: 'A', to: 'B', factor: 1 },
      { at: 1100, kind: 'slow', from: 'A', to: 'C', factor: 1 },
    ],
  };
}

export const ch06Scenarios: readonly Scenario[] = [
  {
    name: 'ch06-leader-crash',
    chapter: 6,
    title: 'Automatic failover after a leader crash',
    description:
      'A crashes at 500 ms. Two followers sit behind lossy links, so the three have reached different LSNs. They stop hearing heartbeats and elect the most up-to-date replica in a new epoch, clients are redirected; A returns at 1100 ms and rejoins as a follower.',
    build: (seed) => leaderFailure(seed),
  },
  {
    name: 'ch06-split-brain',
    chapter: 6,
    title: 'Split brain without fencing',
    description:
      'A is cut off from its followers (but not from clients) at 300 ms. B takes over; with no fencing A keeps accepting writes too. Two leaders, two histories.',
    build: (seed) => falseSuspicion(seed, false),
  },
  {
    name: 'ch06-fenced',
    chapter: 6,
    title: 'The same fault with epochs and fencing',
    description:
      'Same cut. A’s lease expires before B may accept writes, A refuses writes (`fenced`), and when the network heals A sees epoch 2 and steps down.',
    build: (seed) => falseSuspicion(seed, true),
  },
  {
    name: 'ch06-short-timeout',
    chapter: 6,
    title: 'A failure timeout too short for a slow network',
    description:
      'From 300 to 1100 ms A’s links to B and C are 25 times slower. A is healthy, but with a 60 ms timeout its heartbeats arrive too late: B or C deposes it in a new epoch.',
    build: (seed) => slowNetwork(seed, 60),
  },
  {
    name: 'ch06-patient-timeout',
    chapter: 6,
    title: 'The same slow network, a patient timeout',
    description:
      'The same slowdown with a 400 ms failure timeout: heartbeats arrive late but in time, and A stays leader throughout.',
    build: (seed) => slowNetwork(seed, 400),
  },
];
