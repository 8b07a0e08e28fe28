/**
 * The simulation view's side of "Replay this run": a `workbook:open-run`
 * detail carrying a ready trace (an exercise seed rebuilt with the learner's
 * code) is validated and copied as data, judged by the checkers without
 * being re-run, and hostile or oversized details are rejected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exerciseChecks, readTraceRun, TRACE_LIMITS } from '../../../src/components/sim/model/exercise-run.ts';
import { carriesTrace } from '../../../src/components/sim/open-run.ts';
import { checkTrace } from '../../../src/components/sim/engine/core.ts';
import { violationMarkers, visibleMarkers } from '../../../src/components/sim/model/violations.ts';
import { replayCode } from '../../../src/runner/grade.ts';
import { replayers } from '../../../src/runner/graders.ts';
import { PROTOCOL_VERSION } from '../../../src/runner/protocol.ts';
import { learnerModules } from '../../../src/assessment/grading/source.ts';
import type { Trace } from '../../../src/engine/trace/events.ts';

const code = readFileSync('content/chapters/02-leaders-and-followers/exercises/apply-batch/wrong-no-dedupe.ts', 'utf8');
const replay = replayCode(
  { v: PROTOCOL_VERSION, type: 'replay', id: 1, exerciseId: 'ch02.applyBatch', code, seed: 1 },
  replayers['ch02.applyBatch'],
  learnerModules,
);
const failure = replay.failures.find((f) => f.property === 'applied-in-order')!;

/** The detail Exercise.tsx dispatches. */
function detail(): Record<string, unknown> {
  return {
    trace: structuredClone(replay.trace),
    step: failure.step,
    title: 'A follower that never gets confused, seed 1',
    failure: { property: failure.property, message: failure.message, seed: failure.seed, step: failure.step },
    violations: structuredClone(replay.violations),
    properties: [...replay.properties],
  };
}

const tiny = (): Trace => ({
  seed: 5,
  label: 'tiny',
  nodes: ['leader', 'f1'],
  events: [
    {
      type: 'invoke',
      step: 0,
      time: 0,
      op: 'op-1',
      client: 'c1',
      session: 'c1',
      kind: 'write',
      key: 'k',
      value: 1,
      node: 'leader',
    },
    { type: 'apply', step: 1, time: 1, node: 'leader', lsn: 1, key: 'k', value: 1 },
  ],
});

function rejected(d: unknown): string {
  const r = readTraceRun(d);
  if (r.ok) throw new Error('expected the detail to be rejected');
  return r.error;
}

