import { describe, expect, it } from 'vitest';
import {
  decodeRequest,
  decodeResponse,
  encode,
  failureFor,
  PROTOCOL_VERSION,
  type CheckTraceRequest,
  type SimulateRequest,
  type SimulationResultMessage,
} from '../../../src/runner/protocol.ts';

const trace = { seed: 1, label: 't', nodes: ['A'], events: [] };
const simulate: SimulateRequest = {
  v: PROTOCOL_VERSION,
  type: 'simulate',
  id: 4,
  scenario: 'ch02-stop-and-restart',
  seed: 42,
  faults: [{ kind: 'crash', node: 'B', at: 100 }],
  checks: ['staleRead'],
};
const checkTrace: CheckTraceRequest = {
  v: PROTOCOL_VERSION,
  type: 'check-trace',
  id: 5,
  trace,
  info: { name: 't', chapter: 0, title: 'T', description: 'd' },
};

describe('the one protocol: simulation messages', () => {
  it('round-trips simulate and check-trace requests', () => {
    expect(decodeRequest(encode(simulate))).toEqual(simulate);
    expect(decodeRequest(encode(checkTrace))).toEqual(checkTrace);
  });

  it('rejects malformed simulation requests', () => {
    expect(decodeRequest({ ...simulate, seed: -1 })).toBeNull();
    expect(decodeRequest({ ...simulate, seed: 2 ** 32 })).toBeNull();
    expect(decodeRequest({ ...simulate, scenario: 7 })).toBeNull();
    expect(decodeRequest({ ...simulate, faults: 'crash' })).toBeNull();
    expect(decodeRequest({ ...simulate, faults: [1] })).toBeNull();
    expect(decodeRequest({ ...simulate, checks: [1] })).toBeNull();
    expect(decodeRequest({ ...simulate, v: PROTOCOL_VERSION + 1 })).toBeNull();
    expect(decodeRequest({ ...checkTrace, trace: { events: [] } })).toBeNull();
    expect(decodeRequest({ ...checkTrace, info: { name: 't' } })).toBeNull();
  });

  it('decodes a simulation result with a run or an error, and rejects a malformed one', () => {
    const run = { trace, checks: [], info: checkTrace.info, runMs: 1, checkMs: 1, lag: [], latencies: [] };
    const ok: SimulationResultMessage = { v: PROTOCOL_VERSION, type: 'simulation-result', id: 4, run, ms: 3 };
    expect(decodeResponse(encode(ok))).toEqual(ok);
    const bad = failureFor({ type: 'simulate', scenario: 'x', seed: 1, faults: [] }, 4, {
      kind: 'runtime',
      name: 'Error',
      message: 'There is no scenario named "x".',
    });
    expect(bad.type).toBe('simulation-result');
    expect(decodeResponse(encode(bad))).toEqual(bad);
    expect(decodeResponse({ ...ok, run: { trace: 'no' } })).toBeNull();
    expect(decodeResponse({ ...ok, ms: 'fast' })).toBeNull();
  });

  it('makes a failure of each request its own result kind', () => {
    const error = { kind: 'timeout', name: 'Timeout', message: 'late' } as const;
    expect(failureFor({ type: 'run', cells: [] }, 1, error)).toMatchObject({ type: 'result', outputs: [], error });
    expect(failureFor({ type: 'grade', exerciseId: 'e', code: '', seeds: [1] }, 2, error)).toMatchObject({
      type: 'grade-result',
      passed: false,
      id: 2,
    });
    expect(failureFor({ type: 'replay', exerciseId: 'e', code: '', seed: 3 }, 3, error)).toMatchObject({
      type: 'replay-result',
      seed: 3,
      violations: [],
    });
    expect(failureFor({ type: 'check-trace', trace, info: checkTrace.info }, 4, error)).toMatchObject({
      type: 'simulation-result',
      error,
    });
  });
});
