/**
 * Chapter 8 quiz keys computed by the engine: leaderless quorums, read
 * repair, partial writes, sloppy quorums, a replica that lost its data, and
 * last-write-wins between concurrent writes. Every key comes from a small
 * run of the leaderless engine with fixed link delays, so the order in which
 * answers arrive is the one the prompt states.
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type { NodeId, QuorumConfig, Simulation, Value } from '../../engine/index.ts';
import type { QuestionGenerator } from '../types.ts';

/*
 * Fork labels with a `#n` suffix were chosen so that the quiz's four variant
 * seeds land on different cases (test/content/variants.test.ts).
 */

const NAMES: readonly NodeId[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const OLD = 'held:ord-1041';
const NEW = 'sold:ord-1042';
const KEY = 'hold:12A';

/** A leaderless store whose links all take `latency` ms unless `links` says otherwise (both directions). */
function store(
  seed: number,
  replicas: readonly NodeId[],
  quorum: QuorumConfig,
  links: readonly { from: NodeId; to: NodeId; latency: number }[] = [],
  standbys: readonly NodeId[] = [],
): Simulation {
  return createSimulation({
    seed,
    label: `leaderless n=${replicas.length} w=${quorum.w} r=${quorum.r}`,
    topology: { replicas: [...replicas] },
    network: {
      latency: 4,
      clientLatency: 1,
      links: links.map((l) => ({ ...l, bidirectional: true })),
    },
    clients: { timeout: 2000 },
    quorum: { requestTimeout: 200, ...quorum, ...(standbys.length > 0 ? { standbys: [...standbys] } : {}) },
  });
}

/** What a finished read returned: the value, or 'fail' when it got no quorum. */
function readOutcome(sim: Simulation, op: string): Value | 'fail' {
  const r = sim.result(op);
  if (r === undefined || r.status !== 'ok') return 'fail';
  return r.value ?? null;
}

function optionFor(v: Value | 'fail'): string {
  if (v === 'fail') return 'fail';
  if (v === NEW) return 'new';
  if (v === OLD) return 'old';
  return 'nothing';
}

/**
 * The smallest r that always finds the write: a write reaches exactly w of n
 * replicas (the others are cut off), then a read is coordinated by a replica
 * that missed it and hears first from the others that missed it. Each r from
 * 1 to n is run; the key is the first that returns the new value: n - w + 1.
 */
export const minReadQuorum: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch08.minReadQuorum#0');
  const n = rng.int(3, 7);
  const w = rng.int(1, n - 1);
  const replicas = NAMES.slice(0, n);
  const fresh = replicas.slice(0, w);
  const stale = replicas.slice(w);
  const reader = stale[stale.length - 1] as NodeId;
  const links = replicas
    .filter((x) => x !== reader)
    .map((x) => ({ from: reader, to: x, latency: stale.includes(x) ? 1 : 10 }));
  let answer = n + 1;
  for (let r = 1; r <= n; r++) {
    const sim = store(seed, replicas, { w, r }, links);
    sim.write(KEY, OLD, { client: 'box-office', to: 'A' });
    sim.runUntil(50);
    sim.partition([...fresh], [...stale]);
    sim.write(KEY, NEW, { client: 'box-office', to: 'A' });
    sim.runUntil(100);
    sim.heal();
    const op = sim.read(KEY, { client: 'usher', to: reader });
    sim.runUntil(200);
    if (readOutcome(sim, op) === NEW) {
      answer = r;
      break;
    }
  }
  return { params: { n, w }, answer };
};

interface RepairCase {
  /** Replicas (besides A, which coordinates) that missed the write. */
  readonly cut: readonly NodeId[];
  readonly r: number;
  /** Delay from A to B, C, D. */
  readonly delays: readonly [number, number, number];
}

const REPAIR_CASES: readonly RepairCase[] = [
  { cut: ['C'], r: 3, delays: [2, 5, 9] },
  { cut: ['B', 'D'], r: 4, delays: [2, 5, 9] },
  { cut: ['D'], r: 3, delays: [2, 5, 9] },
  { cut: ['B', 'C'], r: 3, delays: [6, 2, 9] },
  { cut: ['C', 'D'], r: 3, delays: [3, 8, 2] },
  { cut: ['B'], r: 2, delays: [9, 2, 5] },
];

/**
 * Read repair writes back only to stale replicas among the first r answers:
 * A coordinates, B, C and D answer in order of their delay, and read repair
 * is on. Key: the cut-off replicas whose answer was among the first r
 * (A's own answer is always first).
 */
