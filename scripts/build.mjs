// Builds the static site into dist/ and then the Pagefind search index over it.
// Prints the build time so `npm run bench` and people can see it.
import { spawnSync } from 'node:child_process';

const started = performance.now();
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('astro', ['build', ...process.argv.slice(2)]);
run('pagefind', ['--site', 'dist', '--silent']);
console.log(`build.seconds: ${((performance.now() - started) / 1000).toFixed(1)} s`);
