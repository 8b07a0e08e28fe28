import { describe, expect, it } from 'vitest';
import { compileCell, topLevelNames } from '../../../src/runner/transpile.ts';
import { describeError } from '../../../src/runner/errors.ts';

describe('topLevelNames', () => {
  it('lists top-level values, not types or inner names', () => {
    const src = [
      "import { createSimulation as make, check } from 'workbook';",
      "import * as wb from 'workbook';",
      'import type { Trace } from "workbook";',
      "import { type Violation, metrics } from 'workbook';",
      "import { type as typeAlias } from 'workbook';",
      'const a: number = 1, { b, c: [d] } = { b: 2, c: [3] };',
      'let e; var f = 1;',
      'function g(x: number) { const inner = x; return inner; }',
      'class H {}',
      'enum I { One }',
      'type J = string;',
      'interface K { x: number }',
      'for (let i = 0; i < 2; i++) {}',
      'export const L = 1;',
    ].join('\n');
    expect(topLevelNames(src)).toEqual([
      'make',
      'check',
      'wb',
      'metrics',
      'typeAlias',
      'a',
      'b',
      'd',
      'e',
      'f',
      'g',
      'H',
      'I',
      'L',
    ]);
  });
});

describe('compileCell', () => {
  it('keeps every line where it was', () => {
    const src = "import { x } from 'workbook';\n\nconst y: number = x;\ntype T = 1;\ninterface U {}\ny";
    const c = compileCell(src, 'c');
    if (!c.ok) throw new Error('expected ok');
    const lines = c.js.split('\n');
    expect(lines[2]).toContain('const y = _workbook.x;');
    expect(lines[5]).toBe('y');
  });
  it('injects earlier names it does not redeclare, on line 1', () => {
    const c = compileCell('const a = b + 1;\na', 'c', ['a', 'b']);
    if (!c.ok) throw new Error('expected ok');
    expect(c.injected).toEqual(['b']);
    expect(c.js.split('\n')[0]).toContain('let {b} = __nb.scope;');
  });
  it('reports a syntax error on the learner line and column', () => {
    const c = compileCell('const x = 1;\nlet y = ;', 'c');
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.error).toMatchObject({ kind: 'syntax', line: 2, column: 9, cell: 'c', message: 'Unexpected token' });
    expect(describeError(c.error)).toBe('SyntaxError on line 2: Unexpected token');
  });
  it('syntax error on line 7 reports line 7', () => {
    const src = 'const a = 1;\n\n\n\n\n\nconst = 2;';
    const c = compileCell(src, 'c', ['z']);
    expect(c.ok ? null : c.error.line).toBe(7);
  });
});
