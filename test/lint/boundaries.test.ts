/**
 * The import boundaries and engine determinism rules in eslint.config.js are
 * real: code that breaks them is flagged, and code that respects them passes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('import boundaries', () => {
  it('flags the engine importing UI, storage, Astro or chapter code', async () => {
    for (const spec of [
      '../components/sim/Board.tsx',
      '../progress/store.ts',
      'astro:content',
      'preact/hooks',
      '../chapters/types.ts',
      '../../src/runner/worker.ts',
    ]) {
      expect(await ruleIds(`import '${spec}';\nexport const x = 1;\n`, 'src/engine/model/example.ts'), spec).toContain(
        'no-restricted-imports',
      );
    }
  });

  it('flags nondeterminism inside the engine', async () => {
    expect(await ruleIds('export const r = Math.random();\n', 'src/engine/model/example.ts')).toContain(
      'no-restricted-properties',
    );
    expect(await ruleIds('export const t = Date.now();\n', 'src/engine/model/example.ts')).toContain(
      'no-restricted-properties',
    );
    expect(await ruleIds('setTimeout(() => {}, 1);\n', 'src/engine/model/example.ts')).toContain(
      'no-restricted-globals',
    );
  });

  it('flags syntax Node cannot strip in code the command-line tools run', async () => {
    const code = 'export class C {\n  constructor(readonly x: number) {}\n}\n';
    for (const file of ['src/engine/sim/example.ts', 'src/chapters/ch01/example.ts', 'src/assessment/example.ts'])
      expect(await ruleIds(code, file), file).toContain('no-restricted-syntax');
    expect(await ruleIds('export enum E {\n  A,\n}\n', 'src/engine/model/example.ts')).toContain(
      'no-restricted-syntax',
    );
  });

  it('flags UI, runner and chapter code reaching into the engine past its public entry points', async () => {
    for (const [spec, file] of [
      ['../../../engine/config.ts', 'src/components/sim/model/example.ts'],
      ['../engine/sim/engine.ts', 'src/runner/example.ts'],
      ['../../engine/checkers/split-brain.ts', 'src/chapters/ch01/example.ts'],
    ] as const)
      expect(await ruleIds(`import '${spec}';\nexport const x = 1;\n`, file), spec).toContain('no-restricted-imports');
    for (const spec of ['../../../engine/index.ts', '../../../engine/trace/events.ts', './engine/client.ts'])
      expect(
        await ruleIds(`import '${spec}';\nexport const x = 1;\n`, 'src/components/sim/model/example.ts'),
        spec,
      ).not.toContain('no-restricted-imports');
  });

  it('flags an import cycle', async () => {
    // no-cycle follows real files, so the test writes two that import each other and removes them.
    const dir = `src/engine/lint-cycle-${process.pid}`;
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(`${dir}/a.ts`, "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n");
      writeFileSync(`${dir}/b.ts`, "import { a } from './a.ts';\nexport const b = (): number => a() - 1;\n");
      const [result] = await eslint.lintFiles([`${dir}/a.ts`]);
      expect((result?.messages ?? []).map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flags chapter code importing assessment or UI', async () => {
    expect(
      await ruleIds("import '../../assessment/quiz/score.ts';\nexport const x = 1;\n", 'src/chapters/ch01/example.ts'),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds("import '../../components/quiz/Quiz.tsx';\nexport const x = 1;\n", 'src/chapters/ch01/example.ts'),
    ).toContain('no-restricted-imports');
  });

  it('allows the intended direction', async () => {
    expect(
      await ruleIds("import { x } from '../model/rng.ts';\nexport const y = x;\n", 'src/engine/sim/example.ts'),
    ).toEqual([]);
    expect(
      await ruleIds(
        "import { x } from '../../engine/index.ts';\nexport const y = x;\n",
        'src/chapters/ch01/example.ts',
      ),
    ).toEqual([]);
    expect(
      await ruleIds("import { x } from '../engine/index.ts';\nexport const y = x;\n", 'src/components/example.ts'),
    ).toEqual([]);
  });
});
