// Cohort re-grading through the grading sandbox (part of `npm run bench`):
// - cohort.regrade_30_learners_all_exercises: 30 learners × every exercise,
//   each learner's code different (a reference, starter or wrong solution
//   chosen per learner, plus a learner-unique comment, so nothing can be
//   cached), all queued at once through one pool on this machine's cores;
// - cohort.verify_one_submission_idle: one submission on an idle (warmed)
//   pool, from grade() to verdict; the slowest exercise's reference counts.
// Prints `name: value unit` lines, plus where the time went.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../src/server/grading/command.ts';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import type { SandboxVerdict } from '../../src/server/grading/types.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 30);

interface Exercise {
  readonly grader: string;
  readonly reference: string;
  /** Reference first, then the starter and every wrong solution. */
  readonly solutions: readonly string[];
}

function exercises(): Exercise[] {
  const chapters = join(REPO_ROOT, 'content', 'chapters');
  const out: Exercise[] = [];
  for (const chapter of readdirSync(chapters).sort()) {
    const dir = join(chapters, chapter, 'exercises');
    if (!existsSync(dir)) continue;
    for (const id of readdirSync(dir).sort()) {
      const ex = join(dir, id);
      const y = parse(readFileSync(join(ex, 'exercise.yaml'), 'utf8')) as {
        grader: string;
        reference: string;
        starter: string;
      };
      const files = [
        y.reference,
        y.starter,
        ...readdirSync(ex)
          .filter((f) => /^wrong-.*\.ts$/.test(f))
          .sort(),
      ];
      const solutions = files.map((f) => readFileSync(join(ex, f), 'utf8'));
      out.push({ grader: y.grader, reference: solutions[0] as string, solutions });
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const all = exercises();
const pool = createGradingPool({ maxQueue: 100_000 });

// Idle: the pool has warmed its spares; one submission at a time.
await pool.grade({ grader: all[0]!.grader, code: all[0]!.reference });
let slowest = 0;
for (const [i, ex] of all.entries()) {
  await sleep(1_500); // let the pool warm a spare again, as an idle class would
  const t0 = performance.now();
  const v = await pool.grade({ grader: ex.grader, code: `${ex.reference}\n// idle check ${i}\n` });
  if (!v.passed) throw new Error(`${ex.grader}: the reference did not pass in the sandbox`);
  slowest = Math.max(slowest, performance.now() - t0);
}
console.log(`cohort.verify_one_submission_idle: ${(slowest / 1000).toFixed(2)} s (budget 10 s)`);

// The whole class at once.
const jobs = [];
for (let learner = 0; learner < LEARNERS; learner++)
  for (const [e, ex] of all.entries()) {
    const code = `${ex.solutions[(learner + e) % ex.solutions.length]}\n// learner ${learner}: ${'x'.repeat(learner)}\n`;
    jobs.push({ grader: ex.grader, code, owner: `learner-${learner}` });
  }
const t0 = performance.now();
const verdicts: SandboxVerdict[] = await Promise.all(jobs.map((j) => pool.grade(j)));
const seconds = (performance.now() - t0) / 1000;
const busy = verdicts.reduce((s, v) => s + v.durationMs, 0) / 1000;
const graded = verdicts.reduce((s, v) => s + (v.report?.durationMs ?? 0), 0) / 1000;
console.log(`cohort.regrade_30_learners_all_exercises: ${seconds.toFixed(1)} s (budget 300 s)`);
console.log(`cohort.regrade.submissions: ${jobs.length} count`);
console.log(`cohort.regrade.pool_size: ${pool.stats().size} count (cores ${availableParallelism()})`);
console.log(`cohort.regrade.child_seconds: ${busy.toFixed(1)} s (sum over jobs, ready child to verdict)`);
console.log(`cohort.regrade.grading_seconds: ${graded.toFixed(1)} s (sum of gradeSource time inside the children)`);
console.log(`cohort.regrade.contained: ${verdicts.filter((v) => v.contained).length} count`);
console.log(`cohort.regrade.max_queued: ${(Math.max(...verdicts.map((v) => v.queuedMs)) / 1000).toFixed(1)} s`);
await pool.close();
