/** The grading core and the runner bridge, independent of any exercise. */
import { describe, expect, it } from 'vitest';
import { MODULE_STATE_NOTE, gradeExports, gradeSeed } from '../../../src/assessment/grading/core.ts';
import { reportFromGradeResult } from '../../../src/assessment/grading/runner-adapter.ts';
import { gradeSource } from '../../../src/assessment/grading/source.ts';
import { CORE_PROPERTIES, type ExerciseGrader } from '../../../src/assessment/grading/types.ts';
import { graders, runnerGraders } from '../../../src/assessment/graders/index.ts';
import { PROTOCOL_VERSION, type GradeResultMessage } from '../../../src/runner/protocol.ts';
import { EventLimitError, type Trace } from '../../../src/engine/index.ts';
import { MAX_EVENTS as CH02_MAX_EVENTS } from '../../../src/chapters/ch02/grader.ts';
import type { LearnerHook } from '../../../src/chapters/grader-types.ts';
import { evaluateModule, loadExercises } from './support.ts';

/** A grader without an engine: the hook is called with the seed; it must return seed * 2. */
const doubler: ExerciseGrader = {
  name: 'ch99.double',
  entry: 'double',
  scenario: 'ch99-double',
  properties: [{ name: 'doubles', description: 'returns twice its input' }],
  suites: { checks: [1, 2, 3], submit: [1, 2, 3, 4, 5, 6] },
  run(hook, seed) {
    const events: Trace['events'][number][] = [];
    let value: unknown;
    try {
      value = (hook as (n: number) => unknown)(seed);
    } catch (e) {
      events.push({
        type: 'hook-error',
        step: 0,
        time: 0,
        hook: 'double',
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
    const trace: Trace = { seed, label: 'double', nodes: [], events };
    const violations =
      value === seed * 2 || events.length > 0
        ? []
        : [{ property: 'doubles', step: 7, seed, message: `[doubles] seed ${seed}, step 7: got ${String(value)}` }];
    return { trace, violations };
  },
};

describe('grading core', () => {
  it('passes a correct function and reports runs and duration', () => {
    const r = gradeExports({ double: (n: number) => n * 2 }, doubler, doubler.suites.submit);
    expect(r).toMatchObject({ passed: true, runs: 6, failures: [] });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the first failure per property and rewrites the checker prefix', () => {
    const r = gradeExports({ double: (n: number) => (n > 2 ? n : n * 2) }, doubler, doubler.suites.submit);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      {
        property: 'doubles',
        seed: 3,
        step: 7,
        scenario: 'ch99-double',
        message: 'doubles failed on seed 3 at step 7: got 3',
      },
    ]);
  });

  it('turns a throw into no-exceptions at the step the engine recorded', () => {
    const r = gradeSeed(
      {
        double: () => {
          throw new TypeError('nope');
        },
      },
      doubler,
      4,
    );
    expect(r.failures[0]?.property).toBe(CORE_PROPERTIES.exceptions);
    expect(r.failures[0]?.message).toMatch(/^no-exceptions failed on seed 4 at step 0: `double` threw TypeError: nope/);
  });

  it('rejects invalid answers through validate', () => {
    const strict: ExerciseGrader = {
      ...doubler,
      validate: (x) => (typeof x === 'number' ? undefined : `must return a number, but returned ${JSON.stringify(x)}.`),
    };
    const r = gradeSeed({ double: () => 'two' }, strict, 1);
    expect(r.failures[0]?.property).toBe(CORE_PROPERTIES.answer);
    expect(r.failures[0]?.message).toContain('`double` must return a number, but returned "two".');
  });

  it('an answer that throws when read fails as the answer, not as a run that stopped', () => {
    const trap = () =>
      new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('keys boom');
          },
        },
      );
    const r = gradeSeed({ double: trap }, doubler, 2);
    expect(r.failures.map((f) => f.property)).toEqual([CORE_PROPERTIES.answer]);
    expect(r.failures[0]?.message).toContain('`double` returned a value that throws when it is read: Error: keys boom');
    // A getter is called, as the engine reading the answer would call it.
    const getter = gradeSeed(
      {
        double: () => ({
          get n(): number {
            throw new TypeError('no n');
          },
        }),
      },
      doubler,
      2,
    );
    expect(getter.failures[0]?.message).toContain('throws when it is read: TypeError: no n');
    expect(gradeSeed({ double: (n: number) => n * 2 }, doubler, 2).failures).toEqual([]);
  });

  it('a learner answer read by the engine is the one checked, in the real ch07 run', () => {
    const merge = () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
          ownKeys() {
            throw new Error('keys boom');
          },
        },
      );
    const r = gradeSeed({ merge }, graders['ch07.merge'] as ExerciseGrader, 1001);
    const properties = r.failures.map((f) => f.property);
    expect(properties).toContain(CORE_PROPERTIES.answer);
    expect(properties).not.toContain(CORE_PROPERTIES.run);
  });

  it('a run that crashes is a failure, not a crash', () => {
    const crashing: ExerciseGrader = {
      ...doubler,
      run: () => {
        throw new RangeError('engine exploded');
      },
    };
    const r = gradeExports({ double: (n: number) => n }, crashing, [9]);
    expect(r.failures[0]?.property).toBe(CORE_PROPERTIES.run);
    expect(r.failures[0]?.message).toContain('seed 9');
    expect(r.failures[0]?.message).toContain('RangeError: engine exploded');
  });

  it('stops between seeds when the time budget is spent', () => {
    let t = 0;
    const r = gradeExports({ double: (n: number) => n * 2 }, doubler, doubler.suites.submit, {
      budgetMs: 10,
      now: () => (t += 6),
    });
    expect(r.passed).toBe(false);
    expect(r.runs).toBeLessThan(6);
    expect(r.failures[0]?.property).toBe(CORE_PROPERTIES.time);
  });

  it('reports progress', () => {
    const seen: string[] = [];
    gradeExports({ double: (n: number) => n * 2 }, doubler, [1, 2], {
      onProgress: (p) => seen.push(`${p.done}/${p.total}`),
    });
    expect(seen).toEqual(['1/2', '2/2']);
  });
});

