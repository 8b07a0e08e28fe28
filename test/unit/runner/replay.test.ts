/**
 * The runner's `replay` request: rebuild the run grading judged for one seed,
 * with the learner's code, so "Replay this run" shows the run that failed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayCode, gradeCode } from '../../../src/runner/grade.ts';
import { replayers, graders as runnerGraders } from '../../../src/runner/graders.ts';
import { RunnerPool, timeoutMessage, type WorkerLike } from '../../../src/runner/pool.ts';
import {
  decodeRequest,
  decodeResponse,
  encode,
  PROTOCOL_VERSION,
  type PageToWorker,
  type ReplayRequest,
  type ReplayResultMessage,
} from '../../../src/runner/protocol.ts';
import { learnerModules } from '../../../src/assessment/grading/source.ts';
import { reportFromGradeResult } from '../../../src/assessment/grading/report.ts';
import { applyBatch, applyBatchScenario } from '../../../src/chapters/ch02/grader.ts';
import { check } from '../../../src/engine/index.ts';

const DIR = 'content/chapters/02-leaders-and-followers/exercises/apply-batch';
const source = (file: string) => readFileSync(`${DIR}/${file}`, 'utf8');

const req = (code: string, seed: number, extra: Partial<ReplayRequest> = {}): ReplayRequest => ({
  v: PROTOCOL_VERSION,
  type: 'replay',
  id: 7,
  exerciseId: applyBatch.name,
  code,
  seed,
  ...extra,
});

describe('replay protocol', () => {
  it('round-trips a replay request and its result', () => {
    const r = req('export function applyBatch() {}', 3, { maxTraceEvents: 1000 });
    expect(decodeRequest(encode(r))).toEqual(r);
    const res: ReplayResultMessage = {
      v: PROTOCOL_VERSION,
      type: 'replay-result',
      id: 7,
      exerciseId: 'ch02.applyBatch',
      seed: 3,
      trace: { seed: 3, label: 'x', nodes: ['leader'], events: [{ type: 'heal', step: 0, time: 0 }] },
      traceTruncated: false,
      violations: [{ property: 'p', step: 0, seed: 3, message: 'm' }],
      failures: [{ property: 'p', seed: 3, step: 0, message: 'p failed on seed 3 at step 0: m' }],
      properties: ['p'],
      console: [],
      ms: 1,
    };
    expect(decodeResponse(encode(res))).toEqual(res);
  });

  it('rejects malformed replay requests and results', () => {
    const ok = req('x', 1);
    expect(decodeRequest({ ...ok, seed: -1 })).toBeNull();
    expect(decodeRequest({ ...ok, seed: 1.5 })).toBeNull();
    expect(decodeRequest({ ...ok, seed: 2 ** 32 })).toBeNull();
    expect(decodeRequest({ ...ok, seed: '1' })).toBeNull();
    expect(decodeRequest({ ...ok, code: 42 })).toBeNull();
    expect(decodeRequest({ ...ok, exerciseId: null })).toBeNull();
    expect(decodeRequest({ ...ok, maxTraceEvents: 0 })).toBeNull();
    expect(decodeRequest({ ...ok, v: PROTOCOL_VERSION + 1 })).toBeNull();
    const base = {
      v: PROTOCOL_VERSION,
      type: 'replay-result',
      id: 1,
      exerciseId: 'e',
      seed: 1,
      violations: [],
      failures: [],
      properties: [],
      console: [],
      ms: 0,
    };
    expect(decodeResponse(base)).not.toBeNull();
    expect(decodeResponse({ ...base, violations: 'x' })).toBeNull();
    expect(decodeResponse({ ...base, seed: -3 })).toBeNull();
    expect(decodeResponse({ ...base, trace: { events: 'nope' } })).toBeNull();
  });
});

describe('replay handler', () => {
  it('rebuilds exactly the run grading judged, with the learner function plugged in', () => {
    const code = source('wrong-no-dedupe.ts');
    // What grading reports (the same worker-side path the browser uses).
    const graded = gradeCode(
      { v: PROTOCOL_VERSION, type: 'grade', id: 1, exerciseId: applyBatch.name, code, seeds: [1, 2, 3] },
      runnerGraders[applyBatch.name],
      learnerModules,
      () => {},
    );
    const report = reportFromGradeResult(graded, applyBatch, [1, 2, 3]);
    const failure = report.failures.find((f) => f.property === 'applied-in-order');
    expect(failure).toBeDefined();
    const f = failure!;

    const r = replayCode(req(code, f.seed), replayers[applyBatch.name], learnerModules);
    expect(r.error).toBeUndefined();
    expect(r.type).toBe('replay-result');
    expect(r.seed).toBe(f.seed);
    const trace = r.trace!;
    expect(trace.seed).toBe(f.seed);
    expect(r.traceTruncated).toBe(false);
    // The failing step exists in the returned trace, and the replay reports the same failure there.
    expect(trace.events[f.step]?.step).toBe(f.step);
    expect(r.failures.find((x) => x.property === f.property)).toEqual({
      property: f.property,
      seed: f.seed,
      step: f.step,
      message: f.message,
    });
    expect(r.violations.some((v) => v.property === f.property && v.step === f.step)).toBe(true);
    // The engine's checker, run on the returned (JSON) trace, flags that step too.
    const checked = check.appliedInOrder(trace, { nodes: ['f1', 'f2'] });
    expect(checked.valid).toBe(false);
    expect(checked.violations[0]?.step).toBe(f.step);
    expect(r.properties).toEqual(applyBatch.properties.map((p) => p.name));

    // It is not the scenario's default run (no learner function): that one holds the property.
    const plain = applyBatchScenario(f.seed);
    plain.sim.runUntil(plain.until);
    const plainTrace = plain.sim.trace();
    expect(check.appliedInOrder(plainTrace, { nodes: ['f1', 'f2'] }).valid).toBe(true);
    expect(JSON.stringify(plainTrace.events)).not.toEqual(JSON.stringify(trace.events));

    // Deterministic: the same request gives the same trace.
    const again = replayCode(req(code, f.seed), replayers[applyBatch.name], learnerModules);
    expect(again.trace).toEqual(trace);
  });

  it('replays a shrunk failure at its scale: the smaller run fails the same property at the reported step', () => {
    const code = source('wrong-no-dedupe.ts');
    const graded = gradeCode(
      { v: PROTOCOL_VERSION, type: 'grade', id: 2, exerciseId: applyBatch.name, code, seeds: [1, 2, 3] },
      runnerGraders[applyBatch.name],
      learnerModules,
      () => {},
    );
    const report = reportFromGradeResult(graded, applyBatch, [1, 2, 3]);
    const f = report.failures.find((x) => x.property === 'applied-in-order');
    const smaller = f?.smaller;
    expect(smaller, 'the worker path shrinks failures (it has reload)').toBeDefined();
    const full = replayCode(req(code, f!.seed), replayers[applyBatch.name], learnerModules);
    const small = replayCode(req(code, f!.seed, { scale: smaller!.scale }), replayers[applyBatch.name], learnerModules);
    expect(small.error).toBeUndefined();
    expect(small.failures.find((x) => x.property === f!.property)?.step).toBe(smaller!.step);
    expect(small.trace!.events.length).toBeLessThan(full.trace!.events.length);
    expect(decodeRequest(encode(req(code, 1, { scale: 0.25 })))).toMatchObject({ scale: 0.25 });
    for (const bad of [0, -0.5, 1.5, '0.5', Number.NaN])
      expect(decodeRequest({ ...req(code, 1), scale: bad })).toBeNull();
  });

  it('restarts a crashed consumer with a fresh module, as grading did, so the replay fails where grading said', () => {
    const dir = 'content/chapters/03-what-the-log-carries/exercises/cdc-seat-counts';
    const code = readFileSync(`${dir}/wrong-memory-lsn.ts`, 'utf8');
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const graded = gradeCode(
      { v: PROTOCOL_VERSION, type: 'grade', id: 3, exerciseId: 'ch03.cdcConsumer', code, seeds },
      runnerGraders['ch03.cdcConsumer'],
      learnerModules,
      () => {},
    );
    const f = reportFromGradeResult(graded, { scenario: 'ch3' }, seeds).failures.find(
      (x) => x.property === 'no-double-count',
    );
    expect(f, 'wrong-memory-lsn fails no-double-count').toBeDefined();
    const r = replayCode(
      { ...req(code, f!.seed), exerciseId: 'ch03.cdcConsumer' },
      replayers['ch03.cdcConsumer'],
      learnerModules,
    );
    expect(r.failures.find((x) => x.property === 'no-double-count')?.step).toBe(f!.step);
  });

  it('crosses the worker boundary as JSON unchanged', () => {
    const r = replayCode(req(source('wrong-wait-for-leader.ts'), 1), replayers[applyBatch.name], learnerModules);
    expect(decodeResponse(encode(r))).toEqual(r);
    expect(r.failures.map((f) => f.property)).toContain('gap-requested');
  });

  it('cuts a long trace to maxTraceEvents and says so', () => {
    const r = replayCode(
      req(source('wrong-skip-gap.ts'), 1, { maxTraceEvents: 50 }),
      replayers[applyBatch.name],
      learnerModules,
    );
    expect(r.trace?.events).toHaveLength(50);
    expect(r.traceTruncated).toBe(true);
  });

  it('reports compile errors, missing exports and unknown exercises instead of throwing', () => {
    const syntax = replayCode(req('export function applyBatch(', 1), replayers[applyBatch.name], learnerModules);
    expect(syntax.error?.kind).toBe('syntax');
    expect(syntax.trace).toBeUndefined();

    const missing = replayCode(req('export const x = 1;', 1), replayers[applyBatch.name], learnerModules);
    expect(missing.error).toBeUndefined();
    expect(missing.trace).toBeUndefined();
    expect(missing.failures[0]?.property).toBe('entry-function');

    const unknown = replayCode({ ...req('x', 1), exerciseId: 'nope' }, undefined, learnerModules);
    expect(unknown.error?.kind).toBe('internal');
    expect(unknown.error?.message).toMatch(/No grader/);
  });
});

describe('replay through the pool', () => {
  class FakeWorker implements WorkerLike {
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    sent: PageToWorker[] = [];
    postMessage(data: string) {
      const m = decodeRequest(data);
      if (m) this.sent.push(m);
    }
    terminate() {}
  }
  it('sends a replay request and turns a watchdog stop into a replay-result error', async () => {
    const workers: FakeWorker[] = [];
    let fire: (() => void) | null = null;
    const pool = new RunnerPool(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      { setTimeout: (fn) => ((fire = fn), 1), clearTimeout: () => {} },
    );
    const p = pool.request(
      { type: 'replay', exerciseId: 'ch02.applyBatch', code: 'while(true){}', seed: 9 },
      { timeoutMs: 1000 },
    );
    const w = workers[0]!;
    expect(w.sent[0]).toMatchObject({ type: 'replay', seed: 9, exerciseId: 'ch02.applyBatch' });
    w.onmessage?.({ data: encode({ v: PROTOCOL_VERSION, type: 'ready' }) });
    (fire as unknown as () => void)();
    const r = await p;
    expect(r).toMatchObject({
      type: 'replay-result',
      seed: 9,
      exerciseId: 'ch02.applyBatch',
      violations: [],
      failures: [],
    });
    expect(r.error).toMatchObject({ kind: 'timeout', message: timeoutMessage(1000) });
  });
});
