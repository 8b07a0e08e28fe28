/**
 * Chapters 7 and 8: version vectors, CRDT merge laws, multi-leader conflict
 * handling (last write wins, siblings, merge, counters, sets, offline sync)
 * and leaderless quorums (read repair, hinted handoff, anti-entropy, partial
 * writes, lost data, the learner's reconcile hook).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  check,
  createSimulation,
  runSimulation,
  type SimulationConfig,
  type Trace,
  type Value,
} from '../../../src/engine/index.ts';
import { scenarios, scenariosForChapter } from '../../../src/chapters/scenarios/index.ts';
import { compareVv, mergeVv, incrementVv, type VersionVector } from '../../../src/engine/model/version-vector.ts';
import {
  counterValue,
  incrementCounter,
  mergeCounters,
  sameCounter,
  EMPTY_COUNTER,
  type PnCounter,
} from '../../../src/engine/model/pn-counter.ts';
import {
  addElement,
  mergeSets,
  removeElement,
  sameSet,
  setValue,
  EMPTY_SET,
  type OrSet,
} from '../../../src/engine/model/or-set.ts';
import { mergeVersions, writeVersion, type VvVersion } from '../../../src/engine/model/mv-register.ts';
import { majority, quorumsOverlap } from '../../../src/engine/model/quorum.ts';
import { ofType } from './helpers.ts';

const NODES = ['A', 'B', 'C'] as const;
const nodeArb = fc.constantFrom(...NODES);
const vvArb: fc.Arbitrary<VersionVector> = fc.record(
  { A: fc.nat(4), B: fc.nat(4), C: fc.nat(4) },
  { requiredKeys: [] },
);

function acks(t: Trace, client?: string) {
  return ofType(t, 'ack').filter((a) => client === undefined || a.client === client);
}
function readValue(t: Trace, client: string): Value | undefined {
  return acks(t, client)
    .filter((a) => a.kind === 'read')
    .at(-1)?.value;
}

// ---------------------------------------------------------------- version vectors

describe('version vectors', () => {
  it('compare: before, after, concurrent, equal', () => {
    expect(compareVv({ A: 1 }, { A: 1, B: 1 })).toBe('before');
    expect(compareVv({ A: 2, B: 1 }, { A: 1, B: 1 })).toBe('after');
    expect(compareVv({ A: 2 }, { B: 1 })).toBe('concurrent');
    expect(compareVv({ A: 1, B: 0 }, { A: 1 })).toBe('equal');
    expect(compareVv({}, {})).toBe('equal');
  });

  it('compare is antisymmetric and merge is an upper bound (fast-check)', () => {
    const flip = { before: 'after', after: 'before', concurrent: 'concurrent', equal: 'equal' } as const;
    fc.assert(
      fc.property(vvArb, vvArb, (a, b) => {
        expect(compareVv(b, a)).toBe(flip[compareVv(a, b)]);
        const m = mergeVv(a, b);
        expect(['after', 'equal']).toContain(compareVv(m, a));
        expect(['after', 'equal']).toContain(compareVv(m, b));
      }),
      { numRuns: 300, seed: 71 },
    );
  });

  it('a write after a merge happened after both sides', () => {
    const a = incrementVv({}, 'A');
    const b = incrementVv({}, 'B');
    expect(compareVv(a, b)).toBe('concurrent');
    const c = incrementVv(mergeVv(a, b), 'C');
    expect(compareVv(a, c)).toBe('before');
    expect(compareVv(b, c)).toBe('before');
  });
});

// ---------------------------------------------------------------- CRDT merge laws

const counterArb: fc.Arbitrary<PnCounter> = fc
  .array(fc.tuple(nodeArb, fc.integer({ min: -3, max: 5 })), { maxLength: 8 })
  .map((ops) => ops.reduce((c, [n, by]) => incrementCounter(c, n, by), EMPTY_COUNTER));

const setArb: fc.Arbitrary<OrSet> = fc
  .array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 50 })), { maxLength: 8 })
  .map((ops) =>
    ops.reduce((s, [add, el, tag]) => (add ? addElement(s, el, `t${tag}:${el}`) : removeElement(s, el)), EMPTY_SET),
  );

/** Versions whose value is a function of their vector (as in the engine, where a vector names one write). */
const versionsArb: fc.Arbitrary<VvVersion[]> = fc.array(vvArb, { maxLength: 4 }).map((vvs) =>
  mergeVersions(
    [],
    vvs.map((vv) => ({
      value: JSON.stringify(
        Object.entries(vv)
          .filter(([, n]) => n > 0)
          .sort(),
      ),
      vv,
    })),
  ),
);
const sameVersions = (a: readonly VvVersion[], b: readonly VvVersion[]): boolean =>
  JSON.stringify(a.map((v) => v.value)) === JSON.stringify(b.map((v) => v.value));

