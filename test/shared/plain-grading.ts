/**
 * What every "same verdict everywhere" test compares against: gradeSource in a
 * plain Node process, exactly as `npm run grade` (scripts/grade.mjs) runs it,
 * over every exercise's reference, starter and wrong solutions; and the one
 * summary of a verdict those tests compare.
 *
 * Used by test/server/grading-consistency.test.ts (the sandbox pool) and
 * test/e2e/grading-consistency.test.ts (the browser's engine worker). The
 * plain process is a child so it runs on the other core while the side under
 * test grades the same files.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GradeReport } from '../../src/assessment/grading/types.ts';
import { REPO_ROOT } from '../../src/server/grading/command.ts';
import { validateContent } from '../../src/site/validate-content.ts';

export interface SolutionCase {
  /** chapter folder / exercise id / file */
  readonly label: string;
  readonly chapter: string;
  readonly exercise: string;
  readonly grader: string;
  readonly file: string;
  readonly code: string;
  readonly isReference: boolean;
}

/** Every exercise's reference, starter and wrong solutions, found by walking content/ (no list here). */
export function solutionCases(): SolutionCase[] {
  const content = validateContent(join(REPO_ROOT, 'content'));
  if (content.errors.length > 0) throw new Error(`content is invalid:\n${content.errors.join('\n')}`);
  const out: SolutionCase[] = [];
  for (const chapter of content.chapters)
    for (const loaded of chapter.exercises) {
      const { exercise } = loaded;
      const base = { chapter: chapter.folder, exercise: exercise.id, grader: exercise.grader };
      const files = [
        { file: exercise.reference, code: loaded.referenceCode, isReference: true },
        { file: exercise.starter, code: loaded.starterCode, isReference: false },
        ...loaded.wrongCode.map((w) => ({ file: w.file, code: w.code, isReference: false })),
      ];
      for (const f of files) out.push({ ...base, ...f, label: `${chapter.folder}/${exercise.id}/${f.file}` });
    }
  return out;
}

/** gradeSource over every case, with the grader's submit seeds, in one plain (unsandboxed) Node child. */
export function gradeInPlainNode(cases: readonly SolutionCase[]): Promise<GradeReport[]> {
  const script = `
    const root = ${JSON.stringify(REPO_ROOT)};
    const { readFileSync } = await import('node:fs');
    const { graderFor } = await import(root + '/src/assessment/graders/index.ts');
    const { gradeSource } = await import(root + '/src/assessment/grading/source.ts');
    const cases = JSON.parse(readFileSync(0, 'utf8'));
    const out = [];
    for (const c of cases) { const g = graderFor(c.grader); out.push(gradeSource(c.code, g, g.suites.submit)); }
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
    p.stdin.end(JSON.stringify(cases.map((c) => ({ grader: c.grader, code: c.code }))));
  });
}

/** A failing property, as compared: `seed S, step T`, or only `present` for a wall-clock time-limit. */
export type FailureSummary = string;

export interface VerdictSummary {
  readonly passed: boolean;
  /** The error kind when the run could not finish (compile error, endless loop, …), else null. */
  readonly error: string | null;
  /** Failing property -> where it first failed; empty when `error` (then no property was judged). */
  readonly failures: Readonly<Record<string, FailureSummary>>;
}

/**
 * What must agree between two graders of the same code: passed, whether it
 * errored, and each failing property with its first failure's seed and step.
 * A `time-limit` failure names the seed that was running when the WALL CLOCK
 * ran out, which depends on machine load: for it only its presence counts.
 */
export function summarise(report: Pick<GradeReport, 'passed' | 'error' | 'failures'>): VerdictSummary {
  const error = report.error?.kind ?? null;
  return {
    passed: report.passed,
    error,
    failures: error
      ? {}
      : Object.fromEntries(
          [...report.failures]
            .sort((a, b) => a.property.localeCompare(b.property))
            .map((f) => [f.property, f.property === 'time-limit' ? 'present' : `seed ${f.seed}, step ${f.step}`]),
        ),
  };
}