describe('runner bridge', () => {
  it('registers a runner grader for every grader', () => {
    expect(Object.keys(runnerGraders).sort()).toEqual(Object.keys(graders).sort());
  });

  it('names the seed the watchdog stopped', () => {
    const msg: GradeResultMessage = {
      v: PROTOCOL_VERSION,
      type: 'grade-result',
      id: 3,
      exerciseId: 'ch01.loadShedding',
      passed: false,
      checks: [],
      console: [],
      error: {
        kind: 'timeout',
        name: 'Timeout',
        message: 'Stopped after 2 s: the code did not finish — is there an endless loop?',
      },
      ms: 0,
    };
    const r = reportFromGradeResult(msg, { scenario: 'ch01-load-shedding' }, [11, 12, 13], 1);
    expect(r.passed).toBe(false);
    expect(r.error).toMatchObject({ kind: 'timeout', seed: 12 });
    expect(r.error?.message).toContain('seed 12');
  });

  it('falls back to the check message when a check has no structured failures', () => {
    const msg: GradeResultMessage = {
      v: PROTOCOL_VERSION,
      type: 'grade-result',
      id: 1,
      exerciseId: 'x',
      passed: false,
      checks: [{ seed: 5, passed: false, message: 'something broke' }],
      console: [],
      ms: 1,
    };
    expect(reportFromGradeResult(msg, { scenario: 's' }, [5]).failures).toEqual([
      { property: 'grader', seed: 5, step: 0, message: 'something broke', scenario: 's' },
    ]);
  });

  it('gradeSource stops with time-limit when the budget is spent', () => {
    const g = graders['ch03.cdcConsumer'];
    if (!g) throw new Error('missing grader');
    let t = 0;
    const r = gradeSource('export function onChange() {}', g, [1, 2, 3, 4], { budgetMs: 5, now: () => (t += 4) });
    expect(r.passed).toBe(false);
    expect(r.failures.some((f) => f.property === CORE_PROPERTIES.time)).toBe(true);
  });
});

