/**
 * `npm run grade` (scripts/grade.mjs) end to end, in a child Node process as
 * a person runs it: every exercise's reference passes (exit 0), its starter
 * fails (non-zero) naming a property with its seed and step, and a wrong
 * exercise or file is refused with a clear message.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercises } from './support.ts';

const { exercises } = loadExercises();

function grade(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['scripts/grade.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run grade', () => {
  for (const { chapter, loaded } of exercises) {
    const key = `${chapter}/${loaded.exercise.id}`;
    const dir = loaded.dir;

    it(`${key}: the reference passes (exit 0)`, () => {
      const r = grade(key, join(dir, loaded.exercise.reference));
      expect(r.status, r.out + r.err).toBe(0);
      expect(r.out).toContain('PASSED');
      expect(r.out).not.toContain('FAIL ');
    });

    it(`${key}: the starter fails (non-zero) naming property, seed and step`, () => {
      const r = grade(key, join(dir, loaded.exercise.starter));
      expect(r.status, r.out + r.err).toBe(1);
      expect(r.out).toMatch(/FAIL {2}\S+ \(seed \d+, step \d+\)/);
      expect(r.out).toContain('FAILED');
    });
  }

  it('shows the smallest failing run first, the graded run beside it', () => {
    const r = grade(
      '02-leaders-and-followers/apply-batch',
      'content/chapters/02-leaders-and-followers/exercises/apply-batch/wrong-no-dedupe.ts',
    );
    expect(r.status).toBe(1);
    const smallest = r.out.indexOf('smallest failing run: applied-in-order failed on seed');
    expect(smallest).toBeGreaterThan(0);
    expect(r.out.indexOf('graded run: applied-in-order failed on seed')).toBeGreaterThan(smallest);
  });

  it('refuses an unknown exercise, listing the known ones', () => {
    const r = grade('02-leaders-and-followers/no-such-exercise', 'README.md');
    expect(r.status).toBe(2);
    expect(r.err).toContain('unknown exercise: 02-leaders-and-followers/no-such-exercise');
    expect(r.err).toContain('02-leaders-and-followers/apply-batch');
  });

  it('refuses a file that does not exist', () => {
    const r = grade('02-leaders-and-followers/apply-batch', 'no/such/file.ts');
    expect(r.status).toBe(2);
    expect(r.err).toContain('no such file: no/such/file.ts');
  });

  it('prints usage without arguments', () => {
    const r = grade();
    expect(r.status).toBe(2);
    expect(r.err).toContain('usage: npm run grade');
  });
});
