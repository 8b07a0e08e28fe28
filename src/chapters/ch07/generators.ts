/**
 * Chapter 7 quiz keys computed by the engine: last-write-wins with a skewed
 * clock, lost increments on a last-write-wins counter, siblings kept by
 * version vectors, a PN-counter merged after a partition, and an add-wins
 * set under a concurrent remove. Leaders are `eu` (Kettleby), `us` (Halifax)
 * and, where a third is needed, `gate` (the field stage's offline tablet).
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type { MultiLeaderConfig, Simulation, Trace, Value } from '../../engine/index.ts';
import type { QuestionGenerator } from '../types.ts';

/*
 * Fork labels with a `#n` suffix were chosen so that the quiz's four variant
 * seeds land on different cases (test/content/variants.test.ts).
 */

type Conflict = NonNullable<MultiLeaderConfig['conflict']>;

/** Leaders `eu`, `us` (and `gate`), a fixed one-way delay between them, clients next to their leader. */
function leaders(seed: number, conflict: Conflict, opts: { gate?: boolean; skew?: Record<string, number> } = {}) {
  return createSimulation({
    seed,
    label: `ch07 quiz, ${conflict}`,
    topology: { leaders: opts.gate === true ? ['eu', 'us', 'gate'] : ['eu', 'us'] },
    network: { latency: 40, clientLatency: 1 },
    multiLeader: { conflict },
    ...(opts.skew ? { clocks: opts.skew } : {}),
  });
}

/** What a read of `key` at `node` returns now: its value, or its siblings when there are several. */
function readAt(sim: Simulation, key: string, node: string): { value: Value; siblings: readonly Value[] | null } {
  const op = sim.read(key, { to: node, client: `reader-${node}` });
  sim.runFor(10);
  const t: Trace = sim.trace();
  const ack = t.events.find((e) => e.type === 'ack' && e.op === op);
  if (ack === undefined || ack.type !== 'ack') throw new Error(`ch07: read of ${key} at ${node} got no answer`);
  const siblings = (ack as { siblings?: readonly Value[] }).siblings;
  return { value: ack.value ?? null, siblings: siblings && siblings.length > 1 ? siblings : null };
}

interface SkewCase {
  readonly conflict: 'lww' | 'version-vector';
  /** us's clock offset (ms; negative = behind). */
  readonly skew: number;
  /** us writes this many ms after eu. */
  readonly gap: number;
}

const SKEW_CASES: readonly SkewCase[] = [
  { conflict: 'lww', skew: -120, gap: 30 },
  { conflict: 'lww', skew: -20, gap: 30 },
  { conflict: 'lww', skew: -80, gap: 100 },
  { conflict: 'version-vector', skew: -120, gap: 30 },
  { conflict: 'lww', skew: 60, gap: 10 },
  { conflict: 'version-vector', skew: -20, gap: 30 },
];

/**
 * eu sells seat 12A to Mika; `gap` ms later (before eu's write can arrive,
 * 40 ms away) us sells it to Sam. What does a read at eu return once both
 * writes have replicated? Under last-write-wins the larger (clock reading,
 * leader) wins: us's reading is gap + skew after eu's, so with skew < -gap
 * the later sale loses. With version vectors neither saw the other: siblings.
 */
export const skewedWinner: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch07.skewedWinner#8').pick(SKEW_CASES);
  const sim = leaders(seed, c.conflict, { skew: { us: c.skew } });
  sim.write('seat:12A', 'sold:mika', { to: 'eu', client: 'box-eu' });
  sim.at(c.gap, (s) => void s.write('seat:12A', 'sold:sam', { to: 'us', client: 'box-us' }));
  sim.runUntil(400);
  const r = readAt(sim, 'seat:12A', 'eu');
  const answer = r.siblings !== null ? 'both' : r.value === 'sold:mika' ? 'mika' : 'sam';
  return {
    params: {
      policy: c.conflict === 'lww' ? 'last-write-wins by the writer’s clock' : 'version vectors (siblings kept)',
      skew: c.skew,
      gap: c.gap,
      behind: c.skew < 0 ? `${-c.skew} ms behind` : `${c.skew} ms ahead of`,
    },
    answer,
    run: { scenario: c.conflict === 'lww' ? 'ch07-lww-skew' : 'ch07-version-vectors', seed },
  };
};

