/**
 * Liveness of failover: after the leader crashes, a new leader is elected in
 * every seed. Regression test for a livelock where a less up-to-date candidate
 * and the most up-to-date one kept campaigning in the same epoch.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

describe('election liveness', () => {
  for (const name of [
    'ch04-async-leader-crash',
    'ch04-sync-leader-crash',
    'ch04-semi-sync',
    'ch06-leader-crash',
    'ch06-fenced',
  ]) {
    it(`${name}: a new leader is elected after the crash, for 100 seeds`, () => {
      const scenario = scenarios[name];
      expect(scenario, `scenario ${name} is registered`).toBeDefined();
      for (let seed = 1; seed <= 100; seed++) {
        const trace = runSimulation(scenario!.build(seed));
        const crash = trace.events.find((e) => e.type === 'crash');
        if (!crash) continue;
        const elected = trace.events.some((e) => e.type === 'elect' && e.step > crash.step);
        expect(elected, `${name} seed ${seed}: no leader elected after the crash at step ${crash.step}`).toBe(true);
      }
    });
  }
});
