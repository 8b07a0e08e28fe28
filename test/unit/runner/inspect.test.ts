import { describe, expect, it } from 'vitest';
import { formatConsoleArgs, formatInline, inspect } from '../../../src/runner/inspect.ts';
import { createRequire, ImportError } from '../../../src/runner/require-shim.ts';
import { findTrace, isTrace } from '../../../src/runner/trace-detect.ts';

describe('inspect (value pretty-print)', () => {
  it('describes primitives', () => {
    expect(inspect(1.5)).toEqual({ t: 'number', v: '1.5' });
    expect(inspect(-0)).toEqual({ t: 'number', v: '-0' });
    expect(inspect(10n)).toEqual({ t: 'bigint', v: '10n' });
    expect(inspect(undefined)).toEqual({ t: 'undefined' });
    expect(inspect(null)).toEqual({ t: 'null' });
    expect(inspect('x')).toEqual({ t: 'string', v: 'x' });
    expect(inspect(Symbol('s'))).toEqual({ t: 'symbol', v: 'Symbol(s)' });
    expect(inspect(function named() {})).toEqual({ t: 'function', name: 'named' });
  });
  it('handles cycles, depth and breadth', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(formatInline(inspect(a))).toBe('{ n: 1, self: [Circular] }');
    expect(formatInline(inspect({ a: { b: { c: { d: 1 } } } }, { depth: 2 }))).toBe('{ a: { b: Object {…} } }');
    const big = inspect(
      Array.from({ length: 10 }, (_, i) => i),
      { breadth: 3 },
    );
    expect(big).toMatchObject({ t: 'array', length: 10, more: 7 });
    expect(formatInline(big)).toBe('[0, 1, 2, … 7 more]');
  });
  it('describes Map, Set, Date, Error and class instances', () => {
    expect(formatInline(inspect(new Map([['k', [1]]])))).toBe('Map(1) { "k" => [1] }');
    expect(formatInline(inspect(new Set([1, 2])))).toBe('Set(2) { 1, 2 }');
    expect(formatInline(inspect(new Date(0)))).toBe('1970-01-01T00:00:00.000Z');
    expect(formatInline(inspect(new TypeError('bad')))).toBe('TypeError: bad');
    class Point {
      x = 1;
    }
    expect(formatInline(inspect(new Point()))).toBe('Point { x: 1 }');
    expect(formatInline(inspect({ 'odd key': 1 }))).toBe('{ "odd key": 1 }');
  });
  it('survives throwing getters', () => {
    const o = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(formatInline(inspect(o))).toBe('{ boom: Getter threw: no }');
  });
  it('truncates long strings', () => {
    expect(inspect('abcdef', { maxString: 3 })).toEqual({ t: 'string', v: 'abc', truncated: 3 });
  });
  it('formats console arguments like a terminal', () => {
    expect(formatConsoleArgs(['lag', 3, 'ms', { node: 'B' }, [1, 'x']])).toBe('lag 3 ms { node: "B" } [1, "x"]');
  });
});

describe('require shim', () => {
  it('serves the engine under its specifier', () => {
    const engine = { createSimulation: () => 1 };
    const got = createRequire({ workbook: engine })('workbook') as typeof engine;
    expect(got.createSimulation).toBe(engine.createSimulation);
  });
  it('hands modules out hardened, so a cell cannot patch what the grader calls', () => {
    class Sim {
      run() {
        return 'real';
      }
    }
    const engine = { Sim, check: { ok: () => false } };
    const got = createRequire({ workbook: engine })('workbook') as typeof engine;
    expect(() => {
      (got as { check: unknown }).check = { ok: () => true };
    }).toThrow(TypeError);
    expect(() => {
      got.check.ok = () => true;
    }).toThrow(TypeError);
    expect(() => {
      Sim.prototype.run = () => 'fake';
    }).toThrow(TypeError);
    expect(new Sim().run()).toBe('real');
  });
  it('refuses anything else with a message naming what is allowed', () => {
    const req = createRequire({ workbook: {} });
    expect(() => req('fs')).toThrow(ImportError);
    expect(() => req('fs')).toThrow("Cannot import 'fs'. Cells can import only 'workbook'");
    expect(() => req('__proto__')).toThrow(ImportError);
  });
});

describe('trace detection', () => {
  const trace = { seed: 1, label: 'x', nodes: ['A'], events: [] };
  it('finds a trace, a .trace property or a .trace() method', () => {
    expect(isTrace(trace)).toBe(true);
    expect(findTrace(trace)).toBe(trace);
    expect(findTrace({ trace })).toBe(trace);
    expect(findTrace({ trace: () => trace })).toBe(trace);
    expect(findTrace({ events: [] })).toBeNull();
    expect(
      findTrace({
        trace: () => {
          throw new Error('x');
        },
      }),
    ).toBeNull();
    expect(findTrace(3)).toBeNull();
  });
});
