/**
 * Swarm tests: whole single-leader configurations with failover drawn from a
 * seed (commit mode, network, workload, random crash / partition / loss
 * schedules; test/unit/support/swarm.ts), each run judged by the independent
 * oracle in test/unit/support/oracle.ts, and the engine's own checkers compared
 * against that oracle run by run. Every failure names the seed; replay it with
 * `swarmConfig(seed)` and `runSimulation`.
 */
import { describe, expect, it } from 'vitest';
import { check, runSimulation, type Trace } from '../../../src/engine/index.ts';
import { swarmConfig, type CommitMode } from '../support/swarm.ts';
import * as oracle from '../support/oracle.ts';

const SEEDS = 100;

function runs(build: (seed: number) => Parameters<typeof runSimulation>[0]): { seed: number; trace: Trace }[] {
  const out: { seed: number; trace: Trace }[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) out.push({ seed, trace: runSimulation(build(seed)) });
  return out;
}

function firstFinding(
  all: readonly { seed: number; trace: Trace }[],
  find: (t: Trace) => readonly oracle.OracleFinding[],
): string | undefined {
  for (const { seed, trace } of all) {
    const f = find(trace)[0];
    if (f !== undefined) return `seed ${seed}, step ${f.step}: ${f.what}`;
  }
  return undefined;
}

describe('swarm: random crash, partition and loss schedules', () => {
  for (const mode of ['sync', 'semi-sync'] as const satisfies readonly CommitMode[]) {
    it(`${mode}: no commit before the required followers hold that very entry`, () => {
      const all = runs((seed) => swarmConfig(seed, { mode }));
      expect(firstFinding(all, (t) => oracle.commitsBeforeHeld(t, mode))).toBeUndefined();
    });

    it(`${mode}: every acknowledged write survives a single fault`, () => {
      const all = runs((seed) => swarmConfig(seed, { mode, singleFault: true }));
      expect(firstFinding(all, oracle.lostAcknowledged)).toBeUndefined();
      for (const { seed, trace } of all) expect(check.lostAcknowledgedWrites(trace).valid, `seed ${seed}`).toBe(true);
    });
  }

  const mixed = runs((seed) => swarmConfig(seed));

  it('live logs agree once the run has settled, in every mode', () => {
    expect(firstFinding(mixed, oracle.logsDisagree)).toBeUndefined();
  });

  it('no elected leader steps down unless a fault happened since its election', () => {
    expect(firstFinding(mixed, oracle.stepDownsWithoutFault)).toBeUndefined();
  });

  it('splitBrain and lostAcknowledgedWrites agree with the oracle on every run', () => {
    for (const { seed, trace } of mixed) {
      expect(!check.splitBrain(trace).valid, `split brain, seed ${seed}`).toBe(
        oracle.overlappingWriters(trace).length > 0,
      );
      expect(!check.lostAcknowledgedWrites(trace).valid, `lost writes, seed ${seed}`).toBe(
        oracle.lostAcknowledged(trace).length > 0,
      );
    }
  });

  it('with fencing off, the checkers and the oracle flag the same split brains', () => {
    const unfenced = runs((seed) => {
      const c = swarmConfig(seed, { mode: 'async' });
      return { ...c, failover: { ...c.failover, fencing: false } };
    });
    let flagged = 0;
    for (const { seed, trace } of unfenced) {
      const o = oracle.overlappingWriters(trace).length > 0;
      expect(!check.splitBrain(trace).valid, `seed ${seed}`).toBe(o);
      if (o) flagged++;
    }
    // The comparison means something only if split brain actually happens.
    expect(flagged).toBeGreaterThan(SEEDS / 10);
  });
});
