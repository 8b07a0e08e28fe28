#!/usr/bin/env node
/**
 * Grades a solution file in Node, as the browser's Submit does: the same
 * grader, the same submit seeds and the same grading core (gradeSource, the
 * runner's own `grade` path).
 *
 *   npm run grade -- <chapter>/<exercise> <file.ts>
 *   npm run grade -- 02-leaders-and-followers/apply-batch content/chapters/02-leaders-and-followers/exercises/apply-batch/reference.ts
 *
 * Prints each property's verdict with the first failing seed and step, and,
 * where the grader can shrink a run, the smallest run of that seed that still
 * fails.
 * Exit codes: 0 passed, 1 failed, 2 the command itself was wrong (unknown
 * exercise, unreadable file).
 *
 * Node 24 runs the TypeScript sources directly (type stripping), as
 * scripts/simulate.mjs does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (rel) => import(pathToFileURL(join(root, rel)).href);

const USAGE = [
  'usage: npm run grade -- <chapter>/<exercise> <file.ts>',
  'example: npm run grade -- 02-leaders-and-followers/apply-batch content/chapters/02-leaders-and-followers/exercises/apply-batch/reference.ts',
].join('\n');

/** Every exercise as `<chapter folder>/<exercise id>`, with what grading needs. */
function exerciseIndex(validateContent) {
  const report = validateContent(join(root, 'content'), 'content');
  const index = new Map();
  for (const chapter of report.chapters)
    for (const loaded of chapter.exercises) index.set(`${chapter.folder}/${loaded.exercise.id}`, loaded.exercise);
  return index;
}

/** One line per property, the grader's own first, then any the grading core reported (a throw, a crashed run). */
function verdictLines(grader, report) {
  const failed = new Map(report.failures.map((f) => [f.property, f]));
  const names = grader.properties.map((p) => p.name);
  for (const f of report.failures) if (!names.includes(f.property)) names.push(f.property);
  return names.map((name) => {
    const f = failed.get(name);
    if (!f) return `  pass  ${name}`;
    const graded = `  FAIL  ${name} (seed ${f.seed}, step ${f.step})`;
    // A shrunk run is easier to follow, so it comes first; the graded run stays beside it.
    if (f.smaller)
      return `${graded}\n        smallest failing run: ${f.smaller.message}\n        graded run: ${f.message}`;
    return `${graded}\n        ${f.message}`;
  });
}

async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const [exerciseArg, fileArg, ...extra] = argv;
  if (exerciseArg === undefined || fileArg === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { validateContent } = await load('src/site/validate-content.ts');
  const { graderFor } = await load('src/assessment/graders/index.ts');
  const { gradeSource } = await load('src/assessment/grading/source.ts');

  const index = exerciseIndex(validateContent);
  const exercise = index.get(exerciseArg.replace(/\/+$/, ''));
  if (exercise === undefined) {
    console.error(
      `unknown exercise: ${exerciseArg}\n\nexercises:\n${[...index.keys()].map((k) => `  ${k}`).join('\n')}`,
    );
    return 2;
  }
  const grader = graderFor(exercise.grader);
  if (grader === undefined) {
    console.error(
      `${exerciseArg} names grader ${exercise.grader}, which is not registered (a chapter's graders are listed in src/chapters/chNN/index.ts)`,
    );
    return 2;
  }
  const file = resolve(process.cwd(), fileArg);
  if (!existsSync(file) || !statSync(file).isFile()) {
    console.error(`no such file: ${fileArg}`);
    return 2;
  }

  const seeds = grader.suites.submit;
  const report = gradeSource(readFileSync(file, 'utf8'), grader, seeds);
  console.log(`${exerciseArg} (${grader.name}): ${fileArg}, ${seeds.length} seeds`);
  if (report.error) {
    console.log(`  could not grade: ${report.error.message}`);
    return 1;
  }
  for (const line of verdictLines(grader, report)) console.log(line);
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  console.log(
    `${verdict}: ${report.runs} of ${seeds.length} seeds graded in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return report.passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(2);
  },
);
