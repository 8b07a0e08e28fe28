#!/usr/bin/env node
/**
 * Command-line runner for named scenarios.
 *
 *   npm run simulate -- --list                 list scenarios by chapter
 *   npm run simulate -- <scenario> [--seed N]  run one and print a summary (metrics, checker verdicts)
 *   npm run simulate -- <scenario> --json      print the trace as JSON lines (one event per line)
 *
 * Node 24 runs the engine's TypeScript directly (type stripping), so this
 * script imports the sources as they are.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (rel) => import(pathToFileURL(join(root, rel)).href);

function usage(scenarioNames) {
  return [
    'usage: npm run simulate -- --list',
    '       npm run simulate -- <scenario> [--seed N] [--json]',
    '',
    `scenarios: ${scenarioNames.join(', ')}`,
  ].join('\n');
}

async function main(argv) {
  const engine = await load('src/engine/index.ts');
  const { scenarios, scenarioList } = await load('src/chapters/scenarios/index.ts');
  const names = scenarioList.map((s) => s.name);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(usage(names));
    return 0;
  }
  if (argv.includes('--list')) {
    let chapter = 0;
    for (const s of scenarioList) {
      if (s.chapter !== chapter) {
        chapter = s.chapter;
        console.log(`\nChapter ${chapter}`);
      }
      console.log(`  ${s.name.padEnd(30)} ${s.title}`);
      console.log(`  ${''.padEnd(30)} ${s.description}`);
    }
    return 0;
  }
  const name = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed');
  const seedIdx = argv.indexOf('--seed');
  const seed = seedIdx >= 0 ? Number(argv[seedIdx + 1]) : 1;
  if (!Number.isInteger(seed)) {
    console.error(`--seed needs an integer, got ${argv[seedIdx + 1]}`);
    return 2;
  }
  const scenario = name === undefined ? undefined : scenarios[name];
  if (scenario === undefined) {
    console.error(`unknown scenario: ${name ?? '(none)'}\n\n${usage(names)}`);
    return 2;
  }
  const trace = engine.runSimulation(scenario.build(seed));
  if (argv.includes('--json')) {
    const out = [JSON.stringify({ seed: trace.seed, label: trace.label, nodes: trace.nodes })];
    for (const e of trace.events) out.push(JSON.stringify(e));
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  }
  console.log(`${scenario.name} (chapter ${scenario.chapter}) seed ${seed}: ${scenario.title}`);
  console.log(scenario.description);
  const counts = {};
  for (const e of trace.events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  const end = trace.events.at(-1)?.time ?? 0;
  console.log(`\n${trace.events.length} events over ${end} ms virtual time, nodes ${trace.nodes.join(', ')}`);
  console.log(
    Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
  const outcomes = { ok: 0, fail: 0, info: 0 };
  const reasons = {};
  for (const e of trace.events) {
    if (e.type === 'ack') outcomes.ok++;
    if (e.type === 'fail' || e.type === 'info') {
      outcomes[e.type]++;
      reasons[e.reason] = (reasons[e.reason] ?? 0) + 1;
    }
  }
  console.log(`operations: ok=${outcomes.ok} fail=${outcomes.fail} info=${outcomes.info} ${JSON.stringify(reasons)}`);
  if (existsSync(join(root, 'src/engine/metrics/index.ts'))) {
    const { metrics } = await load('src/engine/metrics/index.ts');
    console.log('\nmetrics');
    // `distribution` and `percentile` are helpers over numbers, not metrics of a trace.
    const helpers = new Set(['distribution', 'percentile']);
    for (const [k, fn] of Object.entries(metrics ?? {})) {
      if (typeof fn !== 'function' || helpers.has(k)) continue;
      try {
        const v = fn(trace);
        console.log(`  ${k}: ${JSON.stringify(v)}`);
      } catch (err) {
        console.log(`  ${k}: (error: ${err instanceof Error ? err.message : String(err)})`);
      }
    }
  }
  console.log('\ncheckers');
  for (const [k, fn] of Object.entries(engine.check)) {
    try {
      const r = fn(trace);
      const first = r.violations[0];
      console.log(
        `  ${k.padEnd(24)} ${r.valid === true ? 'ok' : r.valid === false ? `VIOLATED x${r.violations.length}` : 'unknown'}${first ? `  — ${first.message}` : ''}`,
      );
    } catch (err) {
      console.log(`  ${k.padEnd(24)} (error: ${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return 0;
}

// Set the exit code and let the process end by itself: `process.exit()` would
// cut off output still queued for a pipe (`--json | wc -c` lost all but 64 KB).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  },
);
