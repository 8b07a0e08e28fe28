/**
 * Property tests over many generated scenarios (fast-check). Each property
 * names its seed in every failure, so a failing run can be replayed with
 * `npm run simulate`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, createSimulation, runSimulation, Rng, type Trace } from '../../../src/engine/index.ts';
import { nondeterministic } from '../../../src/chapters/ch03/scenarios.ts';
import { leaderCrash } from '../../../src/chapters/ch04/scenarios.ts';
import { falseSuspicion } from '../../../src/chapters/ch06/scenarios.ts';
import { concurrentWriters, regionalCounter } from '../../../src/chapters/ch07/scenarios.ts';
import { ofType } from './helpers.ts';

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Acknowledged writes of the crashed leader's epoch that the elected leader never had. */
function lostAcked(t: Trace): number {
  const elect = ofType(t, 'elect').at(-1);
  if (!elect) return 0;
  const had = new Set(
    ofType(t, 'apply')
      .filter((a) => a.node === elect.node && a.step < elect.step)
      .map((a) => `${a.lsn}:${JSON.stringify(a.value)}`),
  );
  return ofType(t, 'ack').filter(
    (a) =>
      a.kind === 'write' &&
      a.node !== elect.node &&
      a.epoch !== undefined &&
      a.epoch < elect.epoch &&
      a.lsn !== undefined &&
      !had.has(`${a.lsn}:${JSON.stringify(a.value)}`),
  ).length;
}