/**
 * A likes counter kept as a plain number with last-write-wins: while the
 * Atlantic link is down, eu adds `a` and us adds `b` (each reading its own
 * number and writing it plus one). After the heal one leader's number wins
 * whole: how many acknowledged increments are gone?
 */
export const lwwLostIncrements: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch07.lwwLostIncrements#13');
  const start = rng.pick([0, 10, 20]);
  const a = rng.pick([3, 5, 8]);
  const b = rng.pick([2, 4, 6, 7]);
  const skew = rng.pick([-500, 0, 500]);
  const sim = leaders(seed, 'lww', { skew: { us: skew } });
  const key = 'show:hamlet-fri:sold';
  if (start > 0) sim.write(key, start, { to: 'eu', client: 'box-eu' });
  sim.runFor(200);
  sim.partition(['eu'], ['us']);
  for (let i = 0; i < a; i++)
    sim.at(sim.now + 10 + i * 20, (s) => void s.increment(key, 1, { to: 'eu', client: 'box-eu' }));
  for (let i = 0; i < b; i++)
    sim.at(sim.now + 15 + i * 20, (s) => void s.increment(key, 1, { to: 'us', client: 'box-us' }));
  sim.runFor(400);
  sim.heal();
  sim.runFor(1000);
  const finalValue = readAt(sim, key, 'eu').value;
  if (typeof finalValue !== 'number') throw new Error(`ch07.lwwLostIncrements: no number (seed ${seed})`);
  return {
    params: {
      start,
      a,
      b,
      skew,
      clock: skew < 0 ? `${-skew} ms behind eu's` : skew > 0 ? `${skew} ms ahead of eu's` : `in step with eu's`,
    },
    answer: start + a + b - finalValue,
    run: { scenario: 'ch07-lww-counter', seed },
  };
};

interface SiblingCase {
  /** How the three leaders are split while writing. */
  readonly groups: readonly (readonly string[])[];
  /** Who writes, in order, 50 ms apart (enough for a message inside a group to arrive). */
  readonly writers: readonly string[];
  readonly story: string;
}

const SIBLING_CASES: readonly SiblingCase[] = [
  {
    groups: [['eu'], ['us'], ['gate']],
    writers: ['eu', 'us', 'gate'],
    story: 'all three are cut off from each other; eu, then us, then gate each replace the cart',
  },
  {
    groups: [['eu', 'gate'], ['us']],
    writers: ['eu', 'gate', 'us'],
    story:
      'gate can still reach eu but not us; eu replaces the cart, then gate (after eu’s version reached it), then us',
  },
  {
    groups: [['eu', 'us', 'gate']],
    writers: ['eu', 'us', 'gate'],
    story:
      'the network is whole; eu, then us, then gate each replace the cart, each after the previous version reached it',
  },
  {
    groups: [['eu'], ['us', 'gate']],
    writers: ['us', 'eu', 'gate'],
    story: 'eu is cut off from the other two; us replaces the cart, then eu, then gate (after us’s version reached it)',
  },
];

/** Version vectors: how many siblings does a read return once the network heals? */
export const siblingCount: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch07.siblingCount#18').pick(SIBLING_CASES);
  const sim = leaders(seed, 'version-vector', { gate: true });
  sim.write('cart:mika', ['12A'], { to: 'eu', client: 'mika-eu' });
  sim.runFor(200);
  if (c.groups.length > 1) sim.partition(...c.groups.map((g) => [...g]));
  c.writers.forEach((w, i) =>
    sim.at(sim.now + 10 + i * 50, (s) => void s.write('cart:mika', [`${w}-pick`], { to: w, client: `mika-${w}` })),
  );
  sim.runFor(300);
  sim.heal();
  sim.runFor(1000);
  const r = readAt(sim, 'cart:mika', 'eu');
  return {
    params: { story: c.story },
    answer: r.siblings?.length ?? 1,
    run: { scenario: 'ch07-version-vectors', seed },
  };
};

