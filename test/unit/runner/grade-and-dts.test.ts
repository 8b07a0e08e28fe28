import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeCode } from '../../../src/runner/grade.ts';
import { PROTOCOL_VERSION, type ProgressMessage } from '../../../src/runner/protocol.ts';
import { buildEngineDts } from '../../../src/components/editor/vite-plugins.ts';
import { engine } from './fake-engine.ts';

const req = (code: string) =>
  ({ v: PROTOCOL_VERSION, type: 'grade', id: 1, exerciseId: 'double', code, seeds: [1, 2, 3] }) as const;
const grader = ({ learner, seed }: { learner: Record<string, unknown>; seed: number }) => {
  const f = learner.double as (n: number) => number;
  const got = f(seed);
  return {
    passed: got === seed * 2,
    message: got === seed * 2 ? 'ok' : `double(${seed}) returned ${got}, expected ${seed * 2} (seed ${seed})`,
  };
};

describe('grade handler (stub-ready)', () => {
  it('runs the learner code once and the grader per seed, with progress', () => {
    const progress: ProgressMessage[] = [];
    const r = gradeCode(req('export function double(n: number) { return n * 2; }'), grader, { workbook: engine }, (p) =>
      progress.push(p),
    );
    expect(r.passed).toBe(true);
    expect(progress.map((p) => `${p.done}/${p.total}`)).toEqual(['1/3', '2/3', '3/3']);
  });
  it('a wrong solution fails with the seed in the message; a throwing one names the line', () => {
    const wrong = gradeCode(req('function double(n: number) { return n + 2; }'), grader, {}, () => {});
    expect(wrong.passed).toBe(false);
    expect(wrong.checks[0]?.message).toContain('seed 1');
    const throws = gradeCode(
      req('function double(n: number): number {\n  throw new Error("todo");\n}'),
      grader,
      {},
      () => {},
    );
    expect(throws.checks[0]?.message).toMatch(/line 2.*todo.*seed 1/);
  });
  it('an unknown exercise is an internal error, not a crash', () => {
    expect(gradeCode(req('1'), undefined, {}, () => {}).error?.message).toMatch(/No grader/);
  });
});

describe('engine declarations for the editor', () => {
  it('wraps the real engine API as declare module "workbook"', async () => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/engine');
    const dts = await buildEngineDts(dir);
    expect(dts).toContain("declare module 'workbook' {");
    expect(dts).toContain("export * from 'workbook/index';");
    expect(dts).toMatch(/createSimulation/);
    expect(dts).not.toMatch(/from '\.\.?\//); // relative specifiers rewritten
    expect(dts).not.toMatch(/^\s*export declare /m); // no `declare` inside ambient modules
  }, 60_000);
});
