/**
 * Chapter 4's grader: the drawn clusters must differ enough that no fixed
 * waiting time and no fixed count of confirmations passes, every seed must
 * crash exactly one node, and the budget must follow the drawn network.
 * (exercises.test.ts proves the reference passes and the listed wrong
 * solutions fail.)
 */
import { describe, expect, it } from 'vitest';
import { NEAR_DELAY_RANGE_MS, ackPolicy, ackScenario } from '../../../src/chapters/ch04/grader.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';

describe('ch04 ack policy: clusters', () => {
  const clusters = ackPolicy.suites.submit.map((seed) => ackScenario(seed).cluster);

  it('draws datacenter delays over their whole range, 15x apart', () => {
    const delays = clusters.map((c) => c.nearDelayMs);
    expect(Math.min(...delays)).toBeLessThan(NEAR_DELAY_RANGE_MS[0] * 1.3);
    expect(Math.max(...delays)).toBeGreaterThan(NEAR_DELAY_RANGE_MS[1] * 0.8);
  });

  it('crashes exactly one node per seed: the leader, a nearby follower or a far one', () => {
    for (const seed of ackPolicy.suites.submit.slice(0, 20)) {
      const { config } = ackScenario(seed);
      expect(config.faults?.filter((f) => f.kind === 'crash')).toHaveLength(1);
      expect(config.faults?.some((f) => f.kind === 'restart')).toBe(false);
    }
    const roles = new Set(clusters.map((c) => c.crash.role));
    expect([...roles].sort()).toEqual(['far follower', 'leader', 'near follower']);
  });

  it('meets two and three nearby followers, and zero to three far ones, in the quick checks too', () => {
    const quick = ackPolicy.suites.checks.map((seed) => ackScenario(seed).cluster);
    expect(new Set(quick.map((c) => c.near.length))).toEqual(new Set([2, 3]));
    expect(new Set(quick.map((c) => c.crash.role)).has('leader')).toBe(true);
    expect(new Set(clusters.map((c) => c.far.length))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('derives the budget from the drawn network (a datacenter round trip), not a constant', () => {
    for (const c of clusters) {
      expect(c.budgetMs).toBeGreaterThan(2 * c.nearDelayMs);
      expect(c.budgetMs).toBeLessThan(2 * c.farDelayMs * 0.5 + 20);
    }
    const budgets = clusters.map((c) => c.budgetMs);
    expect(Math.max(...budgets) / Math.min(...budgets)).toBeGreaterThan(2);
  });
});

describe('ch04 ack policy: no constant passes', () => {
  // The leader asks again only when a confirmation arrives, so a short fixed wait usually ends
  // at the write's own confirmation; it still acknowledges some writes nobody has (full suite).
  for (const wait of [0, 5, 10, 20, 40, 80]) {
    it(`waited >= ${wait} fails`, () => {
      const code = `export function ackPolicy(state: { waited: number }): boolean {\n  return state.waited >= ${wait};\n}`;
      const seeds = wait === 5 ? ackPolicy.suites.submit : ackPolicy.suites.submit.slice(0, 40);
      const report = gradeSource(code, ackPolicy, seeds);
      expect(report.error).toBeUndefined();
      expect(report.passed).toBe(false);
    });
  }
  for (const count of [2, 3]) {
    it(`acked.length >= ${count} fails the latency budget`, () => {
      const code = `export function ackPolicy(state: { acked: readonly string[] }): boolean {\n  return state.acked.length >= ${count};\n}`;
      const report = gradeSource(code, ackPolicy, ackPolicy.suites.submit.slice(0, 40));
      expect(report.passed).toBe(false);
      expect(report.failures.map((f) => f.property)).toContain('latency-budget');
    });
  }
  it('a majority of the whole cluster is safe but fails the budget when the far region is needed', () => {
    const code = `export function ackPolicy(state: { acked: readonly string[]; followers: readonly unknown[] }): boolean {\n  return state.acked.length + 1 > (state.followers.length + 1) / 2;\n}`;
    const report = gradeSource(code, ackPolicy, ackPolicy.suites.submit.slice(0, 40));
    expect(report.failures.map((f) => f.property)).not.toContain('no-lost-ack');
    expect(report.passed).toBe(false);
  });
});
