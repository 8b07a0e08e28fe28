/**
 * Chapter 3 quiz keys computed by the engine: statement drift, physical
 * replication across a storage upgrade, and change data capture under
 * at-least-once delivery.
 */
import { Rng, createSimulation, runSimulation } from '../../engine/index.ts';
import type { Expression, LogFormat, SimulationConfig, Trace, Value } from '../../engine/index.ts';
import { ch03Scenarios } from './scenarios.ts';
import type { QuestionGenerator } from '../types.ts';

/*
 * Fork labels with a `#n` suffix were chosen so that the quiz's four variant
 * seeds (variantSeeds of the chapter) land on different cases: a learner's
 * second attempt must get other numbers and, for most questions, another key.
 * test/content/variants.test.ts fails when they do not.
 */

const FOLLOWERS = ['f1', 'f2'] as const;

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** One seed's set-up for `whoAgrees`: the format, the expression, and each follower's link delay and clock offset. */
interface AgreeCase {
  readonly format: LogFormat;
  readonly expr: Expression;
  /** Exact one-way delay (ms) from the leader to f1 and to f2. */
  readonly delay: readonly [number, number];
  /** Clock offset (ms) of f1 and f2 from the leader's clock; positive is ahead. */
  readonly offset: readonly [number, number];
}

const AGREE_CASES: readonly AgreeCase[] = [
  { format: 'statement', expr: 'NOW()', delay: [10, 10], offset: [-10, 5] },
  { format: 'statement', expr: 'NOW()', delay: [8, 15], offset: [4, -15] },
  { format: 'statement', expr: 'NOW()', delay: [6, 12], offset: [3, -4] },
  { format: 'statement', expr: 'RAND()', delay: [10, 10], offset: [-10, -10] },
  { format: 'logical', expr: 'NOW()', delay: [8, 15], offset: [4, -15] },
  { format: 'physical', expr: 'RAND()', delay: [6, 12], offset: [3, -4] },
];

/**
 * Which followers end with exactly the leader's value after one NOW()/RAND()
 * write? Physical and logical replication ship the leader's value. Naive
 * statement replication re-evaluates the expression on each follower: RAND()
 * differs, and NOW() reads the follower's clock on arrival, so it differs by
 * delay + offset (equal only when the offset cancels the delay exactly).
 */
export const whoAgrees: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch03.whoAgrees').pick(AGREE_CASES);
  const key = c.expr === 'NOW()' ? 'hold:14C' : 'promo:lucky-seat';
  const sim = createSimulation({
    seed,
    label: `${c.format} replication of ${c.expr}`,
    topology: { leader: 'leader', followers: [...FOLLOWERS] },
    replication: { format: c.format },
    network: {
      latency: 1,
      clientLatency: 1,
      links: [
        { from: 'leader', to: 'f1', latency: c.delay[0], bidirectional: false },
        { from: 'leader', to: 'f2', latency: c.delay[1], bidirectional: false },
      ],
    },
    clocks: { f1: c.offset[0], f2: c.offset[1] },
  });
  sim.execute(key, c.expr);
  sim.runFor(300);
  const leaderValue = sim.inspect('leader').data[key];
  const agree = FOLLOWERS.filter((f) => sameValue(sim.inspect(f).data[key], leaderValue));
  const answer = agree.length === 0 ? ['neither'] : agree.map((f) => (f === 'f1' ? 'f1' : 'f2'));
  return {
    params: {
      format: c.format,
      expr: c.expr,
      key,
      delayF1: c.delay[0],
      delayF2: c.delay[1],
      offsetF1: c.offset[0],
      offsetF2: c.offset[1],
    },
    answer,
  };
};

/** Statement replication of NOW(): how far does f2's value drift from the leader's? (delay + clock skew) */
export const nowDrift: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch03.nowDrift#3');
  const latency = rng.pick([5, 12, 25, 40]);
  const skew = rng.pick([-30, -10, 0, 15, 50]);
  const sim = createSimulation({
    seed,
    label: `NOW() replayed on f2 ${latency} ms later, clock ${skew} ms off`,
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    replication: { format: 'statement' },
    network: { latency: 1, clientLatency: 1, links: [{ from: 'leader', to: 'f2', latency, bidirectional: false }] },
    clocks: { f2: skew },
  });
  sim.execute('hold:14C', 'NOW()');
  sim.runFor(200);
  const onLeader = sim.inspect('leader').data['hold:14C'];
  const onF2 = sim.inspect('f2').data['hold:14C'];
  if (typeof onLeader !== 'number' || typeof onF2 !== 'number')
    throw new Error(`ch03.nowDrift: NOW() did not replicate (seed ${seed})`);
  return { params: { latency, skew }, answer: Math.round((onF2 - onLeader) * 1000) / 1000 };
};

