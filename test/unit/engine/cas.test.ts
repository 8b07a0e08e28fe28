/**
 * Compare-and-set in the engine: atomic on the single leader, so two buyers
 * racing for one seat cannot both get it, while a read-then-write from a
 * follower can sell it twice; histories with cas are checked by the
 * linearizability checker.
 */
import { describe, expect, it } from 'vitest';
import { check, createSimulation } from '../../../src/engine/index.ts';

function race(seed: number) {
  const sim = createSimulation({
    seed,
    topology: { leader: 'A', followers: ['B'] },
    network: { latency: { kind: 'uniform', min: 1, max: 20 } },
  });
  const first = sim.cas('seat:12A', null, 'ada', { client: 'ada' });
  const second = sim.cas('seat:12A', null, 'bo', { client: 'bo' });
  sim.runFor(200);
  return { sim, results: [sim.result(first), sim.result(second)] };
}

describe('compare-and-set', () => {
  it('exactly one of two racing buyers gets the seat, on every seed', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { sim, results } = race(seed);
      const swapped = results.filter((r) => r?.status === 'ok' && r.value === true);
      const refused = results.filter((r) => r?.status === 'ok' && r.value === false);
      expect([swapped.length, refused.length], `seed ${seed}`).toEqual([1, 1]);
      const holder = sim.inspect('A').data['seat:12A'];
      expect(['ada', 'bo'], `seed ${seed}`).toContain(holder);
      expect(check.linearizable(sim.trace()).valid, `seed ${seed}`).toBe(true);
    }
  });

  it('records the expected value on the invoke and the outcome on the ack', () => {
    const { sim } = race(3);
    const invokes = sim.trace().events.filter((e) => e.type === 'invoke' && e.kind === 'cas');
    expect(invokes.map((e) => (e.type === 'invoke' ? e.expected : undefined))).toEqual([null, null]);
    const acks = sim.trace().events.filter((e) => e.type === 'ack' && e.kind === 'cas');
    expect(acks.map((e) => (e.type === 'ack' ? e.value : undefined)).sort()).toEqual([false, true]);
  });

  it('a refused compare-and-set writes nothing to the log', () => {
    const { sim } = race(5);
    expect(sim.trace().events.filter((e) => e.type === 'append' && e.node === 'A')).toHaveLength(1);
  });

  it('multi-leader refuses it: each leader would compare against its own copy', () => {
    const sim = createSimulation({ seed: 1, topology: { leaders: ['eu', 'us'] } });
    const op = sim.cas('seat:12A', null, 'ada');
    sim.runFor(100);
    expect(sim.result(op)).toMatchObject({ status: 'fail' });
    expect(sim.result(op)?.reason).toMatch(/single leader/);
  });

  it('a read from a follower followed by a plain write can sell the seat twice', () => {
    let doubleSold = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const sim = createSimulation({
        seed,
        topology: { leader: 'A', followers: ['B'] },
        network: { latency: { kind: 'uniform', min: 1, max: 20 } },
      });
      const reads = ['ada', 'bo'].map((c) => sim.read('seat:12A', { client: c, from: 'B' }));
      sim.runFor(50);
      const sawFree = reads.filter((r) => sim.result(r)?.status === 'ok' && sim.result(r)?.value === null);
      const writes = ['ada', 'bo'].slice(0, sawFree.length).map((c) => sim.write('seat:12A', c, { client: c }));
      sim.runFor(100);
      if (writes.filter((w) => sim.result(w)?.status === 'ok').length === 2) doubleSold++;
    }
    expect(doubleSold).toBe(20);
  });
});
