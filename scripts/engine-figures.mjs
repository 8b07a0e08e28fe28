#!/usr/bin/env node
/**
 * Seeds failing per configuration: runs the failover scenarios and swarm
 * configurations over many seeds and counts, per configuration, the seeds on
 * which an independent oracle (test/unit/support/oracle.ts) or an engine
 * checker finds a problem. The before/after figures of engine fixes come from
 * here.
 *
 * It also prints the control-logic figure of issue 8: how much of the
 * engine's control logic lives in protocol machines (see `controlFigure`).
 *
 *   npm run -s figures            200 seeds per configuration, then the control-logic figure
 *   npm run -s figures -- 50      fewer seeds
 *   npm run -s figures -- control only the control-logic figure (no simulations, instant)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Code lines of a TypeScript file: not blank, not inside a comment. Good
 * enough for this source (no comment markers inside strings that matter).
 */
function codeLines(text) {
  const out = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      line = line.slice(end + 2).trim();
    }
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlock = true;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    out.push(line);
  }
  return out;
}

const tsFiles = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));

/** A branch point of hand-written control flow: `if`, `else if`, `case`, a ternary, a loop with a condition. */
const BRANCH = /\bif \(|\bcase [^:]+:|\bwhile \(| \? [^:]+ : /g;

/**
 * The control-logic figure. Machines: the code lines of
 * `src/engine/machines/*.ts` except the host and the index (the runtime, not
 * protocol behaviour), and their declared transitions (`target:` entries).
 * Hand-written: the code lines of `src/engine/sim/*.ts` and
 * `src/engine/protocols/*.ts`, and their branch points (`BRANCH`). Both
 * sides count what decides behaviour; the sim side also holds the data path
 * (appends, deliveries, applies) that the design keeps as plain code, so the
 * share is a lower bound on the control logic the machines model.
 */
function controlFigure() {
  const machines = tsFiles('src/engine/machines').filter((f) => !/\/(host|index)\.ts$/.test(f));
  const hand = [...tsFiles('src/engine/sim'), ...tsFiles('src/engine/protocols')];
  const measure = (files, count) =>
    files.reduce(
      (acc, f) => {
        const lines = codeLines(readFileSync(join(root, f), 'utf8'));
        return { lines: acc.lines + lines.length, points: acc.points + count(lines) };
      },
      { lines: 0, points: 0 },
    );
  const m = measure(machines, (lines) => lines.filter((l) => /\btarget:/.test(l)).length);
  const h = measure(hand, (lines) => lines.reduce((n, l) => n + (l.match(BRANCH)?.length ?? 0), 0));
  const pct = (a, b) => ((100 * a) / (a + b)).toFixed(0);
  console.log(
    `control logic: ${machines.length} machine files, ${m.lines} code lines, ${m.points} declared transitions; ` +
      `sim + protocols: ${hand.length} files, ${h.lines} code lines, ${h.points} branch points`,
  );
  console.log(
    `control logic in machines: ${pct(m.lines, h.lines)}% of the code lines, ` +
      `${pct(m.points, h.points)}% of transitions + branch points (machines / (machines + sim and protocols))`,
  );
}

if (process.argv[2] === 'control') {
  controlFigure();
  process.exit(0);
}
const load = (rel) => import(pathToFileURL(join(root, rel)).href);

const engine = await load('src/engine/index.ts');
const { scenarios } = await load('src/chapters/scenarios/index.ts');
const oracle = await load('test/unit/support/oracle.ts');
const { swarmConfig } = await load('test/unit/support/swarm.ts');
const seeds = Number(process.argv[2] ?? 200);

const count = (build, judge) => {
  let failing = 0;
  for (let seed = 1; seed <= seeds; seed++) if (judge(engine.runSimulation(build(seed)))) failing++;
  return failing;
};
const scenario = (name) => (seed) => scenarios[name].build(seed);
const report = (name, n) => console.log(`${name}: ${n} of ${seeds} seeds`);

for (const mode of ['sync', 'semi-sync']) {
  const build = (seed) => swarmConfig(seed, { mode });
  report(
    `swarm ${mode}: commit before the required followers hold the entry`,
    count(build, (t) => oracle.commitsBeforeHeld(t, mode).length > 0),
  );
  const single = (seed) => swarmConfig(seed, { mode, singleFault: true });
  report(
    `swarm ${mode}, one fault: acknowledged write lost`,
    count(single, (t) => oracle.lostAcknowledged(t).length > 0),
  );
}
report(
  'swarm, any mode: live logs disagree at the end',
  count(swarmConfig, (t) => oracle.logsDisagree(t).length > 0),
);
report(
  'ch06-fenced: divergence checker fails',
  count(scenario('ch06-fenced'), (t) => !engine.check.divergence(t).valid),
);
for (const name of ['ch04-sync-leader-crash', 'ch06-leader-crash', 'ch09-global-single-leader']) {
  report(
    `${name}: a leader steps down with no fault`,
    count(scenario(name), (t) => oracle.stepDownsWithoutFault(t).length > 0),
  );
  report(
    `${name}: no leader at the end`,
    count(scenario(name), (t) => oracle.endState(t).leader === null),
  );
}
const deposedRead = (t) => {
  let top = 0;
  return t.events.some((e) => {
    if (e.type === 'elect') top = Math.max(top, e.epoch);
    return e.type === 'ack' && e.kind === 'read' && e.epoch !== undefined && e.epoch < top;
  });
};
report('ch06-fenced: a deposed leader answers a read', count(scenario('ch06-fenced'), deposedRead));
for (const mode of ['async', 'semi-sync'])
  report(
    `swarm ${mode}, 5 nodes: elected behind a live, reachable peer`,
    count(
      (seed) => swarmConfig(seed, { mode, nodes: 5 }),
      (t) => oracle.electedBehindLivePeer(t).length > 0,
    ),
  );
report(
  'ch02-unreliable-network: replicas disagree at the end',
  count(scenario('ch02-unreliable-network'), (t) => !engine.check.divergence(t).valid),
);
report(
  'ch06-split-brain: oracle sees two writers at once',
  count(scenario('ch06-split-brain'), (t) => oracle.overlappingWriters(t).length > 0),
);
report(
  'ch06-split-brain: splitBrain checker flags',
  count(scenario('ch06-split-brain'), (t) => !engine.check.splitBrain(t).valid),
);
report(
  'ch04-async-leader-crash: oracle finds acknowledged writes lost',
  count(scenario('ch04-async-leader-crash'), (t) => oracle.lostAcknowledged(t).length > 0),
);
report(
  'ch04-async-leader-crash: lostAcknowledgedWrites checker flags',
  count(scenario('ch04-async-leader-crash'), (t) => !engine.check.lostAcknowledgedWrites(t).valid),
);
let inOrder = 0;
for (const name of ['ch04-async-leader-crash', 'ch06-leader-crash', 'ch06-fenced'])
  count(scenario(name), (t) => {
    inOrder += engine.check.appliedInOrder(t).violations.length;
    return false;
  });
console.log(`appliedInOrder violations over three failover configurations: ${inOrder}`);
controlFigure();
