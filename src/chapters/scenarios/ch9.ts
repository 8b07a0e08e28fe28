/**
 * Chapter 9 — choosing a shape: the pieces composed across regions under a
 * fault schedule. (Multi-leader and leaderless shapes join once the engine's
 * chapter 7–8 protocols land.)
 */
import type { SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from './types.ts';

/** Leader in eu, followers in eu, us and ap; semi-sync to the eu follower; failover with fencing; a fault schedule. */
export function globalSingleLeader(seed: number): SimulationConfig {
  return {
    seed,
    label: 'global single leader under a fault schedule',
    topology: { leader: 'eu-1', followers: ['eu-2', 'us-1', 'ap-1'] },
    replication: { mode: 'semi-sync', syncFollowers: ['eu-2'] },
    network: {
      regions: {
        nodes: { 'eu-1': 'eu', 'eu-2': 'eu', 'us-1': 'us', 'ap-1': 'ap' },
        latency: { eu: { kind: 'uniform', min: 1, max: 3 }, 'eu-us': { kind: 'uniform', min: 40, max: 60 }, 'eu-ap': { kind: 'uniform', min: 90, max: 130 }, 'us-ap': { kind: 'uniform', min: 70, max: 100 } },
      },
    },
    clients: { timeout: 500, retries: 2, readFrom: 'followers' },
    failover: { heartbeatInterval: 50, timeout: 400 },
    workload: { clients: 6, thinkTime: 10, readRatio: 0.8, keys: ['a', 'b', 'c'], duration: 3000 },
    faults: [
      { at: 600, kind: 'slow', from: 'eu-1', to: 'us-1', factor: 5 },
      { at: 1200, kind: 'crash', node: 'eu-1' },
      { at: 1250, kind: 'note', text: 'leader region fails' },
      { at: 2000, kind: 'restart', node: 'eu-1' },
      { at: 2400, kind: 'partition', groups: [['eu-1', 'eu-2', 'us-1'], ['ap-1']] },
      { at: 2800, kind: 'heal' },
    ],
  };
}

export const ch9Scenarios: readonly Scenario[] = [
  {
    name: 'ch9-global-single-leader',
    chapter: 9,
    title: 'One leader, four regions, a bad day',
    description: 'Leader in eu with a semi-sync eu follower and async followers in us and ap. A slow transatlantic link, a leader crash with failover, its return, and the ap region cut off for 400 ms. Measure latency, staleness, RPO and RTO.',
    build: globalSingleLeader,
  },
];
