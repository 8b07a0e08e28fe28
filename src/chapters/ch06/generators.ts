/**
 * Chapter 6 quiz keys computed by the engine: who is promoted after a crash,
 * how far the new leader must bring the laggard, the RTO of a failover, which failure
 * timeouts a slow network turns into false failovers, and which log wins
 * when a deposed leader's old-epoch tail is longer than the newer log.
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type { ElectEvent, NodeId, SimulationConfig, SuspectEvent, Trace } from '../../engine/index.ts';
import { ch06Scenarios } from './scenarios.ts';
import type { QuestionGenerator } from '../types.ts';

/*
 * Fork labels were chosen so that the quiz's four variant seeds land on
 * different cases (test/content/variants.test.ts fails when they do not).
 */

function firstElect(trace: Trace): ElectEvent | undefined {
  return trace.events.find((e): e is ElectEvent => e.type === 'elect');
}

/** (last epoch, LSN) order, as the lesson teaches. */
function ahead(a: { lsn: number; lastEpoch?: number }, b: { lsn: number; lastEpoch?: number }): boolean {
  const ea = a.lastEpoch ?? 0;
  const eb = b.lastEpoch ?? 0;
  return ea !== eb ? ea > eb : a.lsn > b.lsn;
}

/** Whether one candidate is strictly ahead of every other (no tie for the lead). */
function uniqueBest(cands: ElectEvent['candidates']): boolean {
  const best = cands.reduce((x, y) => (ahead(y, x) ? y : x));
  return cands.every((c) => c === best || ahead(best, c));
}

interface CrashFacts {
  readonly runSeed: number;
  readonly trace: Trace;
  readonly elect: ElectEvent;
  readonly lsn: Readonly<Record<NodeId, number>>;
}

/**
 * ch06-leader-crash for the first run seed (derived from `seed`) whose first
 * election, before A restarts, heard B, C and D and had one of them strictly
 * ahead of the others (so the prompt's numbers decide the answer).
 */
function crashFacts(seed: number, label: string): CrashFacts {
  const rng = new Rng(seed).fork(label);
  const scenario = ch06Scenarios.find((s) => s.name === 'ch06-leader-crash');
  if (!scenario) throw new Error('scenario ch06-leader-crash is missing');
  for (let attempt = 0; attempt < 60; attempt++) {
    const runSeed = rng.int(1, 1_000_000);
    // Up to just before A restarts (1100 ms): the election after the crash is all the question needs.
    const sim = createSimulation(scenario.build(runSeed));
    let t = 600;
    sim.runUntil(t);
    while (t < 1050 && !['B', 'C', 'D'].some((n) => sim.inspect(n).role === 'leader')) sim.runUntil((t += 25));
    const trace = sim.trace();
    const elect = firstElect(trace);
    if (!elect || elect.candidates.length !== 3 || !uniqueBest(elect.candidates)) continue;
    const lsn: Record<NodeId, number> = {};
    for (const c of elect.candidates) lsn[c.node] = c.lsn;
    return { runSeed, trace, elect, lsn };
  }
  throw new Error(`ch06 crashFacts: no clear election for seed ${seed}`);
}

/** Predict: who is promoted after A crashes? The candidate with the highest LSN (all in epoch 1). */
export const promoted: QuestionGenerator = (seed) => {
  const f = crashFacts(seed, 'ch06.promoted#2');
  return {
    params: { b: f.lsn['B'] ?? 0, c: f.lsn['C'] ?? 0, d: f.lsn['D'] ?? 0 },
    answer: f.elect.node.toLowerCase(),
    run: { scenario: 'ch06-leader-crash', seed: f.runSeed },
  };
};

/**
 * Reconfigure: how many entries must the new leader send the follower furthest
 * behind? The new leader's LSN minus that follower's.
 */
export const catchUp: QuestionGenerator = (seed) => {
  const f = crashFacts(seed, 'ch06.catchUp#1');
  const winner = f.lsn[f.elect.node] ?? 0;
  const lowest = Math.min(...f.elect.candidates.map((c) => c.lsn));
  return {
    params: { b: f.lsn['B'] ?? 0, c: f.lsn['C'] ?? 0, d: f.lsn['D'] ?? 0 },
    answer: winner - lowest,
    run: { scenario: 'ch06-leader-crash', seed: f.runSeed },
  };
};

/**
 * RTO of a plain crash in a three-node cluster with constant latency: the
 * follower that suspects first campaigns at once, the other's vote comes
 * back one round trip later, and with everyone but the dead leader heard the
 * candidate promotes itself. RTO = suspicion time + 2 × latency − crash time.
 */
export const rtoAfterCrash: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch06.rtoAfterCrash');
  const latency = rng.int(2, 12);
  const timeout = rng.pick([150, 200, 250, 300]);
  const crashAt = rng.int(4, 9) * 100;
  const config: SimulationConfig = {
    seed,
    label: 'crash with constant latency',
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    network: { latency, clientLatency: 1 },
    failover: { heartbeatInterval: 40, timeout, fencing: true },
    faults: [{ at: crashAt, kind: 'crash', node: 'leader' }],
  };
  // The question describes a clean failover (the first follower to suspect wins at its first try);
  // run seeds derived from `seed` until the engine produces one.
  for (let attempt = 0; attempt < 40; attempt++) {
    const runSeed = rng.int(1, 1_000_000);
    const sim = createSimulation({ ...config, seed: runSeed });
    sim.runUntil(crashAt + 6 * timeout);
    const trace = sim.trace();
    const suspect = trace.events.find((e): e is SuspectEvent => e.type === 'suspect');
    const elect = firstElect(trace);
    if (!suspect || !elect || elect.node !== suspect.node || elect.epoch !== 2) continue;
    if (Math.abs(elect.time - (suspect.time + 2 * latency)) > 1e-6) continue;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      params: { latency, timeout, crashAt, suspectAt: round(suspect.time), first: suspect.node },
      answer: round(elect.time - crashAt),
    };
  }
  throw new Error(`ch06.rtoAfterCrash: no clean failover for seed ${seed}`);
};

