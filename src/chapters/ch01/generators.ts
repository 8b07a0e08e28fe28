/**
 * Chapter 1 quiz keys computed by the engine: one node with finite capacity.
 *
 * Every generator is a pure function of its seed: it derives the question's
 * numbers from a seeded `Rng`, runs the engine, and reads the answer off the
 * trace. Nothing here is hand-typed except the option ids of the quiz file.
 */
import { Rng, runSimulation } from '../../engine/index.ts';
import type { SimulationConfig, Trace } from '../../engine/index.ts';
import { ch01Scenarios, patienceFor } from './scenarios.ts';
import type { GeneratedKey, QuestionGenerator } from '../types.ts';

/** Mean service time (ms) of the lesson's node: reads 2 ms, writes 4 ms, constant. */
function meanService(readShare: number): number {
  return readShare * 2 + (1 - readShare) * 4;
}

/** Stagedoor's `db`: constant service times so the arithmetic of the lesson holds exactly. */
export function onSaleConfig(
  seed: number,
  o: { rate: number; workers: number; readShare: number; duration: number; timeout: number },
): SimulationConfig {
  return {
    seed,
    label: `db at ${o.rate} req/s, ${o.workers} worker(s)`,
    topology: { leader: 'db' },
    capacity: { workers: o.workers, readTime: 2, writeTime: 4 },
    clients: { timeout: o.timeout },
    workload: {
      rate: o.rate,
      readRatio: o.readShare,
      keys: ['seat:12A', 'seat:12B', 'seat:14C'],
      duration: o.duration,
    },
  };
}

/** Counts of client outcomes in a trace. */
export function outcomes(trace: Trace): { invoked: number; ok: number; timeouts: number; failed: number } {
  let invoked = 0;
  let ok = 0;
  let timeouts = 0;
  let failed = 0;
  for (const e of trace.events) {
    if (e.type === 'invoke') invoked++;
    else if (e.type === 'ack') ok++;
    else if (e.type === 'info') timeouts++;
    else if (e.type === 'fail') failed++;
  }
  return { invoked, ok, timeouts, failed };
}

/** Latency percentile (ms) of acknowledged operations. */
export function latencyPercentile(trace: Trace, p: number): number {
  const started = new Map<string, number>();
  const lat: number[] = [];
  for (const e of trace.events) {
    if (e.type === 'invoke') started.set(e.op, e.time);
    else if (e.type === 'ack') {
      const t0 = started.get(e.op);
      if (t0 !== undefined) lat.push(e.time - t0);
    }
  }
  if (lat.length === 0) return 0;
  lat.sort((a, b) => a - b);
  return lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] as number;
}

/** Share of time the node's workers were busy between `from` and `to`, from its `queue` events. */
export function measuredUtilisation(trace: Trace, node: string, workers: number, from: number, to: number): number {
  let depth = 0;
  let last = from;
  let busy = 0;
  for (const e of trace.events) {
    if (e.type !== 'queue' || e.node !== node) continue;
    const t = Math.min(Math.max(e.time, from), to);
    busy += Math.min(depth, workers) * (t - last);
    last = t;
    depth = e.depth;
  }
  busy += Math.min(depth, workers) * (to - last);
  return busy / (workers * (to - from));
}

/** Queue depth (waiting + in service) of `node` at time `t`, from the last `queue` event at or before it. */
export function queueDepthAt(trace: Trace, node: string, t: number): number {
  let depth = 0;
  for (const e of trace.events) {
    if (e.time > t) break;
    if (e.type === 'queue' && e.node === node) depth = e.depth;
  }
  return depth;
}

// ------------------------------------------------------------------ generators

/*
 * Fork labels with a `#n` suffix were chosen so that the quiz's four variant
 * seeds (variantSeeds of the chapter) land on different cases: a learner's
 * second attempt must get other numbers and, for most questions, another key.
 * test/content/variants.test.ts fails when they do not.
 */

/** Measured utilisation of `db` for a seed-chosen load: the learner computes load × service time ÷ workers. */
export const utilisation: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch01.utilisation');
  const workers = rng.pick([1, 2]);
  const readPct = rng.pick([80, 90]);
  const target = rng.pick([0.4, 0.5, 0.6, 0.7]);
  const service = meanService(readPct / 100);
  const rate = Math.round((target * workers * 1000) / service / 10) * 10;
  const duration = 4000;
  const trace = runSimulation(
    onSaleConfig(seed, { rate, workers, readShare: readPct / 100, duration, timeout: 5000 }),
    { settle: 0 },
  );
  const u = measuredUtilisation(trace, 'db', workers, 0, duration);
  return { params: { workers, readPct, rate, writePct: 100 - readPct }, answer: Math.round(u * 100) };
};

