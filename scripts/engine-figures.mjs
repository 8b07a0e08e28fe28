#!/usr/bin/env node
/**
 * Seeds failing per configuration: runs the failover scenarios and swarm
 * configurations over many seeds and counts, per configuration, the seeds on
 * which an independent oracle (test/unit/support/oracle.ts) or an engine
 * checker finds a problem. The before/after figures of engine fixes come from
 * here.
 *
 *   npm run -s figures            200 seeds per configuration
 *   npm run -s figures -- 50      fewer seeds
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
