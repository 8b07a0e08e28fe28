/**
 * Chapter 5's grader beyond the shared exercise tests: the hook is handed only
 * what a real client knows, a fixed "close enough" lag threshold fails whatever
 * the constant, the sticky-replica solution fails only because of the crash the
 * scenario injects, and the follower-share floor sits below what the reference
 * reaches on every graded seed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_FOLLOWER_SHARE, routeRead, routeReadScenario } from '../../../src/chapters/ch05/grader.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import {
  metrics,
  runSimulation,
  type ReplicaInfo,
  type RouteReadHook,
  type SessionInfo,
} from '../../../src/engine/index.ts';
import { check } from '../../../src/engine/index.ts';
import { evaluateModule } from './support.ts';

const DIR = 'content/chapters/05-lag-and-its-anomalies/exercises/route-read';
const code = (file: string) => readFileSync(`${DIR}/${file}`, 'utf8');

describe('ch05 route read', () => {
  it('hands the hook only what a client session knows', () => {
    const sessions: SessionInfo[] = [];
    const lists: (readonly ReplicaInfo[])[] = [];
    const { config } = routeReadScenario(1, (s, replicas) => {
      sessions.push(s);
      lists.push(replicas);
      return 'A';
    });
    runSimulation(config, { settle: 300 });
    expect(sessions.length).toBeGreaterThan(10);
    for (const s of sessions)
      expect(Object.keys(s).sort()).toEqual(['key', 'lastReadFrom', 'lastReadLsn', 'lastWriteLsn', 'session']);
    for (const list of lists)
      for (const r of list) expect(Object.keys(r).sort()).toEqual(['appliedLsn', 'node', 'role', 'up']);
  });

  it('a fixed lag threshold fails whatever the constant', () => {
    const template = code('wrong-lag-threshold.ts');
    expect(template).toContain('const MAX_BEHIND = 3;');
    for (const n of [1, 2, 5, 10, 20]) {
      const report = gradeSource(
        template.replace('const MAX_BEHIND = 3;', `const MAX_BEHIND = ${n};`),
        routeRead,
        routeRead.suites.checks,
      );
      expect(report.passed, `MAX_BEHIND = ${n}`).toBe(false);
      expect(
        report.failures.some((f) => f.property === 'read-your-writes'),
        `MAX_BEHIND = ${n}`,
      ).toBe(true);
    }
  });

  it('the sticky-replica solution keeps both guarantees when no follower crashes', () => {
    const hook = evaluateModule(code('wrong-sticky-failover.ts'))['routeRead'] as RouteReadHook;
    let brokenWithCrash = 0;
    for (const seed of routeRead.suites.checks) {
      const { config } = routeReadScenario(seed, hook);
      const calm = runSimulation(
        { ...config, faults: (config.faults ?? []).filter((f) => f.kind !== 'crash' && f.kind !== 'restart') },
        { settle: 300 },
      );
      expect(check.readYourWrites(calm).valid, `seed ${seed}`).toBe(true);
      expect(check.monotonicReads(calm).valid, `seed ${seed}`).toBe(true);
      if (!check.monotonicReads(runSimulation(config, { settle: 300 })).valid) brokenWithCrash++;
    }
    expect(brokenWithCrash).toBeGreaterThan(0);
  });

  it('the reference clears the follower-share floor on every submit seed, and draws lags over a wide range', () => {
    const hook = evaluateModule(code('reference.ts'))['routeRead'] as RouteReadHook;
    let lowest = 1;
    const lags: number[] = [];
    for (const seed of routeRead.suites.submit.slice(0, 60)) {
      const { config, setup } = routeReadScenario(seed, hook);
      lags.push(...Object.values(setup.lagMs));
      const t = runSimulation(config, { settle: 300 });
      const reads = t.events.filter((e) => e.type === 'invoke' && e.kind === 'read').length;
      const r = metrics.readRouting(t, { leader: 'A' });
      lowest = Math.min(lowest, (r.reads - r.servedByLeader) / reads);
    }
    expect(lowest).toBeGreaterThanOrEqual(MIN_FOLLOWER_SHARE);
    expect(Math.min(...lags)).toBeLessThan(10);
    expect(Math.max(...lags)).toBeGreaterThan(150);
  });

  it('rejects an answer that names no replica', () => {
    const report = gradeSource(`export function routeRead() { return 'leader'; }`, routeRead, routeRead.suites.checks);
    expect(report.passed).toBe(false);
    expect(report.failures[0]?.message).toMatch(/must return the name of one of the replicas/);
  });
});
