/**
 * Chapter 3's grader against "information no real system has" and "state
 * kept where a crash would wipe it": the hook's change carries no redelivery
 * flag, a restarted consumer gets its view back from the sink as a new
 * object, and the learner's code restarts from a fresh module, whether the
 * reload comes from Node's gradeSource or from the runner's context.
 */
import { describe, expect, it } from 'vitest';
import { cdcConsumer, cdcScenario } from '../../../src/chapters/ch03/grader.ts';
import { toRunnerGrader } from '../../../src/assessment/grading/runner-adapter.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import type { GradeCheckWithFailures } from '../../../src/assessment/grading/runner-adapter.ts';
import type { Change, DerivedView } from '../../../src/engine/index.ts';
import { evaluateModule, loadExercises } from './support.ts';

const exercise = loadExercises().exercises.find((e) => e.loaded.exercise.grader === cdcConsumer.name)?.loaded;
const memoryLsn = exercise?.wrongCode.find((w) => w.file === 'wrong-memory-lsn.ts')?.code ?? '';

describe('ch03 cdc consumer', () => {
  it('hands the hook changes without a redelivery flag, while the trace keeps it', () => {
    const seen: Change[] = [];
    const { sim, until } = cdcScenario(cdcConsumer.suites.checks[0] ?? 1, (_view, change) => void seen.push(change));
    sim.runUntil(until);
    expect(seen.length).toBeGreaterThan(0);
    for (const c of seen) expect(Object.keys(c).sort()).toEqual(['after', 'before', 'key', 'lsn', 'op']);
    expect(sim.trace().events.some((e) => e.type === 'cdc' && e.redelivery)).toBe(true);
  });

  it('gives a restarted consumer its view back as a new object with the same contents', () => {
    const views: { view: DerivedView; copy: string }[] = [];
    const { sim, until } = cdcScenario(cdcConsumer.suites.checks[0] ?? 1, (view, change) => {
      views.push({ view, copy: JSON.stringify(view) });
      view[`_${change.lsn}`] = change.lsn;
    });
    sim.runUntil(until);
    const restarts = views.filter((v, i) => i > 0 && v.view !== views[i - 1]?.view);
    expect(restarts.length).toBeGreaterThan(0);
    for (const r of restarts) {
      // The crashed process's object is never touched again: its final state is what the sink stored.
      const crashed = views[views.indexOf(r) - 1]?.view;
      expect(r.copy).toBe(JSON.stringify(crashed));
    }
  });

  it('a last LSN kept in module memory is lost on a crash (Node)', () => {
    const report = gradeSource(memoryLsn, cdcConsumer, cdcConsumer.suites.checks);
    expect(report.passed).toBe(false);
    const f = report.failures.find((x) => x.property === 'no-double-count');
    // The first seed graded ran on a freshly loaded module: only the crash restart can have wiped it.
    expect(f?.seed).toBe(cdcConsumer.suites.checks[0]);
  });

  it('a runner context that offers reload gets the same verdict', () => {
    const perSeed = toRunnerGrader(cdcConsumer);
    const learner = evaluateModule(memoryLsn);
    const seed = cdcConsumer.suites.checks[0] ?? 1;
    const check = perSeed({
      learner,
      engine: undefined,
      seed,
      reload: () => evaluateModule(memoryLsn),
    } as Parameters<typeof perSeed>[0]) as GradeCheckWithFailures;
    expect(check.passed).toBe(false);
    expect(check.failures?.some((f) => f.property === 'no-double-count')).toBe(true);
  });
});
