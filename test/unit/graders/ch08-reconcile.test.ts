/**
 * Chapter 8's grader: the drawn configurations cover every n, w and r the
 * task promises (so a rule tuned to n = 3, r = 2 fails), every replica is
 * sometimes the one cut off (so trusting a node by name fails), the reference
 * passes and each wrong solution fails on its own property with seed and
 * step (exercises.test.ts runs the YAML's list; this file checks the
 * configurations and what the failures say).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  N_RANGE,
  NO_NEEDLESS_REPAIR,
  NO_STALE_READ,
  REPAIRED_CATCH_UP,
  overlappingQuorums,
  reconcile,
  reconcileScenario,
} from '../../../src/chapters/ch08/grader.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';

const DIR = 'content/chapters/08-no-leader/exercises/quorum-read';
const code = (file: string) => readFileSync(`${DIR}/${file}`, 'utf8');

describe('ch08 reconcile: configurations', () => {
  const setups = reconcile.suites.submit.map((seed) => reconcileScenario(seed).setup);

  it('every quorum has w + r > n and leaves the cut-off replicas out of both quorums', () => {
    for (const s of setups) {
      const n = s.replicas.length;
      expect(s.w + s.r).toBeGreaterThan(n);
      expect(s.cut.length).toBe(n - Math.max(s.w, s.r));
      expect(s.cut.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('draws every n, every overlapping (w, r) and reads with r >= 3', () => {
    const ns = new Set(setups.map((s) => s.replicas.length));
    expect([...ns].sort()).toEqual([3, 4, 5].filter((n) => n >= N_RANGE[0] && n <= N_RANGE[1]));
    const pairs = new Set(setups.map((s) => `${s.replicas.length}:${s.w}:${s.r}`));
    for (let n = N_RANGE[0]; n <= N_RANGE[1]; n++)
      for (const [w, r] of overlappingQuorums(n)) expect(pairs, `n=${n} w=${w} r=${r}`).toContain(`${n}:${w}:${r}`);
    expect(setups.some((s) => s.r >= 3)).toBe(true);
  });

  it('cuts off every replica name on some seeds, A included', () => {
    const cut = new Set(setups.flatMap((s) => s.cut));
    for (const x of ['A', 'B', 'C', 'D', 'E']) expect(cut, x).toContain(x);
  });
});

describe('ch08 reconcile: what the failures say', () => {
  it('the reference passes the quick checks', () => {
    const report = gradeSource(code('reference.ts'), reconcile, reconcile.suites.checks);
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('the starter (first answer, no repair) fails on a stale read with n, w and r named', () => {
    const report = gradeSource(code('starter.ts'), reconcile, reconcile.suites.checks);
    const f = report.failures.find((x) => x.property === NO_STALE_READ);
    expect(f?.message).toMatch(/seed \d+ at step \d+/);
    expect(f?.message).toMatch(/n=\d, w=\d, r=\d, so w \+ r > n/);
  });

  it('never repairing names the replica left behind; repairing everyone names the needless write-back', () => {
    const never = gradeSource(code('wrong-never-repairs.ts'), reconcile, reconcile.suites.checks);
    expect(never.failures.map((f) => f.property)).toEqual([REPAIRED_CATCH_UP]);
    expect(never.failures[0]?.message).toMatch(/still holds .*the read did not repair it/);
    const all = gradeSource(code('wrong-repair-everyone.ts'), reconcile, reconcile.suites.checks);
    expect(all.failures.map((f) => f.property)).toEqual([NO_NEEDLESS_REPAIR]);
    expect(all.failures[0]?.message).toMatch(/did not answer with an older version/);
  });

  it('a reconcile that returns something that is not { value } is rejected at the call', () => {
    const report = gradeSource(
      `export function reconcile(responses: unknown[]) { return responses.length; }`,
      reconcile,
      reconcile.suites.checks.slice(0, 1),
    );
    expect(report.passed).toBe(false);
    expect(report.failures[0]?.message).toMatch(/must return an object/);
  });
});
