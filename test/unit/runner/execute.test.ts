import { describe, expect, it } from 'vitest';
import { executeCells } from '../../../src/runner/execute.ts';
import type { CellSource } from '../../../src/runner/protocol.ts';
import { engine } from './fake-engine.ts';

const modules = { workbook: engine };
const cell = (id: string, code: string, report = true): CellSource => ({ id, code, report });
const run = (...cells: CellSource[]) => executeCells(cells, { modules });

describe('executeCells: values', () => {
  it('returns the value of the last expression statement', () => {
    const r = run(cell('a', 'const x: number = 2;\nx * 21'));
    expect(r.error).toBeUndefined();
    expect(r.outputs[0]?.value).toEqual({ t: 'number', v: '42' });
  });
  it('prefers export default', () => {
    const r = run(cell('a', 'export default { ok: true };\n1 + 1'));
    expect(r.outputs[0]?.value).toEqual({
      t: 'object',
      ctor: null,
      entries: [['ok', { t: 'boolean', v: true }]],
      more: 0,
    });
  });
  it('has no value when the last statement is console.log', () => {
    const r = run(cell('a', 'console.log("hi")'));
    expect(r.outputs[0]?.value).toBeUndefined();
  });
  it('keeps TypeScript-only syntax out of the way (types, interfaces, enums)', () => {
    const r = run(
      cell('a', 'interface P { x: number }\nenum Color { Red, Green }\nconst p: P = { x: Color.Green };\np.x'),
    );
    expect(r.outputs[0]?.value).toEqual({ t: 'number', v: '1' });
  });
});

describe('executeCells: console capture', () => {
  it('captures log, warn and error in order, formatted', () => {
    const r = run(
      cell('a', 'console.log("a", 1, { b: [2] });\nconsole.warn("careful");\nconsole.error(new Error("boom"))'),
    );
    expect(r.outputs[0]?.console).toEqual([
      { level: 'log', text: 'a 1 { b: [2] }' },
      { level: 'warn', text: 'careful' },
      { level: 'error', text: 'Error: boom' },
    ]);
  });
  it('streams lines and caps them', () => {
    const seen: string[] = [];
    const r = executeCells([cell('a', 'for (let i = 0; i < 10; i++) console.log(i)')], {
      modules,
      maxConsoleLines: 3,
      onConsole: (_c, l) => seen.push(l.text),
    });
    expect(seen).toEqual(['0', '1', '2']);
    expect(r.outputs[0]?.droppedConsole).toBe(7);
  });
  it('silences cells that are not reported', () => {
    const r = run(cell('a', 'console.log("quiet"); const x = 1', false), cell('b', 'console.log("loud", x)'));
    expect(r.outputs).toHaveLength(1);
    expect(r.outputs[0]?.console).toEqual([{ level: 'log', text: 'loud 1' }]);
  });
});

describe('executeCells: notebook ordering', () => {
  it('cell 3 sees a const from cell 1', () => {
    const r = run(
      cell('c1', 'const greeting: string = "hello";', false),
      cell('c2', 'function shout(s: string) { return s.toUpperCase() }', false),
      cell('c3', 'shout(greeting)'),
    );
    expect(r.error).toBeUndefined();
    expect(r.outputs[0]?.value).toEqual({ t: 'string', v: 'HELLO' });
  });
  it('a later cell may redeclare a name, and its reassignment carries on', () => {
    const r = run(
      cell('c1', 'let n = 1; const k = 5;', false),
      cell('c2', 'const k = 7; n = n + k;', false),
      cell('c3', '[n, k]'),
    );
    expect(r.outputs[0]?.value).toMatchObject({
      t: 'array',
      items: [
        { t: 'number', v: '8' },
        { t: 'number', v: '7' },
      ],
    });
  });
  it('type-only imports do not break the hand-over to later cells', () => {
    const r = run(
      cell(
        'c1',
        "import type { Trace } from 'workbook';\nimport { type Trace as T2, createSimulation } from 'workbook';\nconst t: Trace | T2 | null = null;",
        false,
      ),
      cell('c2', 'typeof createSimulation'),
    );
    expect(r.error).toBeUndefined();
    expect(r.outputs[0]?.value).toEqual({ t: 'string', v: 'function' });
  });
  it('imports of an earlier cell are visible later', () => {
    const r = run(
      cell('c1', "import { createSimulation } from 'workbook';", false),
      cell('c2', 'typeof createSimulation'),
    );
    expect(r.outputs[0]?.value).toEqual({ t: 'string', v: 'function' });
  });
  it('an error in an earlier cell stops the run and names that cell', () => {
    const r = run(cell('c1', 'const a = 1;\nnull!.boom', false), cell('c2', 'a'));
    expect(r.error).toMatchObject({ cell: 'c1', line: 2, kind: 'runtime', name: 'TypeError' });
    expect(r.outputs).toHaveLength(1);
  });
});