export const repairTargets: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch08.repairTargets#5').pick(REPAIR_CASES);
  const replicas = ['A', 'B', 'C', 'D'];
  const others = ['B', 'C', 'D'] as const;
  const links = others.map((x, i) => ({ from: 'A', to: x, latency: c.delays[i] as number }));
  const w = 4 - c.cut.length;
  const sim = store(seed, replicas, { w, r: c.r, readRepair: true }, links);
  sim.write(KEY, OLD, { client: 'box-office', to: 'A' });
  sim.runUntil(50);
  sim.partition(
    replicas.filter((x) => !c.cut.includes(x)),
    [...c.cut],
  );
  sim.write(KEY, NEW, { client: 'box-office', to: 'A' });
  sim.runUntil(100);
  sim.heal();
  sim.read(KEY, { client: 'usher', to: 'A' });
  sim.runUntil(200);
  const repaired = new Set<string>();
  for (const e of sim.trace().events) if (e.type === 'repair' && e.via === 'read-repair') repaired.add(e.node);
  const order = [...others].sort((a, b) => c.delays[others.indexOf(a)]! - c.delays[others.indexOf(b)]!);
  return {
    params: { cut: c.cut.join(' and '), w, r: c.r, order: order.join(', ') },
    answer: repaired.size === 0 ? ['none'] : [...repaired].sort().map((x) => x.toLowerCase()),
  };
};

interface PartialCase {
  readonly readAt: 'B' | 'A';
  readonly when: 'during' | 'after';
  readonly antiEntropy: boolean;
}

const PARTIAL_CASES: readonly PartialCase[] = [
  { readAt: 'B', when: 'during', antiEntropy: true },
  { readAt: 'B', when: 'after', antiEntropy: true },
  { readAt: 'A', when: 'during', antiEntropy: false },
  { readAt: 'A', when: 'after', antiEntropy: false },
  { readAt: 'B', when: 'during', antiEntropy: false },
];

/**
 * A failed write that was not rolled back: n = 3, w = r = 2, A is cut off
 * from B and C and a client writes through A; only A stores it and the
 * client is told it timed out. Then a read: at B or A, during the cut or
 * after the heal (with or without anti-entropy, every 30 ms).
 */
export const partialWriteRead: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch08.partialWriteRead#10').pick(PARTIAL_CASES);
  const replicas = ['A', 'B', 'C'];
  const sim = store(seed, replicas, { w: 2, r: 2, ...(c.antiEntropy ? { antiEntropyInterval: 30 } : {}) }, [
    { from: 'B', to: 'C', latency: 1 },
  ]);
  sim.write(KEY, OLD, { client: 'box-office', to: 'A' });
  sim.runUntil(50);
  sim.partition(['A'], ['B', 'C']);
  const failed = sim.write(KEY, NEW, { client: 'box-office', to: 'A' });
  sim.runUntil(300);
  if (sim.result(failed)?.status === 'ok')
    throw new Error(`ch08.partialWriteRead: the cut-off write succeeded (seed ${seed})`);
  if (c.when === 'after') {
    sim.heal();
    sim.runUntil(400);
  }
  const op = sim.read(KEY, { client: 'usher', to: c.readAt });
  sim.runUntil(800);
  return {
    params: {
      reader: c.readAt,
      when: c.when === 'during' ? 'while A is still cut off' : '100 ms after the network heals',
      ae: c.antiEntropy ? 'Anti-entropy runs every 30 ms.' : 'There is no anti-entropy and no read repair.',
    },
    answer: optionFor(readOutcome(sim, op)),
  };
};

interface SloppyCase {
  readonly sloppy: boolean;
  readonly readAt: 'A' | 'B';
  readonly when: 'during' | 'after';
}

const SLOPPY_CASES: readonly SloppyCase[] = [
  { sloppy: true, readAt: 'B', when: 'during' },
  { sloppy: true, readAt: 'B', when: 'after' },
  { sloppy: true, readAt: 'A', when: 'during' },
  { sloppy: false, readAt: 'B', when: 'after' },
];

/**
 * Sloppy quorum: home replicas A, B, C, stand-in D; A and D are cut off from
 * B and C. A write through A, w = 2: with sloppy quorums D takes a hint for B
 * and the write succeeds; without, it fails but A keeps it. Then a read
 * (r = 2, home replicas only) at B or A, during the cut or after the heal
 * (hints handed off; no anti-entropy, no read repair).
 */
export const sloppyRead: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch08.sloppyRead#6').pick(SLOPPY_CASES);
  const sim = store(
    seed,
    ['A', 'B', 'C'],
    { w: 2, r: 2, sloppy: c.sloppy, hintAfter: 20, handoffInterval: 50 },
    [{ from: 'B', to: 'C', latency: 1 }],
    ['D'],
  );
  sim.write(KEY, OLD, { client: 'box-office', to: 'A' });
  sim.runUntil(50);
  sim.partition(['A', 'D'], ['B', 'C']);
  const w = sim.write(KEY, NEW, { client: 'box-office', to: 'A' });
  sim.runUntil(300);
  if (c.when === 'after') {
    sim.heal();
    sim.runUntil(500);
  }
  const op = sim.read(KEY, { client: 'usher', to: c.readAt });
  sim.runUntil(900);
  return {
    params: {
      mode: c.sloppy ? 'Sloppy quorums are on' : 'Sloppy quorums are off',
      writeOutcome: sim.result(w)?.status === 'ok' ? 'succeeded' : 'timed out',
      reader: c.readAt,
      when: c.when === 'during' ? 'while the cut lasts' : '200 ms after the network heals',
    },
    answer: optionFor(readOutcome(sim, op)),
  };
};