describe('CRDT merge laws (fast-check)', () => {
  it('PN-counter merge is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(counterArb, counterArb, counterArb, (a, b, c) => {
        expect(sameCounter(mergeCounters(a, b), mergeCounters(b, a))).toBe(true);
        expect(sameCounter(mergeCounters(mergeCounters(a, b), c), mergeCounters(a, mergeCounters(b, c)))).toBe(true);
        expect(sameCounter(mergeCounters(a, a), a)).toBe(true);
      }),
      { numRuns: 300, seed: 72 },
    );
  });

  it('PN-counter counts every increment made on different replicas', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nodeArb, fc.integer({ min: -3, max: 5 })), { maxLength: 20 }), (ops) => {
        const replicas = new Map<string, PnCounter>(NODES.map((n) => [n, EMPTY_COUNTER]));
        for (const [n, by] of ops) replicas.set(n, incrementCounter(replicas.get(n) ?? EMPTY_COUNTER, n, by));
        const merged = [...replicas.values()].reduce(mergeCounters, EMPTY_COUNTER);
        expect(counterValue(merged)).toBe(ops.reduce((s, [, by]) => s + by, 0));
      }),
      { numRuns: 200, seed: 73 },
    );
  });

  it('OR-set merge is commutative, associative and idempotent; concurrent add wins over remove', () => {
    fc.assert(
      fc.property(setArb, setArb, setArb, (a, b, c) => {
        expect(sameSet(mergeSets(a, b), mergeSets(b, a))).toBe(true);
        expect(sameSet(mergeSets(mergeSets(a, b), c), mergeSets(a, mergeSets(b, c)))).toBe(true);
        expect(sameSet(mergeSets(a, a), a)).toBe(true);
        expect(setValue(mergeSets(a, b))).toEqual(setValue(mergeSets(b, a)));
      }),
      { numRuns: 300, seed: 74 },
    );
    const base = addElement(EMPTY_SET, 'milk', 'A:1');
    const removed = removeElement(base, 'milk');
    const readded = addElement(base, 'milk', 'B:1');
    expect(setValue(mergeSets(removed, readded))).toEqual(['milk']);
    expect(setValue(mergeSets(removed, base))).toEqual([]);
  });

  it('multi-value register merge is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(versionsArb, versionsArb, versionsArb, (a, b, c) => {
        expect(sameVersions(mergeVersions(a, b), mergeVersions(b, a))).toBe(true);
        expect(sameVersions(mergeVersions(mergeVersions(a, b), c), mergeVersions(a, mergeVersions(b, c)))).toBe(true);
        expect(sameVersions(mergeVersions(a, a), a)).toBe(true);
      }),
      { numRuns: 300, seed: 75 },
    );
    const a = writeVersion([], 'A', 1);
    const b = writeVersion([], 'B', 2);
    const both = mergeVersions(a, b);
    expect(both.map((v) => v.value)).toEqual([1, 2]);
    expect(writeVersion(both, 'C', 3).map((v) => v.value)).toEqual([3]);
  });
});

// ---------------------------------------------------------------- multi-leader

function twoRegions(extra: Partial<SimulationConfig> = {}): SimulationConfig {
  return { seed: 7, topology: { leaders: ['eu', 'us'] }, network: { latency: 50 }, ...extra };
}