describe('messages a learner can act on', () => {
  it('an event-cap stop names the grader’s likely cause, not maxEvents', () => {
    const runaway: ExerciseGrader = {
      ...doubler,
      runawayCause: 'your doubler kept doubling',
      run: () => {
        throw new EventLimitError(50_000, 9, 120);
      },
    };
    const [f] = gradeSeed({ double: (n: number) => n }, runaway, 9).failures;
    expect(f?.property).toBe(CORE_PROPERTIES.run);
    expect(f?.message).toContain('your doubler kept doubling');
    expect(f?.message).not.toMatch(/maxEvents/);
    const generic = gradeSeed({ double: (n: number) => n }, { ...runaway, runawayCause: undefined }, 9).failures[0];
    expect(generic?.message).toContain('`double`');
    expect(generic?.message).not.toMatch(/maxEvents/);
  });

  it('ch2: a follower that floods the leader with requests is told so', () => {
    const g = graders['ch02.applyBatch'];
    if (!g) throw new Error('missing grader');
    const code = [
      `export function applyBatch(replica, entries) {`,
      `  for (const entry of entries) {`,
      `    replica.requestFrom(1);`,
      `    replica.requestFrom(1);`,
      `    if (entry.lsn === replica.appliedLsn + 1) replica.apply(entry);`,
      `  }`,
      `}`,
    ].join('\n');
    const r = gradeSource(code, g, [1]);
    const f = r.failures.find((x) => x.property === CORE_PROPERTIES.run);
    expect(f?.message).toContain('kept asking for entries it already had');
    expect(f?.message).not.toMatch(/maxEvents/);
  });

  it('ch2: the event cap leaves the reference at least 3x headroom on every graded seed', () => {
    // The cap is what stops a flooding follower early (and keeps cohort re-grading inside its budget),
    // so it must sit well above anything a correct follower records.
    const g = graders['ch02.applyBatch'];
    const ex = loadExercises().exercises.find((e) => e.loaded.exercise.grader === 'ch02.applyBatch');
    if (!g || !ex) throw new Error('missing grader or exercise');
    const hook = evaluateModule(ex.loaded.referenceCode).applyBatch as LearnerHook;
    let most = 0;
    for (const seed of [...g.suites.checks, ...g.suites.submit]) {
      const events = g.run(hook, seed, () => hook, 1).trace?.events.length ?? 0;
      most = Math.max(most, events);
    }
    expect(most).toBeGreaterThan(1000);
    expect(most * 3).toBeLessThanOrEqual(CH02_MAX_EVENTS);
  });

  it('names module-level state that leaks across seeds as the cause', () => {
    // Correct on its first call only: a module-level flag carries over to the next seeds.
    const code = [
      `let calls = 0;`,
      `export function double(n: number): number {`,
      `  calls++;`,
      `  return calls === 1 ? n * 2 : n;`,
      `}`,
    ].join('\n');
    const r = gradeSource(code, doubler, [1, 2, 3]);
    expect(r.passed).toBe(false);
    const f = r.failures.find((x) => x.property === 'doubles');
    expect(f?.seed).toBe(2);
    expect(f?.cause).toBe('module-state');
    expect(f?.message).toContain(MODULE_STATE_NOTE);
    // A solution wrong on every seed, however graded, is not blamed on leaked state.
    const wrong = gradeSource('export function double(n: number) { return n; }', doubler, [1, 2, 3]);
    expect(wrong.failures[0]?.cause).toBeUndefined();
    expect(wrong.failures[0]?.message).not.toContain(MODULE_STATE_NOTE);
  });
});