describe('executeCells: errors point at the learner line', () => {
  it('syntax error on line 7 reports line 7', () => {
    const code = [
      'const a = 1;',
      'const b = 2;',
      '',
      '// comment',
      'function f(x: number) {',
      '  return x;',
      '  let y = ;',
      '}',
    ].join('\n');
    const r = run(cell('s', code));
    expect(r.error).toMatchObject({ kind: 'syntax', line: 7, cell: 's' });
  });
  it('syntax error on line 7 still reports line 7 when earlier names are injected', () => {
    const code = ['x;', '', '', '', '', '', 'let = 3;'].join('\n');
    const r = run(cell('a', 'const x = 1', false), cell('s', code));
    expect(r.error).toMatchObject({ kind: 'syntax', line: 7 });
  });
  it('runtime error reports line and column', () => {
    const code = 'const xs = [1, 2];\n\n\nconst o: any = undefined;\nconsole.log(xs);\nconst v = o.missing;';
    const r = run(cell('r', code));
    expect(r.error).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 6 });
    expect(r.outputs[0]?.console).toHaveLength(1);
  });
  it('runtime error on line 1 with injected names: right line, no misleading column', () => {
    const r = run(cell('a', 'const x = 1', false), cell('b', 'const y = x; (null as any).z'));
    expect(r.error).toMatchObject({ line: 1 });
    expect(r.error?.column).toBeUndefined();
  });
  it('reports a column only when the line is unchanged by transpiling', () => {
    const r = run(cell('b', 'const a = 1;\nconst o: any = null;\n  o.z;'));
    expect(r.error).toMatchObject({ line: 3 });
    const typed = run(cell('b', 'const a = 1;\nconst o: any = null;\nconst q: number = o.z;'));
    expect(typed.error?.line).toBe(3);
    expect(typed.error?.column).toBeUndefined();
  });
  it('error thrown inside the engine points at the calling line', () => {
    const code =
      "import { createSimulation } from 'workbook';\nconst sim = createSimulation({ seed: 1, maxEvents: 3 });\nsim.write('a', 1);\nsim.write('a', 2);";
    const r = run(cell('e', code));
    expect(r.error).toMatchObject({ kind: 'limit', name: 'EventLimitError', line: 4 });
  });
  it('redeclaration (an early error V8 reports without a position) is located', () => {
    const r = run(cell('d', 'let a = 1;\nconst b = 2;\nlet a = 3;'));
    expect(r.error).toMatchObject({ kind: 'syntax' });
  });
  it('throwing a non-Error is reported', () => {
    const r = run(cell('t', 'throw "nope"'));
    expect(r.error).toMatchObject({ kind: 'runtime', message: 'Uncaught "nope"' });
  });
});

describe('executeCells: imports and traces', () => {
  it('imports the engine as workbook', () => {
    const r = run(
      cell(
        'i',
        "import * as wb from 'workbook';\nimport { createSimulation } from 'workbook';\ntypeof wb.createSimulation + typeof createSimulation",
      ),
    );
    expect(r.outputs[0]?.value).toEqual({ t: 'string', v: 'functionfunction' });
  });
  it('refuses other modules with a helpful message', () => {
    const r = run(cell('i', "\nimport fs from 'fs';\nfs.readFileSync('x')"));
    expect(r.error).toMatchObject({ kind: 'import', line: 2 });
    expect(r.error?.message).toMatch(/Cells can import only 'workbook'/);
  });
  it('returns the trace of a simulation value', () => {
    const code =
      "import { createSimulation } from 'workbook';\nconst sim = createSimulation({ seed: 7 });\nsim.write('x', 1);\nsim";
    const r = run(cell('t', code));
    expect(r.outputs[0]?.trace?.seed).toBe(7);
    expect(r.outputs[0]?.trace?.events).toHaveLength(2);
    expect(r.outputs[0]?.traceTruncated).toBe(false);
  });
  it('truncates long traces', () => {
    const code =
      "import { createSimulation } from 'workbook';\nconst sim = createSimulation({ seed: 7 });\nfor (let i = 0; i < 10; i++) sim.write('x', i);\nsim.trace";
    const r = executeCells([cell('t', code)], { modules, maxTraceEvents: 5 });
    expect(r.outputs[0]?.trace?.events).toHaveLength(5);
    expect(r.outputs[0]?.traceTruncated).toBe(true);
  });
});