/** Physical replication: which followers keep applying after one node is upgraded to storage format v2? */
export const upgradeWhoContinues: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch03.upgradeWhoContinues#1');
  const upgraded = rng.pick(['leader', 'f1', 'f2']);
  const upgradeAt = rng.pick([300, 400, 500, 600]);
  const config: SimulationConfig = {
    seed,
    label: `physical replication, ${upgraded} upgraded to v2`,
    topology: { leader: 'leader', followers: [...FOLLOWERS] },
    replication: { format: 'physical' },
    network: { latency: { kind: 'uniform', min: 2, max: 8 } },
    workload: { clients: 2, thinkTime: 10, readRatio: 0, keys: ['seat:12A', 'seat:12B', 'seat:14C'], duration: 1000 },
    faults: [{ at: upgradeAt, kind: 'upgrade', node: upgraded, version: 2 }],
  };
  const sim = createSimulation(config);
  sim.runUntil(1500);
  const leaderLsn = sim.inspect('leader').appliedLsn;
  const keepUp = FOLLOWERS.filter((f) => sim.inspect(f).appliedLsn === leaderLsn);
  return { params: { upgraded, upgradeAt }, answer: keepUp.length === 0 ? ['neither'] : [...keepUp] };
};

/** Predict: in the registered upgrade scenario, where does the upgraded follower C stop? */
export const upgradeStuckAt: QuestionGenerator = (seed) => {
  const scenario = ch03Scenarios.find((s) => s.name === 'ch03-physical-upgrade');
  if (!scenario) throw new Error('scenario ch03-physical-upgrade is not registered');
  const trace = runSimulation(scenario.build(seed));
  const upgradeAt = 400;
  let atUpgrade = 0;
  let finalC = 0;
  let finalA = 0;
  for (const e of trace.events) {
    if (e.type !== 'apply') continue;
    if (e.node === 'C') {
      if (e.time <= upgradeAt) atUpgrade = Math.max(atUpgrade, e.lsn);
      finalC = Math.max(finalC, e.lsn);
    } else if (e.node === 'A') finalA = Math.max(finalA, e.lsn);
  }
  return { params: { atUpgrade, finalA }, answer: finalC, run: { scenario: scenario.name, seed } };
};

/** One CDC consumer, one crash: a steady stream of one change every 10 ms, commit every `k` changes. */
function cdcRun(seed: number, k: number, crashAt: number): Trace {
  const config: SimulationConfig = {
    seed,
    label: `CDC consumer committing every ${k} changes, crash at ${crashAt} ms`,
    topology: { leader: 'leader', followers: ['f1'] },
    replication: { format: 'logical' },
    network: { latency: 2, clientLatency: 1 },
    workload: {
      clients: 1,
      thinkTime: 8,
      readRatio: 0,
      keys: ['seat:12A', 'seat:12B', 'seat:14C', 'seat:14D'],
      duration: 600,
    },
    cdc: [{ name: 'sold-count', commitEvery: k, latency: 1 }],
    faults: [{ at: crashAt, kind: 'crash-consumer', consumer: 'sold-count' }],
    hooks: {
      // The naive consumer: one more for every change it is handed, redelivered or not.
      onChange(view) {
        view['count'] = (typeof view['count'] === 'number' ? view['count'] : 0) + 1;
      },
    },
  };
  return runSimulation(config, { settle: 300 });
}

function cdcFacts(seed: number, name: string) {
  const rng = new Rng(seed).fork(name);
  const k = rng.pick([3, 4, 5, 8]);
  const crashAt = rng.pick([213, 287, 334, 406, 451]);
  const trace = cdcRun(seed, k, crashAt);
  let processed = 0;
  let redelivered = 0;
  let total = 0;
  let count = 0;
  for (const e of trace.events) {
    if (e.type === 'cdc') {
      if (e.time < crashAt) processed++;
      if (e.redelivery) redelivered++;
      const v = e.view;
      if (v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v)) {
        const c = (v as { readonly [k: string]: Value })['count'];
        if (typeof c === 'number') count = c;
      }
    } else if (e.type === 'commit' && e.lsn > total) total = e.lsn;
  }
  return { k, crashAt, processed, redelivered, total, count };
}

/** How many changes does a CDC consumer receive twice after one crash? (processed mod commit interval) */
export const redeliveries: QuestionGenerator = (seed) => {
  const f = cdcFacts(seed, 'ch03.redeliveries');
  return { params: { k: f.k, processed: f.processed }, answer: f.redelivered };
};

/** What does a naive `count += 1` consumer show after one crash? (total + redeliveries) */
export const naiveCount: QuestionGenerator = (seed) => {
  const f = cdcFacts(seed, 'ch03.naiveCount');
  return { params: { k: f.k, processed: f.processed, total: f.total }, answer: f.count };
};

export const ch03Generators = {
  'ch03.whoAgrees': whoAgrees,
  'ch03.nowDrift': nowDrift,
  'ch03.upgradeWhoContinues': upgradeWhoContinues,
  'ch03.upgradeStuckAt': upgradeStuckAt,
  'ch03.redeliveries': redeliveries,
  'ch03.naiveCount': naiveCount,
} as const satisfies Record<string, QuestionGenerator>;
