/**
 * Learner code runs in an SES Compartment over a locked-down realm: it has no
 * handle on the worker's globals, cannot rewrite the intrinsics or the engine
 * the grader relies on, and hostile values it throws or returns still give a
 * normal error report.
 */
import { describe, expect, it } from 'vitest';
import { executeCells } from '../../../src/runner/execute.ts';
import { gradeCode } from '../../../src/runner/grade.ts';
import { PROTOCOL_VERSION } from '../../../src/runner/protocol.ts';
import { engine } from './fake-engine.ts';

const modules = { workbook: engine };
const value = (code: string) => {
  const r = executeCells([{ id: 'a', code, report: true }], { modules });
  return { r, v: r.outputs[0]?.value, err: r.error };
};

describe('sandbox: what learner code can reach', () => {
  it('has no postMessage, self, onmessage, process, fetch, importScripts or timers', () => {
    const { v } = value(
      '[typeof postMessage, typeof self, typeof onmessage, typeof process, typeof fetch, typeof importScripts, typeof setTimeout, typeof globalThis.postMessage].join(",")',
    );
    expect(v).toEqual({ t: 'string', v: Array(8).fill('undefined').join(',') });
  });
  it('cannot climb to the real global through a function constructor', () => {
    const { err } = value('(() => {}).constructor("return globalThis")()');
    expect(err?.kind).toBe('runtime');
  });
  it('still has console, Math.random, Date.now and the workbook import', () => {
    const r = executeCells(
      [
        {
          id: 'a',
          code: 'import { createSimulation } from "workbook";\nconsole.log(typeof createSimulation);\n[Math.random() < 1, Date.now() > 0]',
          report: true,
        },
      ],
      { modules },
    );
    expect(r.error).toBeUndefined();
    expect(r.outputs[0]?.console[0]?.text).toBe('function');
    expect(r.outputs[0]?.value).toMatchObject({ t: 'array', items: [{ v: true }, { v: true }] });
  });
  it('keeps `i-->0` working (not an HTML comment)', () => {
    expect(value('let i = 3, n = 0;\nwhile (i-->0) n++;\nn').v).toEqual({ t: 'number', v: '3' });
  });
});

describe('sandbox: learner code cannot rewrite what the grader relies on', () => {
  for (const patch of [
    'JSON.stringify = () => "[1,2,3]"',
    'Object.prototype.toJSON = function () { return 1 }',
    'Array.prototype.sort = function () { return [1, 2, 3] }',
    'Array.prototype.push = function () { return 0 }',
    'Math.max = () => 3',
  ]) {
    it(`refuses: ${patch}`, () => {
      const { err } = value(patch);
      expect(err).toMatchObject({ kind: 'runtime', name: 'TypeError' });
    });
  }
  it('a failing solution that patches intrinsics is still failing', () => {
    const grader = ({ learner }: { learner: Record<string, unknown> }) => {
      const got = (learner.sorted as (xs: number[]) => number[])([3, 1, 2]);
      const passed = JSON.stringify([...got].sort()) === JSON.stringify([1, 2, 3]) && Math.max(...got) === 3;
      return { passed, message: passed ? 'ok' : 'wrong' };
    };
    const cheat = [
      'try { JSON.stringify = () => "[1,2,3]"; } catch {}',
      'try { Array.prototype.sort = function () { return [1, 2, 3]; }; } catch {}',
      'try { Math.max = () => 3; } catch {}',
      'export function sorted(xs: number[]) { return [9]; }',
    ].join('\n');
    const r = gradeCode(
      { v: PROTOCOL_VERSION, type: 'grade', id: 1, exerciseId: 'x', code: cheat, seeds: [1] },
      grader,
      modules,
      () => {},
    );
    expect(r.passed).toBe(false);
    expect(JSON.stringify([1])).toBe('[1]');
  });
  it('cannot replace the engine functions the grader calls', () => {
    const before = engine.createSimulation;
    const star = value('import * as wb from "workbook";\n(wb as any).createSimulation = () => null;');
    expect(star.err).toBeUndefined(); // sucrase's namespace copy is the cell's own object…
    expect(engine.createSimulation).toBe(before); // …the grader's module is untouched
    const named = value(
      'import { createSimulation, EventLimitError } from "workbook";\n(createSimulation as any).call = () => 1;',
    );
    expect(named.err?.name).toBe('TypeError');
    const proto = value('import { EventLimitError } from "workbook";\nEventLimitError.prototype.name = "Fine";');
    expect(proto.err?.name).toBe('TypeError');
  });
});

describe('hostile values give a normal error report', () => {
  const cases: [string, string, RegExp][] = [
    ['Object.create(null)', 'throw Object.create(null)', /Uncaught \[object Object\]/],
    ['toString throws', 'throw { toString() { throw new Error("nope") } }', /Uncaught \[object Object\]/],
    [
      'a revoked Proxy',
      'const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nthrow proxy',
      /Uncaught|cannot be shown/,
    ],
    [
      'an Error whose message getter throws',
      'const e = new Error("x");\nObject.defineProperty(e, "message", { get() { throw e; } });\nthrow e',
      /.*/,
    ],
    [
      'an Error whose name getter throws a revoked proxy',
      'const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nconst e = new TypeError("x");\nObject.defineProperty(e, "name", { get() { throw proxy; } });\nthrow e',
      /x/,
    ],
  ];
  for (const [what, code, message] of cases) {
    it(`thrown: ${what}`, () => {
      const { err } = value(code);
      expect(err?.kind).toBe('runtime');
      expect(err?.message).toMatch(message);
    });
  }
  it('a revoked Proxy as the value, and as an export default', () => {
    const a = value('const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nproxy');
    expect(a.err).toBeUndefined();
    expect(a.v?.t).toBe('error');
    const b = value('const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nexport default proxy;');
    expect(b.err).toBeUndefined();
  });
  it('console.log of hostile values', () => {
    const { r } = value(
      'const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nconsole.log(proxy, Object.create(null), { toString() { throw 1 } })',
    );
    expect(r.error).toBeUndefined();
    expect(r.outputs[0]?.console).toHaveLength(1);
  });
  it('a grader handed a solution that throws a hostile value fails that seed with a message', () => {
    const grader = ({ learner }: { learner: Record<string, unknown> }) => {
      (learner.f as () => void)();
      return { passed: true, message: 'ok' };
    };
    const r = gradeCode(
      {
        v: PROTOCOL_VERSION,
        type: 'grade',
        id: 1,
        exerciseId: 'x',
        code: 'export function f() { throw Object.create(null); }',
        seeds: [1],
      },
      grader,
      modules,
      () => {},
    );
    expect(r.passed).toBe(false);
    expect(r.checks[0]?.message).toMatch(/Uncaught/);
  });
});