interface LostCase {
  readonly wipe: boolean;
  readonly readAt: 'A' | 'C';
  /** C was cut off before the first write as well: it never had the key. */
  readonly cEmpty: boolean;
}

const LOST_CASES: readonly LostCase[] = [
  { wipe: true, readAt: 'C', cEmpty: false },
  { wipe: false, readAt: 'C', cEmpty: false },
  { wipe: true, readAt: 'C', cEmpty: true },
  { wipe: true, readAt: 'A', cEmpty: false },
];

/**
 * A replica that lost its data: n = 3, w = r = 2. C is cut off and misses
 * the new write, which A and B acknowledge. B then restarts (with or without
 * its disk) and the network heals. A read at C (it hears from B first) or
 * at A. No anti-entropy, no read repair.
 */
export const lostReplicaRead: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch08.lostReplicaRead#5').pick(LOST_CASES);
  const sim = createSimulation({
    seed,
    label: 'leaderless n=3 w=2 r=2, B restarts',
    topology: { replicas: ['A', 'B', 'C'] },
    network: {
      latency: 4,
      clientLatency: 1,
      links: [
        { from: 'C', to: 'B', latency: 1, bidirectional: true },
        { from: 'A', to: 'B', latency: 1, bidirectional: true },
      ],
    },
    clients: { timeout: 2000 },
    quorum: { w: 2, r: 2, requestTimeout: 200, wipeOnCrash: c.wipe },
  });
  if (c.cEmpty) sim.partition(['A', 'B'], ['C']);
  sim.write(KEY, OLD, { client: 'box-office', to: 'A' });
  sim.runUntil(50);
  sim.partition(['A', 'B'], ['C']);
  sim.write(KEY, NEW, { client: 'box-office', to: 'A' });
  sim.runUntil(100);
  sim.crash('B');
  sim.runUntil(120);
  sim.restart('B');
  sim.heal();
  const op = sim.read(KEY, { client: 'usher', to: c.readAt });
  sim.runUntil(400);
  return {
    params: {
      disk: c.wipe ? 'comes back with an empty disk' : 'comes back with its disk intact',
      before: c.cEmpty ? 'C has been cut off since before the first write' : `C holds the first write, ${OLD}`,
      reader: c.readAt,
    },
    answer: optionFor(readOutcome(sim, op)),
  };
};

interface LwwCase {
  /** Clock offsets (ms) of coordinators A, B, C. */
  readonly skew: readonly [number, number, number];
}

const LWW_CASES: readonly LwwCase[] = [
  { skew: [0, 0, 0] },
  { skew: [40, 0, 0] },
  { skew: [0, 25, -10] },
  { skew: [-30, 15, -30] },
  { skew: [0, -20, 30] },
];

/**
 * Concurrent writes under last-write-wins: three box-office terminals write
 * the same hold through A, B and C at 100, 102 and 104 ms; the coordinators'
 * clocks are skewed. Every write is acknowledged (w = 2); anti-entropy runs.
 * Key: the coordinator whose write every replica holds at the end — the
 * highest (clock reading = time + skew), ties to the later name.
 */
export const lwwSurvivor: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch08.lwwSurvivor#2').pick(LWW_CASES);
  const sim = createSimulation({
    seed,
    label: 'concurrent writes, skewed clocks',
    topology: { replicas: ['A', 'B', 'C'] },
    network: { latency: 4, clientLatency: 1 },
    clients: { timeout: 2000 },
    clocks: { A: c.skew[0], B: c.skew[1], C: c.skew[2] },
    quorum: { w: 2, r: 2, antiEntropyInterval: 40 },
  });
  const values: Record<string, string> = { A: 'held:ord-2001', B: 'held:ord-2002', C: 'held:ord-2003' };
  ['A', 'B', 'C'].forEach((x, i) =>
    sim.at(100 + 2 * i, (s) => s.write(KEY, values[x] as string, { client: `terminal-${x}`, to: x })),
  );
  sim.runUntil(600);
  const final = sim.inspect('B').data[KEY];
  const winner = Object.keys(values).find((x) => values[x] === final) ?? 'none';
  return {
    params: { skewA: c.skew[0], skewB: c.skew[1], skewC: c.skew[2] },
    answer: winner.toLowerCase(),
  };
};

export const ch08Generators = {
  'ch08.minReadQuorum': minReadQuorum,
  'ch08.repairTargets': repairTargets,
  'ch08.partialWriteRead': partialWriteRead,
  'ch08.sloppyRead': sloppyRead,
  'ch08.lostReplicaRead': lostReplicaRead,
  'ch08.lwwSurvivor': lwwSurvivor,
} as const satisfies Record<string, QuestionGenerator>;
