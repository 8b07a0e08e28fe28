/** Same config + same seed = byte-identical trace, over many seeds and features. */
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimulationConfig } from '../../../src/engine/index.ts';
import { scenarioList } from '../../../src/chapters/scenarios/index.ts';

function mixed(seed: number): SimulationConfig {
  return {
    seed,
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: {
      mode: seed % 3 === 0 ? 'sync' : seed % 3 === 1 ? 'semi-sync' : 'async',
      format: 'statement',
      maxBatch: 4,
    },
    network: { latency: { kind: 'exponential', mean: 4, min: 1 }, loss: 0.05, duplicate: 0.05, fifo: false },
    capacity: { workers: 1, readTime: { kind: 'uniform', min: 1, max: 3 } },
    clients: { timeout: 60 },
    workload: {
      clients: 2,
      thinkTime: { kind: 'uniform', min: 1, max: 10 },
      readRatio: 0.4,
      exprRatio: 0.3,
      keys: ['a', 'b'],
      duration: 60,
    },
    faults: [
      { at: 20, kind: 'crash', node: 'B' },
      { at: 30, kind: 'partition', groups: [['A', 'B'], ['C']] },
      { at: 45, kind: 'heal' },
      { at: 50, kind: 'restart', node: 'B' },
    ],
  };
}

describe('determinism', () => {
  it('replays 1,000 seeds byte-identically', () => {
    const distinct = new Set<string>();
    for (let seed = 0; seed < 1000; seed++) {
      const a = JSON.stringify(runSimulation(mixed(seed), { settle: 60 }));
      const b = JSON.stringify(runSimulation(mixed(seed), { settle: 60 }));
      if (a !== b) expect.fail(`seed ${seed}: two runs of the same config produced different traces`);
      if (seed < 50) distinct.add(a);
    }
    expect(distinct.size, 'different seeds should give different runs').toBeGreaterThan(45);
  });

  it('replays every named scenario identically', () => {
    for (const s of scenarioList) {
      const a = JSON.stringify(runSimulation(s.build(11)));
      const b = JSON.stringify(runSimulation(s.build(11)));
      expect(a === b, `scenario ${s.name}, seed 11: traces differ`).toBe(true);
    }
  });

  it('numbers steps densely and never goes back in time', () => {
    for (let seed = 0; seed < 20; seed++) {
      const t = runSimulation(mixed(seed));
      t.events.forEach((e, i) => {
        if (e.step !== i) expect.fail(`seed ${seed}: event ${i} has step ${e.step}`);
        const prev = t.events[i - 1];
        if (prev && prev.time > e.time) expect.fail(`seed ${seed}: time goes back at step ${i}`);
      });
    }
  });
});