describe('multi-leader replication', () => {
  it('last write wins discards a later write stamped by a clock that runs behind (and acknowledges it)', () => {
    const sim = createSimulation(twoRegions({ clocks: { us: -100 } }));
    sim.write('x', 1, { to: 'eu', client: 'a' });
    sim.runFor(20);
    sim.write('x', 2, { to: 'us', client: 'b' });
    sim.runFor(500);
    sim.read('x', { to: 'eu', client: 'ra' });
    sim.read('x', { to: 'us', client: 'rb' });
    sim.runFor(50);
    const t = sim.trace();
    expect(acks(t, 'b')[0]?.value).toBe(2);
    expect(readValue(t, 'ra')).toBe(1);
    expect(readValue(t, 'rb')).toBe(1);
    const lost = check.lostAcknowledgedWrites(t);
    expect(lost.valid).toBe(false);
    expect(lost.violations[0]?.message).toContain('op-1');
    // Without skew the later write wins.
    const fair = createSimulation(twoRegions());
    fair.write('x', 1, { to: 'eu', client: 'a' });
    fair.runFor(20);
    fair.write('x', 2, { to: 'us', client: 'b' });
    fair.runFor(500);
    fair.read('x', { to: 'eu', client: 'ra' });
    fair.runFor(50);
    expect(readValue(fair.trace(), 'ra')).toBe(2);
  });

  it('version vectors keep concurrent writes as siblings; a write after reading them resolves them', () => {
    const sim = createSimulation(twoRegions({ multiLeader: { conflict: 'version-vector' } }));
    sim.write('x', 'eu-value', { to: 'eu', client: 'a' });
    sim.write('x', 'us-value', { to: 'us', client: 'b' });
    sim.runFor(300);
    sim.read('x', { to: 'eu', client: 'ra' });
    sim.runFor(20);
    let t = sim.trace();
    const read = acks(t, 'ra').at(-1);
    expect(read?.siblings).toEqual(['eu-value', 'us-value']);
    expect(check.lostAcknowledgedWrites(t, { from: 'reads' }).valid).toBe(true);
    sim.write('x', 'resolved', { to: 'eu', client: 'ra' });
    sim.runFor(300);
    sim.read('x', { to: 'us', client: 'rb' });
    sim.runFor(20);
    t = sim.trace();
    expect(acks(t, 'rb').at(-1)?.siblings).toBeUndefined();
    expect(readValue(t, 'rb')).toBe('resolved');
    expect(check.divergence(t).valid).toBe(true);
  });

  it('merge hook combines concurrent versions; a throwing hook is recorded and keeps the local state', () => {
    const union = (a: Value, b: Value): Value => [...new Set([...(a as number[]), ...(b as number[])])].sort();
    const sim = createSimulation(twoRegions({ hooks: { merge: union } }));
    sim.add('cart', 1, { to: 'eu', client: 'a' });
    sim.add('cart', 2, { to: 'us', client: 'b' });
    sim.runFor(300);
    sim.read('cart', { to: 'us', client: 'r' });
    sim.runFor(20);
    expect(readValue(sim.trace(), 'r')).toEqual([1, 2]);

    const bad = createSimulation(
      twoRegions({
        hooks: {
          merge: () => {
            throw new Error('boom');
          },
        },
      }),
    );
    bad.write('k', 1, { to: 'eu', client: 'a' });
    bad.write('k', 2, { to: 'us', client: 'b' });
    bad.runFor(300);
    const t = bad.trace();
    expect(ofType(t, 'hook-error').some((h) => h.hook === 'merge' && h.message.includes('boom'))).toBe(true);
  });

  it('a counter CRDT counts every increment; a last-write-wins number loses concurrent ones', () => {
    const run = (conflict: 'counter' | 'lww'): Trace => {
      const sim = createSimulation({
        seed: 3,
        topology: { leaders: ['eu', 'us', 'ap'] },
        network: { latency: 40 },
        multiLeader: { conflict },
      });
      for (let i = 0; i < 5; i++) for (const n of ['eu', 'us', 'ap']) sim.increment('likes', 1, { to: n, client: n });
      sim.runFor(1000);
      sim.read('likes', { to: 'ap', client: 'final' });
      sim.runFor(20);
      return sim.trace();
    };
    const crdt = run('counter');
    expect(readValue(crdt, 'final')).toBe(15);
    expect(check.lostIncrements(crdt).valid).toBe(true);
    const lww = run('lww');
    expect(readValue(lww, 'final')).toBeLessThan(15);
    expect(check.lostIncrements(lww).valid).toBe(false);
  });

  it('an add-wins set keeps a concurrent add over a remove, and refuses register writes', () => {
    const sim = createSimulation(twoRegions({ multiLeader: { conflict: 'set' } }));
    sim.add('s', 'milk', { to: 'eu', client: 'a' });
    sim.runFor(200);
    sim.remove('s', 'milk', { to: 'eu', client: 'a' });
    sim.add('s', 'milk', { to: 'us', client: 'b' });
    sim.write('s', 5, { to: 'us', client: 'c' });
    sim.runFor(300);
    sim.read('s', { to: 'eu', client: 'r' });
    sim.runFor(20);
    const t = sim.trace();
    expect(readValue(t, 'r')).toEqual(['milk']);
    expect(ofType(t, 'fail').find((f) => f.client === 'c')?.reason).toMatch(/^unsupported/);
  });

  it('an offline region keeps taking writes and converges after the heal, even over a lossy network', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const cfg = scenarios['ch07-offline-sync']!.build(seed);
        const t = runSimulation({ ...cfg, network: { ...cfg.network, loss: 0.2 } }, { settle: 3000 });
        const div = check.divergence(t);
        if (!div.valid) throw new Error(`seed ${seed}: ${div.violations[0]?.message}`);
        const lost = check.lostAcknowledgedWrites(t, { from: 'state' });
        if (!lost.valid) throw new Error(`seed ${seed}: ${lost.violations[0]?.message}`);
        expect(ofType(t, 'drop').some((d) => d.kind === 'ml-sync')).toBe(true);
      }),
      { numRuns: 8, seed: 76 },
    );
  });
});

