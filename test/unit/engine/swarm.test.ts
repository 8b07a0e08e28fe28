/**
 * Swarm tests: whole single-leader configurations with failover drawn from a
 * seed (commit mode, network, workload, random crash / partition / loss
 * schedules; test/unit/support/swarm.ts), each run judged by the independent
 * oracle in test/unit/support/oracle.ts, and the engine's own checkers compared
 * against that oracle run by run. Every failure names the seed; replay it with
 * `swarmConfig(seed)` and `runSimulation`.
 */
import { describe, expect, it } from 'vitest';
import { check, runSimulation, type SimulationConfig, type Trace } from '../../../src/engine/index.ts';
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

/**
 * Chapter 9's global single leader (copied here so the regression does not
 * depend on where the chapter keeps its scenarios): eu-1 crashes at 1200 and
 * restarts at 2000 believing it still leads, without a lease.
 */
function globalSingleLeader(seed: number): SimulationConfig {
  return {
    seed,
    topology: { leader: 'eu-1', followers: ['eu-2', 'us-1', 'ap-1'] },
    replication: { mode: 'semi-sync', syncFollowers: ['eu-2'] },
    network: {
      regions: {
        nodes: { 'eu-1': 'eu', 'eu-2': 'eu', 'us-1': 'us', 'ap-1': 'ap' },
        latency: {
          eu: { kind: 'uniform', min: 1, max: 3 },
          'eu-us': { kind: 'uniform', min: 40, max: 60 },
          'eu-ap': { kind: 'uniform', min: 90, max: 130 },
          'us-ap': { kind: 'uniform', min: 70, max: 100 },
        },
      },
    },
    clients: { timeout: 500, retries: 2, readFrom: 'followers' },
    failover: { heartbeatInterval: 50, timeout: 400 },
    workload: { clients: 6, thinkTime: 10, readRatio: 0.8, keys: ['a', 'b', 'c'], duration: 3000 },
    faults: [
      { at: 600, kind: 'slow', from: 'eu-1', to: 'us-1', factor: 5 },
      { at: 1200, kind: 'crash', node: 'eu-1' },
      { at: 2000, kind: 'restart', node: 'eu-1' },
      { at: 2400, kind: 'partition', groups: [['eu-1', 'eu-2', 'us-1'], ['ap-1']] },
      { at: 2800, kind: 'heal' },
    ],
  };
}

describe('regressions found by the swarm', () => {
  // Seed 5: eu-2 campaigned for epoch 2 and us-1 and ap-1 granted it; then eu-1 came back believing it
  // led epoch 1 (no lease), eu-2 gave up its campaign to follow it, the voters fenced eu-1, and nobody
  // led for the rest of the run. A candidate now refuses an unleased leader of the epoch it suspected.
  // Over 200 seeds, runs ending without a leader went from 21 to 14 (`npm run -s figures`).
  it('ch9 global single leader, seed 5: a campaign is not abandoned for the restarted, unleased old leader', () => {
    const t = runSimulation(globalSingleLeader(5));
    const elected = t.events.filter((e) => e.type === 'elect').map((e) => e.time);
    expect(
      elected.some((time) => time > 2000 && time < 2400),
      'seed 5',
    ).toBe(true);
    expect(oracle.endState(t).leader, 'seed 5').not.toBeNull();
  });

  it('without faults no campaign deposes the leader (the new refusal disrupts nothing)', () => {
    // Nothing fails: any campaign comes from a false suspicion and must not depose the leader.
    for (let seed = 1; seed <= 30; seed++) {
      const c = swarmConfig(seed, { mode: 'async', loss: false });
      const t = runSimulation({ ...c, faults: [] });
      expect(
        t.events.filter((e) => e.type === 'elect'),
        `seed ${seed}`,
      ).toEqual([]);
      expect(oracle.stepDownsWithoutFault(t), `seed ${seed}`).toEqual([]);
    }
  });
});