/**
 * A PN-counter of scans at the field gate: `both` scans reach every leader,
 * then the gate tablet goes offline and scans `g` more while eu counts `e`
 * walk-ups. After it reconnects, what does every leader read?
 */
export const counterAfterSync: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch07.counterAfterSync#1');
  const both = rng.pick([4, 6, 9]);
  const g = rng.pick([3, 5, 7, 11]);
  const e = rng.pick([1, 2, 4]);
  const sim = leaders(seed, 'counter', { gate: true });
  const key = 'scan:gate-2:count';
  for (let i = 0; i < both; i++) sim.at(i * 5, (s) => void s.increment(key, 1, { to: 'gate', client: 'tablet' }));
  sim.runFor(300);
  sim.partition(['eu', 'us'], ['gate']);
  for (let i = 0; i < g; i++)
    sim.at(sim.now + 10 + i * 10, (s) => void s.increment(key, 1, { to: 'gate', client: 'tablet' }));
  for (let i = 0; i < e; i++)
    sim.at(sim.now + 15 + i * 10, (s) => void s.increment(key, 1, { to: 'eu', client: 'box-eu' }));
  sim.runFor(300);
  sim.heal();
  sim.runFor(1000);
  const v = readAt(sim, key, 'us').value;
  if (typeof v !== 'number') throw new Error(`ch07.counterAfterSync: no number (seed ${seed})`);
  return { params: { both, g, e }, answer: v, run: { scenario: 'ch07-counter-crdt', seed } };
};

interface SetCase {
  /** What eu does to `12B` while cut off from us. */
  readonly eu: 'remove' | 'none';
  /** What us does while cut off. */
  readonly us: 'add-12B' | 'add-14C' | 'remove-12A';
  readonly story: string;
}

const SET_CASES: readonly SetCase[] = [
  {
    eu: 'remove',
    us: 'add-12B',
    story: 'eu removes 12B while us adds 12B again (Mika tapped it twice on two devices)',
  },
  { eu: 'remove', us: 'add-14C', story: 'eu removes 12B while us adds 14C' },
  { eu: 'none', us: 'remove-12A', story: 'eu does nothing while us removes 12A' },
  { eu: 'remove', us: 'remove-12A', story: 'eu removes 12B while us removes 12A' },
];

/** An add-wins observed-remove set: which seats are in the cart after the heal? */
export const addWinsCart: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch07.addWinsCart#1').pick(SET_CASES);
  const sim = leaders(seed, 'set');
  const key = 'cart:mika';
  sim.add(key, '12A', { to: 'eu', client: 'mika-eu' });
  sim.add(key, '12B', { to: 'eu', client: 'mika-eu' });
  sim.runFor(200);
  sim.partition(['eu'], ['us']);
  if (c.eu === 'remove') sim.remove(key, '12B', { to: 'eu', client: 'mika-eu' });
  if (c.us === 'add-12B') sim.add(key, '12B', { to: 'us', client: 'mika-us' });
  if (c.us === 'add-14C') sim.add(key, '14C', { to: 'us', client: 'mika-us' });
  if (c.us === 'remove-12A') sim.remove(key, '12A', { to: 'us', client: 'mika-us' });
  sim.runFor(200);
  sim.heal();
  sim.runFor(1000);
  const v = readAt(sim, key, 'eu').value;
  const items = Array.isArray(v) ? v.map((x) => String(x)) : [];
  const answer = ['12A', '12B', '14C'].filter((s) => items.includes(s)).map((s) => `s${s.toLowerCase()}`);
  return {
    params: { story: c.story },
    answer: answer.length > 0 ? answer : ['none'],
    run: { scenario: 'ch07-offline-sync', seed },
  };
};

export const ch07Generators = {
  'ch07.skewedWinner': skewedWinner,
  'ch07.lwwLostIncrements': lwwLostIncrements,
  'ch07.siblingCount': siblingCount,
  'ch07.counterAfterSync': counterAfterSync,
  'ch07.addWinsCart': addWinsCart,
} as const;
