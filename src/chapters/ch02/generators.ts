/**
 * Chapter 2 quiz keys computed by the engine: leaders, followers, LSNs,
 * catching up, snapshots, read scaling and lag.
 */
import { Rng, metrics, runSimulation } from '../../engine/index.ts';
import type { SimulationConfig, Trace } from '../../engine/index.ts';
import { ch02Scenarios } from './scenarios.ts';
import type { QuestionGenerator } from '../types.ts';

/*
 * Fork labels with a `#n` suffix were chosen so that the quiz's four variant
 * seeds (variantSeeds of the chapter) land on different cases: a learner's
 * second attempt must get other numbers and, for most questions, another key.
 * test/content/variants.test.ts fails when they do not.
 */

/** Time of the first event of `type` on `node` (for node events), or undefined. */
function firstTime(trace: Trace, type: 'crash' | 'restart', node: string): number | undefined {
  for (const e of trace.events) if (e.type === type && e.node === node) return e.time;
  return undefined;
}

/** Highest LSN `node` applied at or before time `t` (0 before any). Crashes reset nothing here: the log is durable. */
export function appliedLsnAt(trace: Trace, node: string, t: number): number {
  let lsn = 0;
  for (const e of trace.events) {
    if (e.time > t) break;
    if (e.type === 'apply' && e.node === node && e.lsn > lsn) lsn = e.lsn;
    else if (e.type === 'snapshot' && e.node === node && e.lsn > lsn) lsn = e.lsn;
  }
  return lsn;
}

/** The LSN in a follower's first (non-bootstrap) `fetch` sent at or after `t`, from the message's typed detail. */
export function firstFetchFrom(trace: Trace, node: string, t: number): number | undefined {
  for (const e of trace.events) {
    if (e.type !== 'send' || e.from !== node || e.kind !== 'fetch' || e.time < t) continue;
    if (e.detail?.from !== undefined && e.detail.bootstrap !== true) return e.detail.from;
  }
  return undefined;
}

/** Facts about follower B in the registered stop-and-restart scenario. */
function stopAndRestart(seed: number) {
  const scenario = ch02Scenarios.find((s) => s.name === 'ch02-stop-and-restart');
  if (!scenario) throw new Error('scenario ch02-stop-and-restart is not registered');
  const trace = runSimulation(scenario.build(seed));
  const crashedAt = firstTime(trace, 'crash', 'B') ?? 0;
  const restartedAt = firstTime(trace, 'restart', 'B') ?? 0;
  const kept = appliedLsnAt(trace, 'B', crashedAt);
  const leaderAtRestart = appliedLsnAt(trace, 'A', restartedAt);
  const leaderFinal = appliedLsnAt(trace, 'A', Infinity);
  let replayed = 0;
  for (const e of trace.events) if (e.type === 'apply' && e.node === 'B' && e.time >= restartedAt) replayed++;
  return { scenario: scenario.name, trace, crashedAt, restartedAt, kept, leaderAtRestart, leaderFinal, replayed };
}

/** Predict: the first LSN follower B asks for after its restart. */
export const resumeLsn: QuestionGenerator = (seed) => {
  const r = stopAndRestart(seed);
  const from = firstFetchFrom(r.trace, 'B', r.restartedAt);
  if (from === undefined) throw new Error(`ch02.resumeLsn: B sent no fetch after restarting (seed ${seed})`);
  return {
    params: { crashedAt: r.crashedAt, restartedAt: r.restartedAt, kept: r.kept, leaderAtRestart: r.leaderAtRestart },
    answer: from,
    run: { scenario: r.scenario, seed },
  };
};

/** How many entries B applies after restarting: every missed entry, not one per key. */
export const entriesReplayed: QuestionGenerator = (seed) => {
  const r = stopAndRestart(seed);
  return {
    params: { kept: r.kept, leaderFinal: r.leaderFinal, crashedAt: r.crashedAt, restartedAt: r.restartedAt },
    answer: r.replayed,
    run: { scenario: r.scenario, seed },
  };
};

/**
 * Followers f1 and f2 both go down at 300 ms and come back after different
 * outages. Which of them need a snapshot, because the leader (which keeps only
 * its last `retain` entries) no longer has every entry they missed?
 */
