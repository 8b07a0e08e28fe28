// The one test command (`npm test`): types and lint, unit and content tests,
// a production build, then the browser tests against that build, then the
// cohort server's tests (SQLite, a throwaway PostgreSQL, load, faults, Chromium).
// Stops at the first failing stage and says which one failed; ends with one
// plain `tests: N passed, N failed, N skipped` line over both test projects.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('.cache', { recursive: true });
const vitest = (project) => [
  'vitest',
  [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=.cache/vitest-${project}.json`,
  ],
];
const stages = [
  ['lint and types', 'npm', ['run', '--silent', 'lint']],
  ['unit and content tests', ...vitest('unit')],
  ['build', 'node', ['scripts/build.mjs']],
  ['browser tests', ...vitest('e2e')],
  ['cohort server tests', ...vitest('server')],
];

function counts() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const project of ['unit', 'e2e', 'server']) {
    const file = `.cache/vitest-${project}.json`;
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    total.passed += r.numPassedTests ?? 0;
    total.failed += r.numFailedTests ?? 0;
    total.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  return `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
}

for (const [name, cmd, args] of stages) {
  const started = performance.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    console.log(counts());
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
console.log(counts());