/** Share of requests timing out for a seed-chosen offered load: 0, a little, a lot or most. */
export const overloadShare: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch01.overloadShare#7');
  const share = rng.pick([0.7, 0.9, 1.1, 1.5, 2, 3]);
  const capacity = 455;
  const rate = Math.round(capacity * share);
  const trace = runSimulation(onSaleConfig(seed, { rate, workers: 1, readShare: 0.9, duration: 3000, timeout: 1000 }));
  const o = outcomes(trace);
  const timedOut = o.timeouts / Math.max(1, o.invoked);
  const answer = timedOut === 0 ? 'none' : timedOut < 0.1 ? 'few' : timedOut <= 0.5 ? 'many' : 'most';
  return { params: { rate, capacity, load: Math.round(share * 100) }, answer };
};

const WORKER_OPTIONS: Readonly<Record<string, number>> = { w1: 1, w2: 2, w4: 4, w8: 8 };

/**
 * Which machine sizes serve a seed-chosen load for 4 s with no timeouts. The
 * seat-map query here is heavier (20 ms per read, 40 ms per purchase) so that a
 * run stays small: about 45 requests/s per worker.
 */
export const whichKeepsUp: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch01.whichKeepsUp#10');
  const rate = rng.pick([30, 70, 140, 290]);
  const answer = Object.entries(WORKER_OPTIONS)
    .filter(([, workers]) => {
      const config: SimulationConfig = {
        seed,
        label: `heavy seat map at ${rate} req/s, ${workers} worker(s)`,
        topology: { leader: 'db' },
        capacity: { workers, readTime: 20, writeTime: 40 },
        clients: { timeout: 1000 },
        workload: { rate, readRatio: 0.9, keys: ['seat:12A', 'seat:12B', 'seat:14C'], duration: 4000 },
      };
      return outcomes(runSimulation(config)).timeouts === 0;
    })
    .map(([id]) => id);
  return { params: { rate }, answer };
};

/**
 * Predict: the on-sale overload (600 requests/s, about 1.6 times capacity) with
 * a client timeout chosen by the seed. What share of the requests is answered
 * before its client gives up? The backlog grows by about 0.56 s of work per
 * second, so the answered share is roughly the part of the run before the
 * backlog exceeds the clients' patience.
 */
export const goodputCollapse: QuestionGenerator = (seed) => {
  const scenario = ch01Scenarios.find((s) => s.name === 'ch01-patience');
  if (!scenario) throw new Error('scenario ch01-patience is not registered');
  const trace = runSimulation(scenario.build(seed));
  const o = outcomes(trace);
  // Capacity × duration of the scenario: 2 s at about 385 requests/s (70% reads of 2 ms, 30% writes of 4 ms).
  const servable = Math.round((1000 / meanService(0.7)) * 2);
  const share = o.ok / Math.max(1, o.invoked);
  const answer = share > 2 / 3 ? 'most' : share >= 1 / 3 ? 'some' : 'few';
  return {
    params: { arrivals: o.invoked, servable, timeout: patienceFor(seed) },
    answer,
    run: { scenario: scenario.name, seed },
  };
};

/**
 * Predict: with queue-depth shedding, how many requests get an answer? An
 * accepted request waits behind at most about 20 others (about 50 ms of work),
 * far below the 250 ms timeout, so every accepted request is answered:
 * arrivals − rejected.
 */
export const sheddingAnswered: QuestionGenerator = (seed): GeneratedKey => {
  const scenario = ch01Scenarios.find((s) => s.name === 'ch01-shedding');
  if (!scenario) throw new Error('scenario ch01-shedding is not registered');
  const trace = runSimulation(scenario.build(seed));
  const o = outcomes(trace);
  return {
    params: { arrivals: o.invoked, shed: o.failed },
    answer: o.ok,
    run: { scenario: scenario.name, seed },
  };
};

export const ch01Generators = {
  'ch01.utilisation': utilisation,
  'ch01.overloadShare': overloadShare,
  'ch01.whichKeepsUp': whichKeepsUp,
  'ch01.goodputCollapse': goodputCollapse,
  'ch01.sheddingAnswered': sheddingAnswered,
} as const satisfies Record<string, QuestionGenerator>;