describe('replication properties', () => {
  it('sync replication loses no acknowledged write when the leader crashes; async loses some for some seeds', () => {
    let asyncLost = 0;
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 200, max: 900 }), (seed, at) => {
        const cfg = { ...leaderCrash(seed, 'sync'), faults: [{ at, kind: 'crash' as const, node: 'A' }] };
        const lost = lostAcked(runSimulation(cfg));
        if (lost !== 0) throw new Error(`seed ${seed}, crash at ${at}: sync lost ${lost} acknowledged writes`);
        asyncLost += lostAcked(runSimulation({ ...cfg, replication: { mode: 'async', batchDelay: 10 } }));
      }),
      { numRuns: 40, seed: 1 },
    );
    expect(asyncLost, 'async should lose acknowledged writes on some of the 40 seeds').toBeGreaterThan(0);
  });

  it('statement replication of NOW()/RAND() diverges for some seeds; row-based never does', () => {
    let diverged = 0;
    fc.assert(
      fc.property(seedArb, (seed) => {
        const row = check.divergence(runSimulation(nondeterministic(seed, 'logical')));
        if (!row.valid) throw new Error(`seed ${seed}: row-based replication diverged: ${row.violations[0]?.message}`);
        if (!check.divergence(runSimulation(nondeterministic(seed, 'statement'))).valid) diverged++;
      }),
      { numRuns: 50, seed: 2 },
    );
    expect(diverged).toBeGreaterThan(25);
  });

  it('a follower that was down converges after restart, even over a lossy network', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.integer({ min: 50, max: 500 }),
        fc.integer({ min: 10, max: 600 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (seed, crashAt, down, loss) => {
          const t = runSimulation({
            seed,
            topology: { leader: 'A', followers: ['B', 'C'] },
            network: { latency: { kind: 'uniform', min: 1, max: 20 }, loss, fifo: false },
            workload: { clients: 2, thinkTime: 5, readRatio: 0.3, keys: ['a', 'b', 'c'], duration: 800 },
            faults: [
              { at: crashAt, kind: 'crash', node: 'B' },
              { at: crashAt + down, kind: 'restart', node: 'B' },
            ],
          });
          const r = check.divergence(t);
          if (!r.valid)
            throw new Error(
              `seed ${seed}, crash ${crashAt}, down ${down} ms, loss ${loss}: ${r.violations[0]?.message}`,
            );
          const order = check.appliedInOrder(t);
          if (!order.valid) throw new Error(`seed ${seed}: ${order.violations[0]?.message}`);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it('without fencing a cut-off leader causes split brain for some seeds; with fencing never', () => {
    let splits = 0;
    fc.assert(
      fc.property(seedArb, (seed) => {
        const sb = check.splitBrain(runSimulation(falseSuspicion(seed, true)));
        if (!sb.valid) throw new Error(`seed ${seed}: with fencing: ${sb.violations[0]?.message}`);
        if (!check.splitBrain(runSimulation(falseSuspicion(seed, false))).valid) splits++;
      }),
      { numRuns: 40, seed: 4 },
    );
    expect(splits).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------- chapters 7 and 8

/**
 * One writer issuing sequential writes (no concurrent writes) through rotating
 * coordinators, readers invoking reads at random times through random
 * coordinators, over a long-tailed network.
 */
function quorumRun(seed: number, n: number, w: number, r: number): Trace {
  const replicas = ['A', 'B', 'C', 'D', 'E'].slice(0, n);
  const sim = createSimulation({
    seed,
    topology: { replicas },
    network: { latency: { kind: 'exponential', mean: 6, min: 1 } },
    quorum: { w, r },
  });
  const rng = new Rng(seed);
  for (let i = 1; i <= 25; i++) sim.write('x', i, { client: 'writer', to: replicas[i % n] });
  for (let i = 0; i < 40; i++) {
    const at = rng.int(0, 600);
    const to = rng.pick(replicas);
    sim.at(at, (s) => s.read('x', { client: `reader-${i % 4}`, to }));
  }
  sim.runFor(1500);
  return sim.trace();
}

describe('chapter 7 and 8 properties', () => {
  it('w + r > n without concurrent writes never reads older than the last acknowledged write; w + r <= n does for some seeds', () => {
    let weakStale = 0;
    fc.assert(
      fc.property(
        seedArb,
        fc.constantFrom([3, 2, 2], [3, 3, 1], [3, 1, 3], [5, 3, 3], [5, 4, 2]),
        (seed, [n, w, r]) => {
          const t = quorumRun(seed, n, w, r);
          const acked = t.events.filter((e) => e.type === 'ack' && e.kind === 'write').length;
          if (acked < 20) throw new Error(`seed ${seed}, n=${n} w=${w} r=${r}: only ${acked} writes acknowledged`);
          const res = check.staleRead(t);
          if (!res.valid) throw new Error(`seed ${seed}, n=${n} w=${w} r=${r}: ${res.violations[0]?.message}`);
          const weak = check.staleRead(quorumRun(seed, n, 1, 1));
          if (!weak.valid) weakStale++;
        },
      ),
      { numRuns: 40, seed: 7 },
    );
    expect(weakStale, 'w = r = 1 should return stale data for some of the 40 seeds').toBeGreaterThan(0);
  });

  it('last-write-wins with a skewed clock loses acknowledged updates; a counter CRDT loses no increment', () => {
    let lwwLost = 0;
    let lwwDiscarded = 0;
    fc.assert(
      fc.property(seedArb, fc.integer({ min: -300, max: -50 }), (seed, skew) => {
        const crdt = runSimulation({ ...regionalCounter(seed, 'counter'), clocks: { 'us-1': skew } });
        const inc = check.lostIncrements(crdt);
        if (!inc.valid)
          throw new Error(
            `seed ${seed}, skew ${skew}: the counter CRDT lost increments: ${inc.violations[0]?.message}`,
          );
        const div = check.divergence(crdt);
        if (!div.valid)
          throw new Error(`seed ${seed}, skew ${skew}: the counter CRDT diverged: ${div.violations[0]?.message}`);
        const lww = runSimulation(concurrentWriters(seed, { conflict: 'lww', skew }));
        // An acknowledged write whose value no replica ever applied was discarded by last-write-wins.
        const applied = new Set(lww.events.filter((e) => e.type === 'apply').map((e) => JSON.stringify(e.value)));
        if (lww.events.some((e) => e.type === 'ack' && e.kind === 'write' && !applied.has(JSON.stringify(e.value))))
          lwwDiscarded++;
        if (
          !check.lostAcknowledgedWrites(lww).valid ||
          !check.lostIncrements(runSimulation({ ...regionalCounter(seed, 'lww'), clocks: { 'us-1': skew } })).valid
        )
          lwwLost++;
        const lwwDiv = check.divergence(lww);
        if (!lwwDiv.valid)
          throw new Error(
            `seed ${seed}, skew ${skew}: last-write-wins replicas did not converge: ${lwwDiv.violations[0]?.message}`,
          );
      }),
      { numRuns: 25, seed: 8 },
    );
    expect(
      lwwDiscarded,
      'a skewed clock should make last-write-wins discard an acknowledged write on most seeds',
    ).toBeGreaterThan(20);
    expect(lwwLost, 'the lost-writes / lost-increments checkers should catch it on some seeds').toBeGreaterThan(0);
  });
});