/** Failure timeouts offered in `falseFailover`, and the slowed delays chosen so none is close to a boundary. */
export const FALSE_FAILOVER_TIMEOUTS = [25, 120, 500] as const;
const SLOW_DELAYS = [100, 330, 1300] as const;
const BASE_LATENCY = 4;

/**
 * Which timeouts depose a healthy leader when every heartbeat is slowed to
 * `delay` ms? A follower suspects after silence longer than its timeout plus a
 * jitter below one more timeout, so the leader is certainly deposed when
 * 2 × timeout < delay and never when timeout ≥ delay (the delays avoid the band in between).
 */
export const falseFailover: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch06.falseFailover#3');
  const delay = rng.pick(SLOW_DELAYS);
  const factor = delay / BASE_LATENCY;
  const deposed: string[] = [];
  for (const timeout of FALSE_FAILOVER_TIMEOUTS) {
    const sim = createSimulation({
      seed,
      label: `slow heartbeats, timeout ${timeout}`,
      topology: { leader: 'A', followers: ['B', 'C'] },
      network: { latency: BASE_LATENCY, clientLatency: 1 },
      failover: { heartbeatInterval: 20, timeout, fencing: true },
      faults: [
        { at: 200, kind: 'slow', from: 'A', to: 'B', factor },
        { at: 200, kind: 'slow', from: 'A', to: 'C', factor },
      ],
    });
    sim.runUntil(200 + delay + 8 * timeout + 100);
    if (sim.trace().events.some((e) => e.type === 'elect')) deposed.push(`t${timeout}`);
  }
  return { params: { delay }, answer: deposed.length === 0 ? ['none'] : deposed };
};

/**
 * A deposed leader's tail against a newer epoch: the cluster of three in the
 * chapter's exercise (`diverge` fault), with names A, B, C. The first
 * election whose candidates end in different epochs is the one asked about.
 */
export const byEpoch: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch06.byEpoch#1');
  const names = ['A', 'B', 'C'];
  for (let attempt = 0; attempt < 60; attempt++) {
    const runSeed = rng.int(1, 1_000_000);
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j] as string, order[i] as string];
    }
    const [leader, succ, other] = order as [NodeId, NodeId, NodeId];
    const timeout = 200;
    const sim = createSimulation({
      seed: runSeed,
      label: 'a deposed leader’s tail',
      topology: { leader, followers: [succ, other] },
      network: { latency: { kind: 'exponential', mean: 3, min: 1 } },
      clients: { timeout: 300, retries: 3 },
      failover: { heartbeatInterval: 40, timeout, fencing: true },
      workload: { clients: 3, thinkTime: 8, readRatio: 0, keys: ['seat:12A', 'seat:12B'], duration: 1800 },
    });
    sim.at(300, (s) => s.partition([leader], [succ, other]));
    const watch =
      (t: number) =>
      (s: ReturnType<typeof createSimulation>): void => {
        const now = [succ, other].find((n) => s.inspect(n).role === 'leader');
        if (now === undefined) {
          if (t < 1500) s.at(t + 10, watch(t + 10));
          return;
        }
        s.at(t + timeout / 2 + 20, (s2) => s2.crash(now));
        s.at(t + timeout / 2 + 40, (s3) => s3.heal());
      };
    sim.at(400, watch(400));
    sim.runUntil(2200);
    const trace = sim.trace();
    const elect = trace.events.find(
      (e): e is ElectEvent =>
        e.type === 'elect' && e.candidates.length === 2 && new Set(e.candidates.map((c) => c.lastEpoch)).size === 2,
    );
    if (!elect) continue;
    const [p, q] = elect.candidates as [ElectEvent['candidates'][number], ElectEvent['candidates'][number]];
    // Ask only about a real trap: the old-epoch log is the longer one.
    const older = (p.lastEpoch ?? 0) < (q.lastEpoch ?? 0) ? p : q;
    const newer = older === p ? q : p;
    if (older.lsn <= newer.lsn) continue;
    const crashed = names.find((n) => n !== p.node && n !== q.node) as NodeId;
    return {
      params: {
        crashed,
        oldNode: older.node,
        oldLsn: older.lsn,
        oldEpoch: older.lastEpoch ?? 0,
        newNode: newer.node,
        newLsn: newer.lsn,
        newEpoch: newer.lastEpoch ?? 0,
      },
      answer: elect.node.toLowerCase(),
    };
  }
  throw new Error(`ch06.byEpoch: no divergent election for seed ${seed}`);
};

export const ch06Generators = {
  'ch06.promoted': promoted,
  'ch06.catchUp': catchUp,
  'ch06.rtoAfterCrash': rtoAfterCrash,
  'ch06.falseFailover': falseFailover,
  'ch06.byEpoch': byEpoch,
} as const satisfies Record<string, QuestionGenerator>;
