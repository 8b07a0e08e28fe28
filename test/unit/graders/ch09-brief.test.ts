/**
 * Chapter 9's brief graders: each brief's reference fails the other two
 * briefs (so no single configuration passes all three), a calm day without
 * the fault schedule lets a wrong configuration through that the schedule
 * catches, malformed configurations are rejected with a sentence, and
 * nothing the learner's module does after exporting its value changes what
 * is graded.
 */
import { describe, expect, it } from 'vitest';
import { briefGraders, configProblem, judgeBrief } from '../../../src/chapters/ch09/grader.ts';
import { gradeExports } from '../../../src/assessment/grading/core.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import { CORE_PROPERTIES } from '../../../src/assessment/grading/types.ts';
import { BRIEFS, misses, runBrief, type ShapeConfig } from '../../../src/chapters/ch09/briefs.ts';
import { evaluateModule, loadExercises } from './support.ts';

const exercises = loadExercises().exercises.filter((e) => e.chapter === '09-choosing-a-shape');
const byGrader = new Map(exercises.map((e) => [e.loaded.exercise.grader, e.loaded]));

describe('ch09 brief graders', () => {
  it('has three briefs, each with an exercise', () => {
    expect(briefGraders).toHaveLength(3);
    for (const g of briefGraders) expect(byGrader.get(g.name), g.name).toBeDefined();
  });

  it("each brief's reference fails both other briefs, so no configuration passes all three", () => {
    for (const own of briefGraders) {
      const reference = byGrader.get(own.name)?.referenceCode ?? '';
      for (const other of briefGraders) {
        if (other === own) continue;
        const report = gradeSource(reference, other, other.suites.checks);
        expect(report.passed, `${own.name}'s reference passes ${other.name}`).toBe(false);
        expect(report.failures[0]?.message).toMatch(/seed \d+ at step \d+/);
      }
    }
  }, 120_000);

  it('reports the level, the measured value, the target and the virtual time', () => {
    const g = briefGraders.find((x) => x.name === 'ch09.briefScannerNetwork')!;
    const code = `export const config = { shape: 'leaderless', n: 5, w: 1, r: 1 };`;
    const report = gradeSource(code, g, g.suites.checks);
    const f = report.failures.find((x) => x.property === 'staleness');
    expect(f?.message).toMatch(
      /staleness failed on seed \d+ at step \d+: leaderless, n = 5, w = 1, r = 1 measured [\d.]+%/,
    );
    expect(f?.message).toMatch(/no stale reads/);
    expect(f?.message).toMatch(/at \d+ ms of virtual time/);
  });

  it('the box office reference for the festival fails only under the fault schedule', () => {
    const single: ShapeConfig = { shape: 'single-leader', commit: 'semi-sync', reads: 'leader', failoverTimeout: 600 };
    const brief = BRIEFS['festival-app'];
    for (const seed of [1, 2, 3]) {
      expect(misses(brief, runBrief(single, brief, seed, { faults: false }).measured), `calm seed ${seed}`).toEqual([]);
      expect(misses(brief, runBrief(single, brief, seed).measured).length, `bad day seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('rejects malformed configurations with a sentence naming the field', () => {
    expect(configProblem({ shape: 'ring' })).toMatch(/shape/);
    expect(configProblem({ shape: 'leaderless', n: 4, w: 2, r: 2 })).toMatch(/`n`/);
    expect(configProblem({ shape: 'leaderless', n: 3, w: 4, r: 1 })).toMatch(/`w`/);
    expect(configProblem({ shape: 'leaderless', n: 3, w: 2, r: 2.5 })).toMatch(/`r`/);
    expect(configProblem({ shape: 'single-leader', commit: 'quorum', reads: 'leader', failoverTimeout: 500 })).toMatch(
      /commit/,
    );
    expect(configProblem({ shape: 'single-leader', commit: 'sync', reads: 'leader', failoverTimeout: 5 })).toMatch(
      /failoverTimeout/,
    );
    expect(configProblem({ shape: 'multi-leader', conflicts: 'lww', w: 2 })).toMatch(/`w`.*not a setting/);
    expect(configProblem({ shape: 'multi-leader', conflicts: 'version-vector' })).toBeUndefined();
  });

  it('grades a frozen plain copy: getters, class instances and later mutation cannot change the verdict', () => {
    const g = briefGraders.find((x) => x.name === 'ch09.briefScannerNetwork')!;
    const seeds = g.suites.checks;
    // A getter that answers differently on every read is rejected before any run.
    const flip = evaluateModule(
      `let n = 0; export const config = { get shape() { return n++ % 2 ? 'leaderless' : 'multi-leader'; }, n: 5, w: 3, r: 3 };`,
    );
    const r1 = gradeExports(flip, g, seeds);
    expect(r1.failures.map((f) => f.property)).toEqual([CORE_PROPERTIES.answer]);
    expect(r1.failures[0]?.message).toMatch(/getter/);
    const cls = evaluateModule(`class C { shape = 'leaderless'; n = 5; w = 3; r = 3; } export const config = new C();`);
    expect(gradeExports(cls, g, seeds).failures[0]?.message).toMatch(/class/);
    // Mutating the exported object after grading started has no effect: each seed grades a copy.
    const mutable: Record<string, unknown> = { shape: 'leaderless', n: 5, w: 1, r: 1 };
    const report = gradeExports(
      { config: mutable },
      {
        ...g,
        run: (hook, seed) => {
          const got = (hook as () => ShapeConfig)();
          expect(Object.isFrozen(got)).toBe(true);
          mutable['w'] = 3;
          return judgeBrief(got, BRIEFS['scanner-network'], seed);
        },
      },
      seeds.slice(0, 1),
    );
    expect(report.failures.map((f) => f.property)).toContain('staleness');
  });

  it('a learner that patches Math or Array.prototype cannot change the measurements (the runner freezes intrinsics)', () => {
    const g = briefGraders.find((x) => x.name === 'ch09.briefScannerNetwork')!;
    const code = [
      `try { (Array.prototype as any).filter = function () { return []; }; } catch {}`,
      `try { (Math as any).max = () => 0; } catch {}`,
      `export const config = { shape: 'leaderless', n: 5, w: 1, r: 1 };`,
    ].join('\n');
    const report = gradeSource(code, g, g.suites.checks);
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => f.property)).toContain('staleness');
  });
});
