/**
 * The sandbox grades exactly as `npm run grade` does: for every exercise
 * (found by walking content/chapters/ * /exercises/ *, no list here), for its
 * reference, its starter and every wrong-*.ts, the pool's verdict equals the
 * one gradeSource computes in a plain Node process (what scripts/grade.mjs
 * runs): passed, the set of failing properties, and each first failure's seed
 * and step.
 *
 * One exception, by design: a `time-limit` failure (gradeSource's 20 s suite
 * budget) names the seed that was running when the WALL CLOCK ran out, which
 * depends on machine load; for it only its presence is compared. No current
 * solution reaches it (ch02's flooding wrong solution used to, before that
 * grader's event cap came down to 10,000), but a new slow one could.
 *
 * Speed (2 cores): the pool runs with size 1 while the plain process grades
 * the same files on the other core, so the two halves run side by side:
 * 104 s on a quiet machine (was 192 s at load 4-5 while ch02's runaway
 * solution spent 20 s on each side).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { GradeReport } from '../../src/assessment/grading/types.ts';
import { REPO_ROOT } from '../../src/server/grading/command.ts';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import type { SandboxVerdict } from '../../src/server/grading/types.ts';

interface Case {
  readonly label: string;
  readonly grader: string;
  readonly file: string;
  readonly isReference: boolean;
}

function allCases(): Case[] {
  const chapters = join(REPO_ROOT, 'content', 'chapters');
  const out: Case[] = [];
  for (const chapter of readdirSync(chapters).sort()) {
    const exercises = join(chapters, chapter, 'exercises');
    if (!existsSync(exercises)) continue;
    for (const id of readdirSync(exercises).sort()) {
      const dir = join(exercises, id);
      const yaml = parse(readFileSync(join(dir, 'exercise.yaml'), 'utf8')) as {
        grader: string;
        starter: string;
        reference: string;
      };
      const files = [
        yaml.reference,
        yaml.starter,
        ...readdirSync(dir)
          .filter((f) => /^wrong-.*\.ts$/.test(f))
          .sort(),
      ];
      for (const f of files)
        out.push({
          label: `${chapter}/${id}/${f}`,
          grader: yaml.grader,
          file: join(dir, f),
          isReference: f === yaml.reference,
        });
    }
  }
  return out;
}

/** gradeSource over every case in one plain (unsandboxed) Node process, as `npm run grade` runs it. */
function gradeUnsandboxed(cases: readonly Case[]): Promise<GradeReport[]> {
  const script = `
    const root = ${JSON.stringify(REPO_ROOT)};
    const { readFileSync } = await import('node:fs');
    const { graderFor } = await import(root + '/src/assessment/graders/index.ts');
    const { gradeSource } = await import(root + '/src/assessment/grading/source.ts');
    const cases = JSON.parse(readFileSync(0, 'utf8'));
    const out = [];
    for (const c of cases) { const g = graderFor(c.grader); out.push(gradeSource(readFileSync(c.file, 'utf8'), g, g.suites.submit)); }
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let stdout = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as GradeReport[]) : reject(new Error(`grading process exited ${code}`)),
    );
    p.stdin.end(JSON.stringify(cases));
  });
}

/** What must agree: passed, and each failing property with its first failure's seed and step. */
function summary(report: GradeReport | null) {
  if (!report) return null;
  return {
    passed: report.passed,
    error: report.error?.kind ?? null,
    failures: Object.fromEntries(
      [...report.failures]
        .sort((a, b) => a.property.localeCompare(b.property))
        .map((f) => [f.property, f.property === 'time-limit' ? 'present' : `seed ${f.seed}, step ${f.step}`]),
    ),
  };
}

const pool = createGradingPool({ size: 1 });
afterAll(() => pool.close(1_000));

describe('sandboxed verdicts equal npm run grade on every exercise', () => {
  const cases = allCases();

  it('finds every exercise with a reference, a starter and wrong solutions', () => {
    const exercises = new Set(cases.map((c) => c.label.split('/').slice(0, 2).join('/')));
    expect(exercises.size).toBeGreaterThanOrEqual(11);
    expect(cases.length).toBeGreaterThan(exercises.size * 3);
  });

  it('reference, starter and every wrong-*.ts: same verdict in the pool and in plain gradeSource', async () => {
    const sandboxed = Promise.all(
      cases.map((c) => pool.grade({ grader: c.grader, code: readFileSync(c.file, 'utf8') })),
    );
    const [plain, boxed] = await Promise.all([gradeUnsandboxed(cases), sandboxed]);
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const v = boxed[i] as SandboxVerdict;
      const want = summary(plain[i] as GradeReport);
      const got = summary(v.report);
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
