/**
 * The sandbox grades exactly as `npm run grade` does: for every exercise
 * (found by walking content/chapters/ * /exercises/ *, no list here), for its
 * reference, its starter and every wrong-*.ts, the pool's verdict equals the
 * one gradeSource computes in a plain Node process (what scripts/grade.mjs
 * runs): passed, the set of failing properties, and each first failure's seed
 * and step.
 *
 * What is compared, and the one exception for a wall-clock time-limit, is
 * test/shared/plain-grading.ts's `summarise`, shared with the browser's test.
 *
 * Speed (2 cores): the pool runs with size 1 while the plain process grades
 * the same files on the other core, so the two halves run side by side:
 * 104 s on a quiet machine (was 192 s at load 4-5 while ch02's runaway
 * solution spent 20 s on each side).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import type { SandboxVerdict } from '../../src/server/grading/types.ts';
import { gradeInPlainNode, solutionCases, summarise } from '../shared/plain-grading.ts';

const pool = createGradingPool({ size: 1 });
afterAll(() => pool.close(1_000));

describe('sandboxed verdicts equal npm run grade on every exercise', () => {
  const cases = solutionCases();

  it('finds every exercise with a reference, a starter and wrong solutions', () => {
    const exercises = new Set(cases.map((c) => `${c.chapter}/${c.exercise}`));
    expect(exercises.size).toBeGreaterThanOrEqual(11);
    expect(cases.length).toBeGreaterThan(exercises.size * 3);
  });

  it('reference, starter and every wrong-*.ts: same verdict in the pool and in plain gradeSource', async () => {
    const sandboxed = Promise.all(cases.map((c) => pool.grade({ grader: c.grader, code: c.code })));
    const [plain, boxed] = await Promise.all([gradeInPlainNode(cases), sandboxed]);
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const v = boxed[i] as SandboxVerdict;
      const want = summarise(plain[i]!);
      const got = v.report ? summarise(v.report) : null;
      if (v.contained || JSON.stringify(want) !== JSON.stringify(got))
        mismatches.push(
          `${c.label}: npm run grade ${JSON.stringify(want)}, sandbox ${JSON.stringify(got ?? v.contained)}`,
        );
    });
    expect(mismatches).toEqual([]);
    // The comparison could fail: references pass, everything else fails.
    cases.forEach((c, i) => expect((boxed[i] as SandboxVerdict).passed, c.label).toBe(c.isReference));
  }, 400_000);
});