// ---------------------------------------------------------------- leaderless

function ll(quorum: SimulationConfig['quorum'], extra: Partial<SimulationConfig> = {}): SimulationConfig {
  return {
    seed: 5,
    topology: { replicas: ['A', 'B', 'C'] },
    network: { latency: { kind: 'uniform', min: 2, max: 10 } },
    quorum,
    ...extra,
  };
}

describe('leaderless quorums', () => {
  it('quorum arithmetic', () => {
    expect(majority(3)).toBe(2);
    expect(majority(5)).toBe(3);
    expect(quorumsOverlap(3, 2, 2)).toBe(true);
    expect(quorumsOverlap(3, 1, 2)).toBe(false);
  });

  it('a write is acknowledged once w replicas stored it; a read returns the newest of r answers', () => {
    const sim = createSimulation(ll({ w: 3, r: 1 }, { network: { latency: 10 } }));
    const op = sim.write('x', 1, { to: 'A', client: 'w' });
    sim.runFor(100);
    const t = sim.trace();
    const ack = acks(t, 'w')[0];
    const applies = ofType(t, 'apply').filter((a) => a.key === 'x');
    expect(applies.map((a) => a.node).sort()).toEqual(['A', 'B', 'C']);
    expect(ack && ack.step > Math.max(...applies.map((a) => a.step))).toBe(true);
    expect(sim.result(op)?.status).toBe('ok');
    sim.read('x', { to: 'B', client: 'r' });
    sim.runFor(50);
    expect(readValue(sim.trace(), 'r')).toBe(1);
  });

  it('refuses counters and sets, and rejects impossible quorums', () => {
    const sim = createSimulation(ll({}));
    sim.increment('x', 1, { to: 'A', client: 'c' });
    sim.runFor(50);
    expect(ofType(sim.trace(), 'fail')[0]?.reason).toMatch(/^unsupported/);
    expect(() => createSimulation(ll({ w: 4 }))).toThrow(/between 1 and n=3/);
  });

  /** C misses x=2 while cut off; after the heal, reads see the older x=1 on C. */
  function staleC(quorum: SimulationConfig['quorum']) {
    const sim = createSimulation(ll(quorum));
    sim.write('x', 1, { to: 'A', client: 'w' });
    sim.runFor(50);
    sim.partition(['A', 'B'], ['C']);
    sim.write('x', 2, { to: 'A', client: 'w' });
    sim.runFor(100);
    sim.heal();
    return sim;
  }

  it('read repair writes the newest version back to stale replicas that answered', () => {
    const sim = staleC({ w: 2, r: 3, readRepair: true });
    sim.read('x', { to: 'A', client: 'r' });
    sim.runFor(100);
    const t = sim.trace();
    expect(readValue(t, 'r')).toBe(2);
    const rep = ofType(t, 'repair');
    expect(rep).toEqual([expect.objectContaining({ node: 'C', key: 'x', value: 2, via: 'read-repair' })]);
    expect(check.divergence(t).valid).toBe(true);
    expect(sim.inspect('C').data['x']).toBe(2);

    const off = staleC({ w: 2, r: 3, readRepair: false });
    off.read('x', { to: 'A', client: 'r' });
    off.runFor(100);
    expect(ofType(off.trace(), 'repair')).toHaveLength(0);
    expect(off.inspect('C').data['x']).toBe(1);
  });

  it('anti-entropy converges replicas without any read', () => {
    const sim = staleC({ w: 2, r: 2, antiEntropyInterval: 100 });
    sim.write('y', 'only-on-A-and-B', { to: 'B', client: 'w2' });
    sim.runFor(20);
    sim.partition(['A', 'B'], ['C']);
    sim.write('y', 'newer', { to: 'B', client: 'w2' });
    sim.runFor(50);
    sim.heal();
    sim.runFor(600);
    const t = sim.trace();
    expect(ofType(t, 'repair').some((r) => r.via === 'anti-entropy' && r.node === 'C')).toBe(true);
    expect(check.divergence(t).valid).toBe(true);
    expect(sim.inspect('C').data).toEqual({ x: 2, y: 'newer' });
  });

  it('a sloppy quorum acknowledges a write on stand-ins, reads miss it (w + r > n), hinted handoff repairs the home replicas', () => {
    const sim = createSimulation(ll({ w: 2, r: 2, sloppy: true, standbys: ['D'] }));
    sim.write('x', 1, { to: 'A', client: 'w' });
    sim.runFor(50);
    sim.partition(['A', 'D'], ['B', 'C']);
    sim.write('x', 2, { to: 'A', client: 'w' });
    sim.runFor(100);
    sim.read('x', { to: 'B', client: 'r1' });
    sim.runFor(50);
    let t = sim.trace();
    expect(acks(t, 'w').map((a) => a.value)).toEqual([1, 2]);
    expect(readValue(t, 'r1')).toBe(1);
    expect(check.staleRead(t).valid).toBe(false);
    expect(sim.inspect('D').data).toEqual({}); // a hint is not data
    sim.heal();
    sim.runFor(300);
    sim.read('x', { to: 'B', client: 'r2' });
    sim.runFor(50);
    t = sim.trace();
    expect(ofType(t, 'repair')).toContainEqual(expect.objectContaining({ node: 'B', value: 2, via: 'hinted-handoff' }));
    expect(readValue(t, 'r2')).toBe(2);
  });

  it('a write short of w is reported as timed out, yet a later read may return it', () => {
    const sim = createSimulation(ll({ w: 2, r: 2, requestTimeout: 100 }));
    sim.write('x', 1, { to: 'A', client: 'w' });
    sim.runFor(50);
    sim.partition(['A'], ['B', 'C']);
    const failed = sim.write('x', 2, { to: 'A', client: 'w' });
    sim.runFor(200);
    expect(sim.result(failed)).toMatchObject({ status: 'info', reason: 'quorum-timeout' });
    sim.heal();
    sim.read('x', { to: 'A', client: 'r' });
    sim.runFor(100);
    expect(readValue(sim.trace(), 'r')).toBe(2);
  });

  it('a replica that lost its data makes a w + r > n quorum return old data', () => {
    const sim = createSimulation(ll({ w: 2, r: 2, wipeOnCrash: true }, { network: { latency: 5 } }));
    sim.write('x', 1, { to: 'A', client: 'w' });
    sim.runFor(50);
    sim.partition(['A', 'B'], ['C']);
    sim.write('x', 2, { to: 'A', client: 'w' });
    sim.runFor(50);
    sim.crash('B');
    sim.restart('B');
    sim.crash('A');
    sim.heal();
    sim.read('x', { to: 'B', client: 'r' });
    sim.runFor(100);
    const t = sim.trace();
    expect(ofType(t, 'apply').some((a) => a.node === 'B' && a.value === null)).toBe(true);
    expect(readValue(t, 'r')).toBe(1);
    expect(check.staleRead(t).valid).toBe(false);
  });

  it('concurrent writes: the version order, not real time, decides, so either may win', () => {
    const sim = createSimulation(ll({ w: 2, r: 2 }, { clocks: { B: -50 } }));
    sim.write('x', 'from-A', { to: 'A', client: 'a' });
    sim.runFor(10);
    sim.write('x', 'from-B-later', { to: 'B', client: 'b' });
    sim.runFor(100);
    sim.read('x', { to: 'C', client: 'r' });
    sim.runFor(50);
    // B's clock is 50 ms behind: its later write carries the older version and loses.
    expect(readValue(sim.trace(), 'r')).toBe('from-A');
  });

  it('the reconcile hook chooses the value and the replicas to repair; a throwing hook falls back', () => {
    const seen: number[][] = [];
    const cfgSim = createSimulation(
      ll(
        { w: 2, r: 3 },
        {
          hooks: {
            reconcile: (responses) => {
              seen.push(responses.map((r) => r.version));
              const best = [...responses].sort((a, b) => b.version - a.version)[0]!;
              return {
                value: best.value,
                repair: responses.filter((r) => r.version < best.version).map((r) => r.node),
              };
            },
          },
        },
      ),
    );
    cfgSim.write('x', 1, { to: 'A', client: 'w' });
    cfgSim.runFor(50);
    cfgSim.partition(['A', 'B'], ['C']);
    cfgSim.write('x', 2, { to: 'A', client: 'w' });
    cfgSim.runFor(100);
    cfgSim.heal();
    cfgSim.read('x', { to: 'C', client: 'r' });
    cfgSim.runFor(100);
    const t = cfgSim.trace();
    expect(readValue(t, 'r')).toBe(2);
    expect(seen.at(-1)).toHaveLength(3);
    expect(ofType(t, 'repair')).toEqual([expect.objectContaining({ node: 'C', value: 2, via: 'read-repair' })]);

    const bad = createSimulation(
      ll(
        { w: 2, r: 2 },
        {
          hooks: {
            reconcile: () => {
              throw new Error('nope');
            },
          },
        },
      ),
    );
    bad.write('x', 1, { to: 'A', client: 'w' });
    bad.runFor(50);
    bad.read('x', { to: 'A', client: 'r' });
    bad.runFor(50);
    const bt = bad.trace();
    expect(ofType(bt, 'hook-error')[0]).toMatchObject({ hook: 'reconcile', node: 'A' });
    expect(readValue(bt, 'r')).toBe(1); // the first answer (A's own)
  });
});

