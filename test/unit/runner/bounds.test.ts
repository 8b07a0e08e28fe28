/**
 * Output is bounded in the worker before it crosses to the page: per console
 * line, per run, and per inspected value (nodes and characters), always
 * saying what was cut.
 */
import { describe, expect, it } from 'vitest';
import { executeCells } from '../../../src/runner/execute.ts';
import { formatInline, inspect } from '../../../src/runner/inspect.ts';
import { MAX_LINE_CHARS, MAX_RUN_CONSOLE_CHARS, MAX_VALUE_NODES } from '../../../src/runner/bounds.ts';
import type { Inspected } from '../../../src/runner/protocol.ts';

const run = (code: string) => executeCells([{ id: 'a', code, report: true }], { modules: {} });

function countNodes(x: Inspected): number {
  switch (x.t) {
    case 'array':
    case 'set':
      return 1 + x.items.reduce((n, i) => n + countNodes(i), 0);
    case 'object':
      return 1 + x.entries.reduce((n, [, v]) => n + countNodes(v), 0);
    case 'map':
      return 1 + x.entries.reduce((n, [k, v]) => n + countNodes(k) + countNodes(v), 0);
    default:
      return 1;
  }
}

describe('output bounds', () => {
  it('1,000 lines of 100 KB: each line clipped, the run capped, the rest counted', () => {
    const r = run("const s = 'x'.repeat(100_000);\nfor (let i = 0; i < 1000; i++) console.log(s);");
    const out = r.outputs[0]!;
    const total = out.console.reduce((n, l) => n + l.text.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_RUN_CONSOLE_CHARS + 100 * out.console.length);
    expect(out.console[0]!.text.length).toBeLessThan(MAX_LINE_CHARS + 100);
    expect(out.console[0]!.text).toMatch(/… 95000 more characters not shown$/);
    expect(out.droppedConsole).toBe(1000 - out.console.length);
    expect(out.droppedConsole).toBeGreaterThan(900);
    expect(JSON.stringify(r).length).toBeLessThan(400_000);
  });

  it('a nested array with a million leaves comes back as a small, summarised tree', () => {
    const t0 = performance.now();
    const r = run('Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array(100).fill(1)))');
    const value = r.outputs[0]!.value!;
    expect(countNodes(value)).toBeLessThanOrEqual(MAX_VALUE_NODES + 1);
    expect(JSON.stringify(value).length).toBeLessThan(200_000);
    expect(value).toMatchObject({ t: 'array', length: 100, more: 0 });
    // every row is there (summarised), not the first row in full and "… 99 more"
    expect(value.t === 'array' && value.items.every((i) => i.t === 'array' && i.items.length > 0)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('strings inside one value share one character budget', () => {
    const x = inspect(Array(50).fill('y'.repeat(10_000)), { maxChars: 30_000 });
    const chars = x.t === 'array' ? x.items.reduce((n, i) => n + (i.t === 'string' ? i.v.length : 0), 0) : 0;
    expect(chars).toBe(30_000);
  });

  it('a one-line preview of a huge tree stops early', () => {
    const big = inspect(
      Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 'z'.repeat(50))),
      { maxNodes: 1e9, maxChars: 1e9 },
    );
    const t0 = performance.now();
    const s = formatInline(big, 80);
    expect(s.length).toBeLessThanOrEqual(80);
    expect(performance.now() - t0).toBeLessThan(20);
  });
});