export const logOrSnapshot: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch02.logOrSnapshot#1');
  const retain = rng.pick([30, 60, 120]);
  const downF1 = rng.pick([200, 500, 1000]);
  const downF2 = rng.pick([200, 500, 1000].filter((d) => d !== downF1));
  const downAt = 300;
  const config: SimulationConfig = {
    seed,
    label: `f1 down for ${downF1} ms, f2 for ${downF2} ms, leader keeps ${retain} entries`,
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    replication: { retainLog: retain },
    network: { latency: 2, clientLatency: 1 },
    workload: { clients: 1, thinkTime: 8, readRatio: 0, keys: ['seat:12A', 'seat:12B', 'seat:14C'], duration: 1800 },
    faults: [
      { at: downAt, kind: 'crash', node: 'f1' },
      { at: downAt, kind: 'crash', node: 'f2' },
      { at: downAt + downF1, kind: 'restart', node: 'f1' },
      { at: downAt + downF2, kind: 'restart', node: 'f2' },
    ],
  };
  const trace = runSimulation(config, { settle: 300 });
  const facts = (node: 'f1' | 'f2', down: number) => {
    const restartedAt = downAt + down;
    const kept = appliedLsnAt(trace, node, downAt);
    const missed = appliedLsnAt(trace, 'leader', restartedAt) - kept;
    const snapshot = trace.events.some((e) => e.type === 'snapshot' && e.node === node && e.time >= restartedAt);
    return { kept, missed, snapshot };
  };
  const f1 = facts('f1', downF1);
  const f2 = facts('f2', downF2);
  const needs = [...(f1.snapshot ? ['f1'] : []), ...(f2.snapshot ? ['f2'] : [])];
  return {
    params: { retain, downF1, downF2, kept: f1.kept, missedF1: f1.missed, missedF2: f2.missed },
    answer: needs.length === 0 ? ['neither'] : needs,
  };
};

/** Replication lag in entries ≈ write rate × delay of the link to the follower. */
export const lagInEntries: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch02.lagInEntries');
  const latency = rng.pick([30, 50, 80, 120]);
  const config: SimulationConfig = {
    seed,
    label: `link to f2 takes ${latency} ms`,
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    network: {
      latency: 1,
      clientLatency: 1,
      links: [{ from: 'leader', to: 'f2', latency, bidirectional: false }],
    },
    // One client, one write every 10 ms: 1 ms there, 1 ms back, 8 ms think time.
    workload: { clients: 1, thinkTime: 8, readRatio: 0, keys: ['seat:12A', 'seat:12B', 'seat:14C'], duration: 2000 },
  };
  const trace = runSimulation(config, { settle: 200 });
  // The engine's lag of f2 (entries of the leader's log it has not applied), sampled every 37 ms.
  const lag = metrics.followerLag(trace, { nodes: ['f2'] });
  const samples: number[] = [];
  for (let t = 500; t <= 1800; t += 37) samples.push(lag.filter((p) => p.time <= t).at(-1)?.lagLsn ?? 0);
  samples.sort((a, b) => a - b);
  return { params: { latency, writesPerSecond: 100 }, answer: samples[Math.floor(samples.length / 2)] as number };
};

/** Reads served per second when reads go to followers only: grows with the number of followers. */
export const readThroughput: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch02.readThroughput#5');
  const followers = rng.pick([1, 2, 3, 4]);
  const names = Array.from({ length: followers }, (_, i) => `f${i + 1}`);
  const config: SimulationConfig = {
    seed,
    label: `${followers} follower(s), reads only`,
    topology: { leader: 'leader', followers: names },
    capacity: { workers: 1, readTime: 10, writeTime: 10 },
    clients: { timeout: 60_000, readFrom: 'followers' },
    workload: { rate: 500, readRatio: 1, keys: ['seat:12A', 'seat:12B', 'seat:14C'], duration: 2500 },
  };
  const trace = runSimulation(config, { until: 2500 });
  let served = 0;
  for (const e of trace.events) if (e.type === 'ack' && e.time >= 500 && e.time < 2500) served++;
  return { params: { followers, offered: 500, perNode: 100 }, answer: Math.round(served / 2) };
};

export const ch02Generators = {
  'ch02.resumeLsn': resumeLsn,
  'ch02.entriesReplayed': entriesReplayed,
  'ch02.logOrSnapshot': logOrSnapshot,
  'ch02.lagInEntries': lagInEntries,
  'ch02.readThroughput': readThroughput,
} as const satisfies Record<string, QuestionGenerator>;
