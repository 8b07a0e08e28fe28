/**
 * Chapter 6's grader: the elector sees only what a real one would (the log
 * positions of the replicas that answered, never the failed node), clusters
 * and names vary so no constant survives, the LSN-only elector fails only
 * after a deposed leader's divergent writes, and every failure reports the
 * run's RTO and RPO.
 */
import { describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  NAME_POOL,
  electLeader,
  electionScenario,
  judgeElection,
  runElection,
} from '../../../src/chapters/ch06/grader.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import type { Candidate } from '../../../src/engine/index.ts';
import { loadExercises } from './support.ts';

const exercise = loadExercises().exercises.find((e) => e.loaded.exercise.grader === electLeader.name)?.loaded;
const code = (file: string): string => exercise?.wrongCode.find((w) => w.file === file)?.code ?? '';

const ahead = (a: Candidate, b: Candidate): boolean =>
  a.lastEpoch !== b.lastEpoch ? a.lastEpoch > b.lastEpoch : a.lsn > b.lsn;
const best = (cs: readonly Candidate[]): string | null =>
  cs.length ? cs.reduce((x, y) => (ahead(y, x) ? y : x)).node : null;

describe('ch06 elect leader', () => {
  it('hands the elector only node, lsn and lastEpoch of nodes that answered, never the failed one', () => {
    for (const seed of electLeader.suites.checks) {
      const seen: Candidate[][] = [];
      const setup = electionScenario(seed, (cs) => {
        seen.push([...cs]);
        return best(cs);
      });
      runElection(setup);
      // A slowdown need not depose anyone; a crash or a cut leader always leads to an election.
      if (setup.kind !== 'slow') expect(seen.length, `seed ${seed}`).toBeGreaterThan(0);
      for (const cs of seen) {
        for (const c of cs) {
          expect(Object.keys(c).sort()).toEqual(['lastEpoch', 'lsn', 'node']);
          expect(setup.nodes).toContain(c.node);
        }
        // In a crash run the crashed leader never answers an election held while it is down.
        if (setup.kind === 'crash' && seen.indexOf(cs) === 0) expect(cs.map((c) => c.node)).not.toContain(setup.leader);
      }
    }
  });

  it('draws clusters widely: every fault kind, 3 to 5 nodes, many names and leaders', () => {
    const kinds = new Set<string>();
    const sizes = new Set<number>();
    const names = new Set<string>();
    const leaders = new Set<string>();
    for (const seed of electLeader.suites.submit.slice(0, 60)) {
      const s = electionScenario(seed);
      kinds.add(s.kind);
      sizes.add(s.nodes.length);
      leaders.add(s.leader);
      for (const n of s.nodes) names.add(n);
    }
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
    expect([...sizes].sort()).toEqual([3, 4, 5]);
    expect(names.size).toBe(NAME_POOL.length);
    expect(leaders.size).toBeGreaterThanOrEqual(6);
  });

  it('the LSN-only elector fails only on runs with a deposed leader’s divergent tail', () => {
    const report = gradeSource(code('wrong-highest-lsn.ts'), electLeader, electLeader.suites.submit);
    const f = report.failures.find((x) => x.property === 'most-up-to-date');
    expect(f).toBeDefined();
    for (const seed of electLeader.suites.submit.slice(0, 45)) {
      const setup = electionScenario(seed, (cs) => cs.reduce((x, y) => (y.lsn > x.lsn ? y : x)).node);
      const v = judgeElection(runElection(setup), setup);
      if (setup.kind !== 'diverge') expect(v, `seed ${seed} (${setup.kind})`).toEqual([]);
    }
    expect(f?.message).toMatch(/last epoch/);
  });

  it('reports RTO and RPO with every failure', () => {
    const report = gradeSource(code('wrong-constant-node.ts'), electLeader, electLeader.suites.checks);
    expect(report.passed).toBe(false);
    for (const f of report.failures) {
      expect(f.message).toMatch(/RTO/);
      expect(f.message).toMatch(/RPO \d+ acknowledged writes? lost/);
    }
  });
});
