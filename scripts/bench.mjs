// `npm run bench`: prints every budgeted figure as `name: value unit`, one per line.
// It builds the site (timed), weighs each lesson page's HTML and its
// JavaScript before interaction, then runs each part in scripts/bench/ (engine speed, grading,
// browser timings), which print their own lines. `--no-build` reuses dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HTML_BUDGET, htmlWeight, kb, pageWeight } from './page-weight.mjs';

const skipBuild = process.argv.includes('--no-build');
if (!skipBuild) {
  const started = performance.now();
  const result = spawnSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`build.seconds: ${((performance.now() - started) / 1000).toFixed(1)} s (budget 90 s)`);
}

const lessons = existsSync('dist/chapters')
  ? readdirSync('dist/chapters')
      .map((d) => join('dist/chapters', d, 'index.html'))
      .filter(existsSync)
  : [];
let maxInitial = 0;
let maxBefore = 0;
const maxHtml = { raw: 0, gzip: 0 };
for (const file of lessons) {
  const slug = file.split('/')[2];
  const w = pageWeight('dist', file);
  maxInitial = Math.max(maxInitial, w.initial);
  maxBefore = Math.max(maxBefore, w.beforeInteraction);
  console.log(`page.js_all_islands_hydrated.${slug}: ${kb(w.beforeInteraction)} KB`);
  const html = htmlWeight(file);
  maxHtml.raw = Math.max(maxHtml.raw, html.raw);
  maxHtml.gzip = Math.max(maxHtml.gzip, html.gzip);
  console.log(`page.html_raw.${slug}: ${kb(html.raw)} KB`);
  console.log(`page.html_gzip.${slug}: ${kb(html.gzip)} KB`);
}
console.log(`page.html_raw.max: ${kb(maxHtml.raw)} KB (budget ${kb(HTML_BUDGET.raw)} KB)`);
console.log(`page.html_gzip.max: ${kb(maxHtml.gzip)} KB (budget ${kb(HTML_BUDGET.gzip)} KB)`);
console.log(`page.js_initial_scripts.max: ${kb(maxInitial)} KB`);
console.log(
  `page.js_all_islands_hydrated.max: ${kb(maxBefore)} KB (upper bound: every island on the page scrolled into view; the budgeted figure is browser.page_js_before_interaction.max)`,
);
const home = pageWeight('dist', 'dist/index.html');
console.log(`page.js_all_islands_hydrated.home: ${kb(home.beforeInteraction)} KB`);

const parts = [
  'scripts/bench-engine.ts',
  ...readdirSync('scripts/bench')
    .sort()
    .map((p) => join('scripts/bench', p)),
];
for (const part of parts.filter((p) => /\.(mjs|ts)$/.test(p))) {
  const result = spawnSync('node', [part], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`bench.${part}: failed (exit ${result.status})`);
}
