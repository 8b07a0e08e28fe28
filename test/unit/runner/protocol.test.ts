import { describe, expect, it } from 'vitest';
import {
  decodeRequest,
  decodeResponse,
  encode,
  PROTOCOL_VERSION,
  type RunRequest,
  type WorkerToPage,
} from '../../../src/runner/protocol.ts';

const run: RunRequest = {
  v: PROTOCOL_VERSION,
  type: 'run',
  id: 3,
  cells: [{ id: 'a', code: 'const x = "<\\/script>"', report: true }],
};

describe('protocol', () => {
  it('round-trips a run request through encode/decode', () => {
    expect(decodeRequest(encode(run))).toEqual(run);
  });
  it('round-trips a grade request', () => {
    const g = {
      v: PROTOCOL_VERSION,
      type: 'grade',
      id: 1,
      exerciseId: 'ch3-quorum',
      code: 'x',
      seeds: [1, 2],
    } as const;
    expect(decodeRequest(encode(g))).toEqual(g);
  });
  it('accepts already-parsed objects too', () => {
    expect(decodeRequest(run)).toEqual(run);
  });
  it('rejects another protocol version', () => {
    expect(decodeRequest({ ...run, v: PROTOCOL_VERSION + 1 })).toBeNull();
    expect(decodeResponse({ v: 0, type: 'ready' })).toBeNull();
  });
  it('rejects malformed messages without throwing', () => {
    expect(decodeRequest('{not json')).toBeNull();
    expect(decodeRequest(null)).toBeNull();
    expect(decodeRequest({ ...run, cells: [{ id: 'a' }] })).toBeNull();
    expect(decodeRequest({ ...run, id: 'x' })).toBeNull();
    expect(
      decodeRequest({ v: PROTOCOL_VERSION, type: 'grade', id: 1, exerciseId: 'e', code: 'x', seeds: ['1'] }),
    ).toBeNull();
    expect(decodeRequest({ v: PROTOCOL_VERSION, type: 'nope', id: 1 })).toBeNull();
    expect(decodeResponse({ v: PROTOCOL_VERSION, type: 'progress', id: 1, done: 'x', total: 2 })).toBeNull();
  });
  it('decodes every response type', () => {
    const msgs: WorkerToPage[] = [
      { v: PROTOCOL_VERSION, type: 'ready' },
      { v: PROTOCOL_VERSION, type: 'console', id: 1, cell: 'a', line: { level: 'log', text: 'hi' } },
      { v: PROTOCOL_VERSION, type: 'progress', id: 1, done: 1, total: 3, note: 'seed 1: passed' },
      { v: PROTOCOL_VERSION, type: 'result', id: 1, outputs: [], ms: 2 },
      {
        v: PROTOCOL_VERSION,
        type: 'grade-result',
        id: 1,
        exerciseId: 'e',
        passed: true,
        checks: [],
        console: [],
        ms: 1,
      },
    ];
    for (const m of msgs) expect(decodeResponse(encode(m))).toEqual(m);
  });
});
