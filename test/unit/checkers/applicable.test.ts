/**
 * Which checkers apply to which replication shape: leadership checkers judge
 * single-leader runs only (under multi-leader replication every leader takes
 * writes by design, and a leaderless store has none), consistency and
 * durability checkers judge every shape. The trace records its shape, and
 * it survives the trip to the simulation view.
 */
import { describe, expect, it } from 'vitest';
import { applicableChecks, check, runSimulation } from '../../../src/engine/index.ts';
import { LEADERSHIP_CHECKS } from '../../../src/engine/checkers/index.ts';
import { scenarioList, scenarios } from '../../../src/chapters/scenarios/index.ts';
import { checkTrace, runScenario, DEFAULT_CHECKS } from '../../../src/components/sim/engine/core.ts';
import { readTraceRun } from '../../../src/components/sim/model/exercise-run.ts';

const shapeOfScenario = (name: string) => runSimulation(scenarios[name]!.build(1)).shape ?? 'single';

describe('checkers by shape', () => {
  it('records the shape in the trace: multi-leader and leaderless runs say so, single-leader traces stay as they were', () => {
    for (const s of scenarioList) {
      const t = s.build(1).topology;
      const want = 'leaders' in t ? 'multi' : 'replicas' in t ? 'leaderless' : 'single';
      expect(shapeOfScenario(s.name), s.name).toBe(want);
    }
    expect('shape' in runSimulation(scenarios['ch02-one-follower']!.build(1))).toBe(false);
  });

  it('leaves leadership checkers out of multi-leader and leaderless runs, and keeps every consistency checker', () => {
    expect(applicableChecks(undefined, DEFAULT_CHECKS)).toEqual(DEFAULT_CHECKS);
    for (const shape of ['multi', 'leaderless'] as const) {
      const kept = applicableChecks(shape, DEFAULT_CHECKS);
      for (const name of LEADERSHIP_CHECKS) expect(kept, `${shape} ${name}`).not.toContain(name);
      for (const name of ['staleRead', 'readYourWrites', 'lostAcknowledgedWrites', 'lostIncrements', 'divergence'])
        expect(kept, `${shape} ${name}`).toContain(name);
    }
  });

  it('no multi-leader scenario reports a leadership violation in the view, and last-write-wins still reports lost writes', () => {
    for (const s of scenarioList.filter((x) => shapeOfScenario(x.name) === 'multi')) {
      for (const seed of [1, 2, 3]) {
        const r = runScenario({ scenario: s.name, seed, faults: [] });
        const names = r.checks.map((c) => c.property);
        for (const name of LEADERSHIP_CHECKS)
          expect(names, `${s.name} seed ${seed}`).not.toContain(check[name as keyof typeof check](r.trace).property);
      }
    }
    const lww = runScenario({ scenario: 'ch07-lww-skew', seed: 1, faults: [] });
    expect(lww.checks.some((c) => !c.valid && /lost|acknowledged/i.test(c.property))).toBe(true);
  });

  it('still catches split brain in a single-leader run', () => {
    const r = runScenario({ scenario: 'ch06-split-brain', seed: 1, faults: [] });
    expect(r.checks.find((c) => c.property === check.splitBrain(r.trace).property)?.valid).toBe(false);
  });

  it('a trace that reaches the view keeps its shape and stand-ins, and judging it there uses them', () => {
    const trace = runSimulation(scenarios['ch08-sloppy-quorum']!.build(1));
    const read = readTraceRun({ trace: JSON.parse(JSON.stringify(trace)) });
    if (!read.ok) throw new Error(read.error);
    expect(read.run.trace.shape).toBe('leaderless');
    expect(read.run.trace.standbys).toEqual(trace.standbys);
    const judged = checkTrace({
      trace: read.run.trace,
      info: { name: trace.label, chapter: 8, title: 't', description: 'd' },
    });
    expect(judged.checks.map((c) => c.property)).not.toContain(check.splitBrain(trace).property);
    expect(readTraceRun({ trace: { ...trace, shape: 'ring' } }).ok).toBe(false);
  });
});