describe('a ready-trace open-run detail', () => {
  it('is recognised without being read', () => {
    expect(carriesTrace(detail())).toBe(true);
    expect(carriesTrace({ scenario: 'ch02-one-follower', seed: 1 })).toBe(false);
    expect(carriesTrace(null)).toBe(false);
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('boom');
        },
      },
    );
    expect(carriesTrace(hostile)).toBe(false);
  });

  it('accepts the learner run the runner rebuilt, as an independent copy', () => {
    const d = detail();
    const r = readTraceRun(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.run.trace).toEqual(replay.trace);
    expect(r.run.step).toBe(failure.step);
    expect(r.run.failure).toEqual({
      property: 'applied-in-order',
      message: failure.message,
      seed: 1,
      step: failure.step,
    });
    expect(r.run.violations).toEqual(replay.violations);
    // Changing the sender's object afterwards does not change the run.
    ((d.trace as { events: { time: number }[] }).events[0] as { time: number }).time = 99;
    expect(r.run.trace.events[0]?.time).toBe(0);
  });

  it('is judged by the checkers without re-running, and the failure shows as a marker at its step', () => {
    const r = readTraceRun(detail());
    if (!r.ok) throw new Error(r.error);
    const judged = checkTrace({ trace: r.run.trace, info: { name: 'x', chapter: 0, title: 't', description: 'd' } });
    expect(judged.trace).toBe(r.run.trace);
    expect(judged.runMs).toBe(0);
    const checks = exerciseChecks(judged.checks, r.run.violations, r.run.properties);
    // The grader's properties come first, with its verdict; no checker duplicates them.
    expect(checks.slice(0, 3).map((c) => [c.property, c.valid])).toEqual([
      ['applied-in-order', false],
      ['gap-requested', false],
      ['convergence', true],
    ]);
    expect(checks.filter((c) => c.property === 'applied-in-order')).toHaveLength(1);
    expect(checks.length).toBeGreaterThan(3);
    const markers = violationMarkers(r.run.trace, checks);
    const cursor = r.run.step + 1; // the view opens with the failing event applied
    expect(
      visibleMarkers(markers, cursor).some((m) => m.property === 'applied-in-order' && m.step === failure.step),
    ).toBe(true);
  });

  it("keeps whose run it is, for the instructor's replay of a learner's submission", () => {
    const r = readTraceRun({ trace: tiny(), whose: 'Ada' });
    expect(r.ok && r.run.whose).toBe('Ada');
  });

  it('fills in defaults for the optional fields', () => {
    const r = readTraceRun({ trace: tiny() });
    expect(r).toEqual({ ok: true, run: { trace: tiny(), step: 0, title: 'tiny', violations: [], properties: [] } });
  });

  it('rejects details that are not runs', () => {
    expect(rejected(null)).toMatch(/plain object/);
    expect(rejected('trace')).toMatch(/plain object/);
    expect(rejected({ trace: null })).toMatch(/trace/);
    expect(rejected({ trace: { ...tiny(), events: [] } })).toMatch(/no events/);
    expect(rejected({ trace: { ...tiny(), seed: -1 } })).toMatch(/seed/);
    expect(rejected({ trace: { ...tiny(), nodes: ['<img onerror=x>'] } })).toMatch(/node/);
  });

  it('rejects events with a wrong shape', () => {
    const bad = (patch: Record<string, unknown>, i = 1) => {
      const t = tiny() as unknown as { events: Record<string, unknown>[] };
      t.events[i] = { ...t.events[i], ...patch };
      return { trace: t };
    };
    expect(rejected(bad({ step: 5 }))).toMatch(/step/);
    expect(rejected(bad({ type: 'explode' }))).toMatch(/unknown type/);
    expect(rejected(bad({ time: Number.NaN }))).toMatch(/finite/);
    expect(rejected(bad({ time: -1 }))).toMatch(/back in time/);
    expect(rejected(bad({ node: undefined }))).toMatch(/has no node/);
    expect(rejected(bad({ lsn: '1' }))).toMatch(/number/);
    expect(rejected(bad({ value: () => 1 }))).toMatch(/plain object/);
    expect(rejected(bad({ value: new Date() }))).toMatch(/plain object/);
    expect(rejected(bad({ extra: JSON.parse('{"__proto__": 1}') as unknown }))).toMatch(/forbidden/);
    expect(rejected(bad({ constructor: 1 }))).toMatch(/forbidden/);
  });

  it('rejects oversized or deeply nested input', () => {
    const t = tiny();
    const many = { trace: { ...t, events: { length: TRACE_LIMITS.events + 1 } } };
    expect(rejected(many)).toMatch(/list/);
    const huge = Array.from({ length: TRACE_LIMITS.events + 1 }, (_, i) => ({ type: 'heal', step: i, time: 0 }));
    expect(rejected({ trace: { ...t, events: huge } })).toMatch(/too many/);
    expect(rejected({ ...{ trace: t }, title: 'x'.repeat(TRACE_LIMITS.title + 1) })).toMatch(/too long/);
    expect(rejected({ ...{ trace: t }, whose: 'x'.repeat(TRACE_LIMITS.title + 1) })).toMatch(/too long/);
    expect(rejected({ ...{ trace: t }, whose: 7 })).toMatch(/whose/);
    const long = tiny() as unknown as { events: Record<string, unknown>[] };
    long.events[1] = { ...long.events[1], key: 'k'.repeat(TRACE_LIMITS.string + 1) };
    expect(rejected({ trace: long })).toMatch(/too long/);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    const nested = tiny() as unknown as { events: Record<string, unknown>[] };
    nested.events[1] = { ...nested.events[1], value: deep };
    expect(rejected({ trace: nested })).toMatch(/nested too deeply/);
    // Within every per-field limit but far too much in total: the budget stops it.
    const text = 'y'.repeat(TRACE_LIMITS.string);
    const heavy = Array.from({ length: 20_000 }, (_, i) => ({ type: 'note', step: i, time: 0, text }));
    expect(rejected({ trace: { ...t, events: heavy } })).toMatch(/too large/);
  });

  it('rejects violations and failures that do not fit the trace', () => {
    const v = { property: 'p', step: 1, seed: 5, message: 'm' };
    expect(readTraceRun({ trace: tiny(), violations: [v] }).ok).toBe(true);
    expect(rejected({ trace: tiny(), violations: [{ ...v, step: 2 }] })).toMatch(/step/);
    expect(rejected({ trace: tiny(), violations: [{ ...v, related: [0, 7] }] })).toMatch(/related/);
    expect(rejected({ trace: tiny(), violations: 'all' })).toMatch(/list/);
    expect(rejected({ trace: tiny(), step: 2 })).toMatch(/step/);
    expect(rejected({ trace: tiny(), step: -1 })).toMatch(/step/);
    expect(rejected({ trace: tiny(), failure: { property: 'p', message: 'm', seed: 1.5, step: 0 } })).toMatch(/seed/);
    expect(rejected({ trace: tiny(), failure: { property: 'p', message: 'm', seed: 1, step: 9 } })).toMatch(/step/);
  });

  it('turns getters that throw and proxies into a plain rejection', () => {
    const trap = {
      get trace(): never {
        throw new Error('boom');
      },
    };
    expect(rejected(trap)).toMatch(/could not be read/);
    const proxy = new Proxy(tiny(), {
      get: () => {
        throw new Error('no');
      },
    });
    expect(rejected({ trace: proxy })).toMatch(/could not be read/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const t = tiny() as unknown as { events: Record<string, unknown>[] };
    t.events[1] = { ...t.events[1], value: cyclic };
    expect(rejected({ trace: t })).toMatch(/nested too deeply/);
  });
});