// ---------------------------------------------------------------- scenarios

describe('chapter 7, 8 and 9 scenarios', () => {
  it('register the required scenarios with descriptions', () => {
    for (const name of [
      'ch07-lww-skew',
      'ch07-version-vectors',
      'ch07-counter-crdt',
      'ch07-offline-sync',
      'ch08-quorum',
      'ch08-weak-quorum',
      'ch08-read-repair',
      'ch08-sloppy-quorum',
      'ch09-global-multi-leader',
      'ch09-global-leaderless',
    ]) {
      const s = scenarios[name];
      expect(s, name).toBeDefined();
      expect(s!.description.length).toBeGreaterThan(80);
    }
    expect(scenariosForChapter(7).length).toBeGreaterThanOrEqual(4);
    expect(scenariosForChapter(8).length).toBeGreaterThanOrEqual(4);
  });

  it('every chapter 7, 8 and 9 scenario runs without a not-implemented failure and its replicas converge', () => {
    for (const s of [...scenariosForChapter(7), ...scenariosForChapter(8), ...scenariosForChapter(9)]) {
      const cfg = s.build(21);
      const t = runSimulation(cfg);
      expect(
        ofType(t, 'fail').some((f) => f.reason === 'not-implemented'),
        s.name,
      ).toBe(false);
      expect(ofType(t, 'ack').length, s.name).toBeGreaterThan(50);
      const homes = 'replicas' in cfg.topology ? [...cfg.topology.replicas] : undefined;
      // Stand-ins hold hints, not data: judge the home replicas.
      const d = check.divergence(t, homes ? { nodes: homes } : {});
      expect(d.valid, `${s.name}: ${d.violations[0]?.message}`).toBe(true);
    }
  });

  it('the scenarios show what their descriptions promise', () => {
    const run = (name: string, seed = 21): Trace => runSimulation(scenarios[name]!.build(seed));
    expect(ofType(run('ch07-lww-skew'), 'note').some((n) => n.text.includes('discarded'))).toBe(true);
    expect(ofType(run('ch07-version-vectors'), 'ack').some((a) => a.siblings !== undefined)).toBe(true);
    expect(check.lostIncrements(run('ch07-counter-crdt')).valid).toBe(true);
    expect(check.lostIncrements(run('ch07-lww-counter')).valid).toBe(false);
    expect(check.staleRead(run('ch08-weak-quorum')).valid).toBe(false);
    expect(ofType(run('ch08-read-repair'), 'repair').some((r) => r.via === 'read-repair')).toBe(true);
    expect(ofType(run('ch08-anti-entropy'), 'repair').some((r) => r.via === 'anti-entropy')).toBe(true);
    const sloppy = run('ch08-sloppy-quorum');
    expect(ofType(sloppy, 'repair').some((r) => r.via === 'hinted-handoff')).toBe(true);
    expect(ofType(run('ch08-partial-write'), 'info').some((i) => i.reason === 'quorum-timeout')).toBe(true);
  });
});
