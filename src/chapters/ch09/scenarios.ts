/**
 * Chapter 9 — choosing a shape: the pieces composed across regions under a
 * fault schedule — one leader, a leader per region, or no leader at all.
 */
import type { Fault, Latency, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

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
        latency: {
          eu: { kind: 'uniform', min: 1, max: 3 },
          'eu-us': { kind: 'uniform', min: 40, max: 60 },
          'eu-ap': { kind: 'uniform', min: 90, max: 130 },
          'us-ap': { kind: 'uniform', min: 70, max: 100 },
        },
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

const regionLatency: Readonly<Record<string, Latency>> = {
  eu: { kind: 'uniform', min: 1, max: 3 },
  us: { kind: 'uniform', min: 1, max: 3 },
  ap: { kind: 'uniform', min: 1, max: 3 },
  'eu-us': { kind: 'uniform', min: 40, max: 60 },
  'eu-ap': { kind: 'uniform', min: 90, max: 130 },
  'us-ap': { kind: 'uniform', min: 70, max: 100 },
};

/** The same bad day for every shape: a slow transatlantic link, a region's node crashing and returning, ap cut off. */
function badDay(crash: string, ap: string, rest: readonly string[]): Fault[] {
  return [
    { at: 600, kind: 'slow', from: 'eu-1', to: 'us-1', factor: 5 },
    { at: 1200, kind: 'crash', node: crash },
    { at: 1250, kind: 'note', text: `${crash} fails` },
    { at: 2000, kind: 'restart', node: crash },
    { at: 2400, kind: 'partition', groups: [[...rest], [ap]] },
    { at: 2800, kind: 'heal' },
  ];
}

/** A leader per region (eu, us, ap), version vectors with siblings, clients writing locally. */
export function globalMultiLeader(seed: number): SimulationConfig {
  return {
    seed,
    label: 'a leader per region under a fault schedule',
    topology: { leaders: ['eu-1', 'us-1', 'ap-1'] },
    network: { regions: { nodes: { 'eu-1': 'eu', 'us-1': 'us', 'ap-1': 'ap' }, latency: regionLatency } },
    multiLeader: { conflict: 'version-vector' },
    clients: { timeout: 500 },
    workload: { clients: 6, thinkTime: 10, readRatio: 0.8, keys: ['a', 'b', 'c'], duration: 3000 },
    faults: badDay('us-1', 'ap-1', ['eu-1', 'us-1']),
  };
}

/** Five replicas across three regions (n = 5, w = 3, r = 3), read repair, anti-entropy, a sloppy stand-in in ap. */
export function globalLeaderless(seed: number): SimulationConfig {
  return {
    seed,
    label: 'leaderless across regions under a fault schedule',
    topology: { replicas: ['eu-1', 'eu-2', 'us-1', 'us-2', 'ap-1'] },
    network: {
      regions: {
        nodes: { 'eu-1': 'eu', 'eu-2': 'eu', 'us-1': 'us', 'us-2': 'us', 'ap-1': 'ap', 'ap-2': 'ap' },
        latency: regionLatency,
      },
    },
    quorum: {
      w: 3,
      r: 3,
      readRepair: true,
      antiEntropyInterval: 300,
      sloppy: true,
      standbys: ['ap-2'],
      requestTimeout: 400,
    },
    clients: { timeout: 600 },
    workload: { clients: 6, thinkTime: 10, readRatio: 0.8, keys: ['a', 'b', 'c'], duration: 3000 },
    faults: badDay('us-1', 'ap-1', ['eu-1', 'eu-2', 'us-1', 'us-2', 'ap-2']),
  };
}

export const ch09Scenarios: readonly Scenario[] = [
  {
    name: 'ch09-global-single-leader',
    chapter: 9,
    title: 'One leader, four regions, a bad day',
    description:
      'Leader in eu with a semi-sync eu follower and async followers in us and ap. A slow transatlantic link, a leader crash with failover, its return, and the ap region cut off for 400 ms. Measure latency, staleness, RPO and RTO.',
    build: globalSingleLeader,
  },
  {
    name: 'ch09-global-multi-leader',
    chapter: 9,
    title: 'A leader per region, the same bad day',
    description:
      'Leaders in eu, us and ap; every client writes to its own region’s leader (fast local writes) and replication between regions is asynchronous with version vectors. The same faults: the slow link only delays replication, us-1’s crash only stops its own clients, and the cut-off ap region keeps working and syncs after the heal. The price: concurrent writes come back as siblings.',
    build: globalMultiLeader,
  },
  {
    name: 'ch09-global-leaderless',
    chapter: 9,
    title: 'No leader across regions, the same bad day',
    description:
      'Five replicas in three regions with n = 5, w = 3, r = 3, read repair and anti-entropy, and a stand-in in ap for sloppy quorums. Every quorum crosses an ocean, so latency is high; the crash of us-1 costs nothing; while ap is cut off its clients’ writes land on stand-in hints and are handed off after the heal.',
    build: globalLeaderless,
  },
];
