/**
 * Regression tests for the engine-correctness findings of an outside
 * verification (issue 10): each test failed on the engine before the fix, on
 * many seeds, and names the seed when it fails. The independent oracle in
 * test/unit/support/oracle.ts judges what the engine's checkers are not
 * trusted to judge about themselves.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { check, metrics, runSimulation, type SimulationConfig, type Trace } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';
import * as oracle from '../support/oracle.ts';

function scenarioRuns(name: string, seeds: number): { seed: number; trace: Trace }[] {
  const s = scenarios[name];
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return Array.from({ length: seeds }, (_, i) => ({ seed: i + 1, trace: runSimulation(s.build(i + 1)) }));
}

function seedsWhere(runs: readonly { seed: number; trace: Trace }[], bad: (t: Trace) => boolean): number[] {
  return runs.filter((r) => bad(r.trace)).map((r) => r.seed);
}

describe('engine correctness (issue 10)', () => {
  it('1. a deposed leader with a divergent tail cuts it back instead of acknowledging the new leader’s entries', () => {
    // Before: 159 of 200 ch06-fenced runs ended with different logs ("gap: expected LSN …" forever).
    const runs = scenarioRuns('ch06-fenced', 100);
    expect(seedsWhere(runs, (t) => oracle.logsDisagree(t).length > 0)).toEqual([]);
    expect(seedsWhere(runs, (t) => !check.divergence(t).valid)).toEqual([]);
    // The cut is a typed trace event, and replicas go on in order after it.
    expect(runs.some((r) => r.trace.events.some((e) => e.type === 'truncate'))).toBe(true);
  });

  it('2. after the cut the deposed leader catches up: every live node ends with the leader’s log', () => {
    for (const name of ['ch06-leader-crash', 'ch04-async-leader-crash'])
      expect(
        seedsWhere(scenarioRuns(name, 60), (t) => oracle.logsDisagree(t).length > 0),
        name,
      ).toEqual([]);
  });

  it('3. no election churn: a leader chosen without a fault keeps leading', () => {
    // Before: 2, 9 and 68 of 200 seeds had a leader step down with no fault since its election.
    for (const name of ['ch04-sync-leader-crash', 'ch06-leader-crash'])
      expect(
        seedsWhere(scenarioRuns(name, 100), (t) => oracle.stepDownsWithoutFault(t).length > 0),
        name,
      ).toEqual([]);
    // ch9 runs over a transatlantic link slowed five times for most of the run: a healthy leader
    // whose heartbeats take longer than the timeout is suspected, as chapter 6 teaches. Counting
    // those too, churn must stay rare (it was 68 of 200 seeds); excusing them, it must be gone.
    const ch9 = scenarioRuns('ch09-global-single-leader', 100);
    const strict = seedsWhere(ch9, (t) => oracle.stepDownsWithoutFault(t, { slowLinksAreFaults: false }).length > 0);
    expect(strict.length, `seeds ${strict.join(', ')}`).toBeLessThanOrEqual(3);
    expect(seedsWhere(ch9, (t) => oracle.stepDownsWithoutFault(t).length > 0)).toEqual([]);
  });

  it('4. a deposed, fenced leader no longer answers reads', () => {
    // Before: in 174 of 200 ch06-fenced runs a leader of an older epoch answered reads after the election.
    const deposedRead = (t: Trace): boolean => {
      let top = 0;
      return t.events.some((e) => {
        if (e.type === 'elect') top = Math.max(top, e.epoch);
        return e.type === 'ack' && e.kind === 'read' && e.epoch !== undefined && e.epoch < top;
      });
    };
    expect(seedsWhere(scenarioRuns('ch06-fenced', 100), deposedRead)).toEqual([]);
  });

  it('5. a candidate with a majority still hears the more up-to-date peer whose answer comes later', () => {
    // C alone holds A's last writes, and its answers travel slowly; before the fix a faster
    // majority elected someone else on 38 of 40 seeds and the writes were gone.
    const config = (seed: number): SimulationConfig => ({
      seed,
      topology: { leader: 'A', followers: ['B', 'C', 'D', 'E'] },
      replication: { mode: 'async' },
      network: { latency: { kind: 'uniform', min: 2, max: 6 } },
      clients: { timeout: 300, retries: 2 },
      failover: { heartbeatInterval: 40, timeout: 200 },
      workload: { clients: 3, thinkTime: 5, readRatio: 0.2, keys: ['a', 'b'], duration: 700 },
      faults: [
        {
          at: 200,
          kind: 'partition',
          groups: [
            ['A', 'C'],
            ['B', 'D', 'E'],
          ],
        },
        ...['B', 'D', 'E'].map((n) => ({ at: 0, kind: 'slow' as const, from: 'C', to: n, factor: 5 })),
        { at: 300, kind: 'crash', node: 'A' },
        { at: 301, kind: 'heal' },
      ],
    });
    const runs = Array.from({ length: 40 }, (_, i) => ({ seed: i + 1, trace: runSimulation(config(i + 1)) }));
    expect(seedsWhere(runs, (t) => oracle.electedBehindLivePeer(t).length > 0)).toEqual([]);
    expect(seedsWhere(runs, (t) => !check.mostUpToDate(t).valid)).toEqual([]);
    // Every answer is in the trace, granted or refused, with its log position.
    const votes = runs[0]?.trace.events.filter((e) => e.type === 'vote') ?? [];
    expect(votes.some((v) => v.type === 'vote' && !v.granted)).toBe(true);
  });

  it('6. ch02-unreliable-network keeps its promise: replicas agree on every seed', () => {
    // Before: 23 of 200 seeds ended before the replicas agreed (one batch in flight, lossy link).
    expect(seedsWhere(scenarioRuns('ch02-unreliable-network', 200), (t) => !check.divergence(t).valid)).toEqual([]);
  });

  it('7. splitBrain sees two nodes taking writes at once whatever their epochs', () => {
    // Before: the oracle saw two writers at once in 150 of 200 ch06-split-brain runs; splitBrain flagged 7.
    const runs = scenarioRuns('ch06-split-brain', 100);
    const byOracle = seedsWhere(runs, (t) => oracle.overlappingWriters(t).length > 0);
    expect(byOracle.length).toBeGreaterThan(50);
    expect(seedsWhere(runs, (t) => !check.splitBrain(t).valid)).toEqual(byOracle);
    expect(seedsWhere(scenarioRuns('ch06-fenced', 60), (t) => !check.splitBrain(t).valid)).toEqual([]);
  });

  it('8. lostAcknowledgedWrites and RPO count writes lost even when the key was written again', () => {
    // Before: the oracle found lost writes in 149 of 200 ch04-async-leader-crash runs; the checker flagged 11.
    const runs = scenarioRuns('ch04-async-leader-crash', 100);
    const byOracle = seedsWhere(runs, (t) => oracle.lostAcknowledged(t).length > 0);
    expect(byOracle.length).toBeGreaterThan(50);
    expect(seedsWhere(runs, (t) => !check.lostAcknowledgedWrites(t).valid)).toEqual(byOracle);
    for (const { seed, trace } of runs)
      expect(metrics.rpo(trace).lostWrites, `seed ${seed}`).toBe(oracle.lostAcknowledged(trace).length);
  });

  it('9. appliedInOrder accepts the engine’s own truncation of a deposed leader’s suffix', () => {
    // Before: 210 violations over these three configurations, every one a truncation artefact.
    for (const name of ['ch04-async-leader-crash', 'ch06-leader-crash', 'ch06-fenced'])
      expect(
        seedsWhere(scenarioRuns(name, 60), (t) => !check.appliedInOrder(t).valid),
        name,
      ).toEqual([]);
  });

  it('10. npm run simulate writes the whole trace through a pipe', () => {
    const out = spawnSync(process.execPath, ['scripts/simulate.mjs', 'ch06-fenced', '--seed', '3', '--json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(out.status).toBe(0);
    const trace = runSimulation(scenarios['ch06-fenced']?.build(3) as SimulationConfig);
    const lines = out.stdout.trimEnd().split('\n');
    expect(out.stdout.length).toBeGreaterThan(65_536);
    expect(lines.length).toBe(trace.events.length + 1);
    expect(JSON.parse(lines.at(-1) ?? 'null')).toEqual(trace.events.at(-1));
  });
});
