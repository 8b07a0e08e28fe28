/**
 * Shrinking a failure: for graders that can run a smaller version of a seed
 * (fewer writes, so fewer faults), the report carries the smallest run of
 * the failing seed that still fails the same property, and that run
 * reproduces when graded at its scale.
 */
import { describe, expect, it } from 'vitest';
import { judgeSeed, SHRINK_SCALES, shrinkFailure } from '../../../src/assessment/grading/core.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import { graderFor } from '../../../src/assessment/graders/index.ts';
import { evaluateModule, loadExercises } from './support.ts';

const { exercises } = loadExercises();

function wrongSolution(graderName: string, file: string): string {
  const ex = exercises.find((e) => e.loaded.exercise.grader === graderName)?.loaded;
  const code = ex?.wrongCode.find((w) => w.file === file)?.code;
  if (code === undefined) throw new Error(`missing ${file}`);
  return code;
}

describe('shrinking a failing run', () => {
  for (const [graderName, file, property, size] of [
    ['ch01.loadShedding', 'wrong-always-accept.ts', 'fast-rejection', /^the first \d+ ms of the \d+ ms rush$/],
    ['ch02.applyBatch', 'wrong-no-dedupe.ts', 'applied-in-order', /^the first \d+ of \d+ writes$/],
    ['ch03.cdcConsumer', 'wrong-count-every-delivery.ts', 'no-double-count', /^the first \d+ of \d+ writes$/],
  ] as const) {
    it(`${graderName}: ${file} shrinks to a smaller run that still fails ${property}`, () => {
      const grader = graderFor(graderName);
      if (!grader) throw new Error('missing grader');
      const code = wrongSolution(graderName, file);
      const report = gradeSource(code, grader, grader.suites.checks);
      const f = report.failures.find((x) => x.property === property);
      const smaller = f?.smaller;
      expect(smaller, JSON.stringify(f)).toBeDefined();
      if (!f || !smaller) return;
      expect(smaller.scale).toBeLessThan(1);
      expect(smaller.step).toBeLessThanOrEqual(f.step);
      expect(smaller.size).toMatch(size);
      expect(smaller.message).toContain(
        `${property} failed on seed ${f.seed} at step ${smaller.step} of a smaller run`,
      );
      // The shrunk run is a real run: graded at its scale, it fails there.
      const again = judgeSeed(evaluateModule(code), grader, f.seed, { scale: smaller.scale });
      expect(again.outcome.failures.find((x) => x.property === property)?.step).toBe(smaller.step);
    });
  }

  it('does not shrink without a fresh module, for a grader that cannot, nor a missing export', () => {
    const ch1 = graderFor('ch01.loadShedding');
    const ch2 = graderFor('ch02.applyBatch');
    if (!ch1 || !ch2) throw new Error('missing grader');
    const noDedupe = wrongSolution('ch02.applyBatch', 'wrong-no-dedupe.ts');
    const reload = () => evaluateModule(noDedupe);
    const ordered = { property: 'applied-in-order', seed: 1, step: 5, message: 'x', scenario: ch2.scenario };
    expect(shrinkFailure(ch2, ordered, { reload })).toBeDefined();
    expect(shrinkFailure(ch2, ordered)).toBeUndefined();
    const budget = { ...ordered, property: 'latency-budget', scenario: ch1.scenario };
    const cannotShrink = { ...ch1, shrinks: false };
    expect(shrinkFailure(cannotShrink, budget, { reload: () => ({ admit: () => 'accept' }) })).toBeUndefined();
    expect(shrinkFailure(ch2, { ...ordered, property: 'entry-function' }, { reload })).toBeUndefined();
  });
});

describe('a shrunk run is never a small-sample artefact', () => {
  // If the reference failed a smaller run, a learner's shrunk failure could be one the lesson's rule fails too.
  for (const { chapter, loaded } of exercises) {
    const grader = graderFor(loaded.exercise.grader);
    if (!grader?.shrinks) continue;
    it(`${chapter}/${loaded.exercise.id}: the reference passes every shrink scale on the quick-check seeds`, () => {
      for (const scale of SHRINK_SCALES)
        for (const seed of grader.suites.checks) {
          const { outcome } = judgeSeed(evaluateModule(loaded.referenceCode), grader, seed, {
            scale,
            reload: () => evaluateModule(loaded.referenceCode),
          });
          expect(
            outcome.failures.map((f) => f.message),
            `scale ${scale}, seed ${seed}`,
          ).toEqual([]);
        }
    });
  }
});
