/**
 * Fault injection re-runs the scenario from the same seed with the fault
 * added: the result is deterministic, and everything before the fault's
 * virtual time is unchanged, so the viewer can stay where the learner was.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/components/sim/engine/core.ts';
import { TimeTravel, commonPrefix } from '../../../src/components/sim/model/timetravel.ts';
import { describeFault, familyOf, normaliseFaultKinds, type Fault } from '../../../src/components/sim/model/faults.ts';

describe('fault injection by deterministic re-run', () => {
  const base = runScenario({ scenario: 'ch02-stop-and-restart', seed: 3, faults: [] });

  it('same seed and faults give the same trace', () => {
    const again = runScenario({ scenario: 'ch02-stop-and-restart', seed: 3, faults: [] });
    expect(again.trace).toEqual(base.trace);
  });

  it.each<Fault>([
    { kind: 'crash', node: 'C', at: 150 },
    { kind: 'partition', groups: [['A', 'B'], ['C']], at: 150 },
    { kind: 'slow', from: 'A', to: 'C', factor: 10, at: 150 },
    { kind: 'skew', node: 'B', ms: 80, at: 150 },
  ])('keeps the run unchanged before the fault: %j', (fault) => {
    const tt = new TimeTravel(base.trace);
    const before = tt.cursorAtTime(fault.at - 0.001);
    const r1 = runScenario({ scenario: 'ch02-stop-and-restart', seed: 3, faults: [fault] });
    const r2 = runScenario({ scenario: 'ch02-stop-and-restart', seed: 3, faults: [fault] });
    expect(r2.trace).toEqual(r1.trace);
    const prefix = commonPrefix(base.trace, r1.trace);
    expect(prefix).toBeGreaterThanOrEqual(before);
    expect(prefix).toBeLessThan(base.trace.events.length);
    // the fault shows in the new trace at its time
    const shown = r1.trace.events.find(
      (e) => e.time >= fault.at && ['crash', 'partition', 'link', 'clock'].includes(e.type),
    );
    expect(shown?.time).toBe(fault.at);
  });

  it('returns checker results, chart series and the scenario text', () => {
    expect(base.checks.length).toBeGreaterThan(5);
    expect(base.checks.some((c) => c.property === 'linearizable')).toBe(false);
    expect(base.lag.length).toBeGreaterThan(0);
    expect(base.latencies.length).toBeGreaterThan(0);
    expect(base.info.title.length).toBeGreaterThan(3);
  });

  it('runs only the named checkers and ignores unknown names', () => {
    const r = runScenario({
      scenario: 'ch02-stop-and-restart',
      seed: 3,
      faults: [],
      checks: ['staleRead', 'nope', '__proto__', 'constructor'],
    });
    expect(r.checks.map((c) => c.property)).toEqual(['stale-read']);
  });

  it('refuses unknown scenarios, including prototype keys', () => {
    expect(() => runScenario({ scenario: 'no-such', seed: 1, faults: [] })).toThrow(/no scenario named "no-such"/);
    expect(() => runScenario({ scenario: '__proto__', seed: 1, faults: [] })).toThrow(/no scenario/);
    expect(() => runScenario({ scenario: 'constructor', seed: 1, faults: [] })).toThrow(/no scenario/);
  });
});

describe('fault kinds', () => {
  it('normalises a faults prop', () => {
    expect(normaliseFaultKinds(['skew', 'crash', 'bogus', 'crash'])).toEqual(['crash', 'skew']);
    expect(normaliseFaultKinds('crash')).toEqual([]);
  });
  it('heal belongs to partition and every fault has words', () => {
    expect(familyOf({ kind: 'heal', at: 1 })).toBe('partition');
    expect(describeFault({ kind: 'slow', from: 'A', to: 'B', factor: 1, at: 2 })).toBe('restore link A ↔ B at t=2 ms');
    expect(describeFault({ kind: 'skew', node: 'B', ms: -5, at: 0 })).toBe("skew B's clock by -5 ms at t=0 ms");
  });
});
