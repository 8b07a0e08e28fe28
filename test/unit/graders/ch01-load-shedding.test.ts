/**
 * Chapter 1's grader against "a constant tuned to the test range": the drawn
 * machines must differ enough that no fixed queue limit passes, while the
 * reference rule (which uses `workers` and `serviceTime`) passes every seed
 * (exercises.test.ts proves the latter).
 */
import { describe, expect, it } from 'vitest';
import {
  MEAN_SERVICE_RANGE_MS,
  WORKER_RANGE,
  loadShedding,
  loadSheddingScenario,
} from '../../../src/chapters/ch01/grader.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';

/** Limits from "serve one at a time" to "never reject"; the reviewer's 12 among them. */
const FIXED_LIMITS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 1000];

describe('ch01 load shedding: machines', () => {
  const machines = loadShedding.suites.submit.map((seed) => loadSheddingScenario(seed).machine);
  const slotTimes = machines.map((m) => m.meanServiceMs / m.workers);

  it('draws worker counts and service times over their whole ranges', () => {
    const workers = machines.map((m) => m.workers);
    expect(Math.min(...workers)).toBe(WORKER_RANGE[0]);
    expect(Math.max(...workers)).toBe(WORKER_RANGE[1]);
    const service = machines.map((m) => m.meanServiceMs);
    expect(Math.min(...service)).toBeLessThan(MEAN_SERVICE_RANGE_MS[0] * 1.5);
    expect(Math.max(...service)).toBeGreaterThan(MEAN_SERVICE_RANGE_MS[1] * 0.8);
  });

  it('spreads the cost of one queue slot over more than 50x, in the quick checks too', () => {
    expect(Math.max(...slotTimes) / Math.min(...slotTimes)).toBeGreaterThan(50);
    const quick = loadShedding.suites.checks.map((seed) => {
      const m = loadSheddingScenario(seed).machine;
      return m.meanServiceMs / m.workers;
    });
    expect(Math.max(...quick) / Math.min(...quick)).toBeGreaterThan(20);
  });
});

describe('ch01 load shedding: no fixed queue limit passes', () => {
  for (const limit of FIXED_LIMITS) {
    it(`queueDepth < ${limit} fails the quick checks`, () => {
      const code = `export function admit(queueDepth: number): 'accept' | 'reject' {\n  return queueDepth < ${limit} ? 'accept' : 'reject';\n}`;
      const report = gradeSource(code, loadShedding, loadShedding.suites.checks);
      expect(report.error).toBeUndefined();
      expect(report.passed).toBe(false);
    });
  }
});
