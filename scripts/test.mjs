// The one test command (`npm test`): types and lint, unit and content tests,
// a production build, then the browser tests against that build.
// Stops at the first failing stage and says which one failed.
import { spawnSync } from 'node:child_process';

const stages = [
  ['lint and types', 'npm', ['run', '--silent', 'lint']],
  ['unit and content tests', 'vitest', ['run', '--project', 'unit']],
  ['build', 'node', ['scripts/build.mjs']],
  ['browser tests', 'vitest', ['run', '--project', 'e2e']],
];

for (const [name, cmd, args] of stages) {
  const started = performance.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
