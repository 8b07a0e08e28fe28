/**
 * Every notebook cell in every lesson runs against the real engine.
 *
 * Cells are the ```ts cell blocks of content/chapters/NN-slug/lesson.mdx. The
 * cells of one lesson form a notebook: they run in order in one scope, exactly
 * as the page's runner does (src/runner/execute.ts), with `import ... from
 * 'workbook'` served by the engine's public API. A failure names the lesson,
 * the cell's title and the error's line in the cell.
 *
 * Each cell must also say something: print at least one console line and
 * leave a final value, so a learner who presses Run sees a result.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as engine from '../../src/engine/index.ts';
import { executeCells } from '../../src/runner/execute.ts';
import { isCellBlock, parseCellMeta } from '../../src/site/remark-cells.ts';

const CHAPTERS = join(import.meta.dirname, '../../content/chapters');

interface Cell {
  readonly id: string;
  readonly title: string;
  readonly code: string;
  readonly line: number;
}

/** The notebook cells of one MDX file, in document order. */
export function extractCells(mdx: string, file: string): Cell[] {
  const cells: Cell[] = [];
  const lines = mdx.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, fence, lang, meta] = open as unknown as [string, string, string, string];
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).startsWith(fence)) j++;
    if (isCellBlock(lang, meta)) {
      const parsed = parseCellMeta(meta);
      const n = cells.length + 1;
      cells.push({
        id: parsed.id ?? `${file}-${n}`,
        title: parsed.title ?? `Cell ${n}`,
        code: lines.slice(i + 1, j).join('\n'),
        line: i + 1,
      });
    }
    i = j;
  }
  return cells;
}

const lessons = readdirSync(CHAPTERS)
  .sort()
  .map((folder) => ({ folder, file: join(CHAPTERS, folder, 'lesson.mdx') }))
  .filter((l) => existsSync(l.file))
  .map((l) => ({ ...l, cells: extractCells(readFileSync(l.file, 'utf8'), l.folder) }))
  .filter((l) => l.cells.length > 0);

describe('notebook cells run against the engine', () => {
  test.each(lessons.map((l) => [l.folder, l] as const))('%s', (_name, lesson) => {
    const result = executeCells(
      lesson.cells.map((c) => ({ id: c.id, code: c.code, report: true })),
      { modules: { workbook: engine } },
    );
    if (result.error) {
      const cell = lesson.cells.find((c) => c.id === result.error?.cell) ?? lesson.cells[result.outputs.length - 1];
      const where = cell ? `cell "${cell.title}" (lesson.mdx line ${cell.line + (result.error.line ?? 0)})` : 'a cell';
      throw new Error(`content/chapters/${lesson.folder}/lesson.mdx, ${where}: ${result.error.name}: ${result.error.message}`);
    }
    expect(result.outputs).toHaveLength(lesson.cells.length);
    if (process.env['SHOW_CELLS']) {
      for (const [i, out] of result.outputs.entries()) {
        console.log(`--- ${lesson.folder} / ${lesson.cells[i]?.title} (${Math.round(out.ms)} ms)\n${out.console.map((l) => l.text).join('\n')}\n=> ${out.value ?? ''}`);
      }
    }
    for (const [i, out] of result.outputs.entries()) {
      const cell = lesson.cells[i]!;
      expect(out.console.length, `${lesson.folder} "${cell.title}" prints nothing`).toBeGreaterThan(0);
      expect(out.value, `${lesson.folder} "${cell.title}" leaves no final value`).toBeDefined();
    }
  });
});

describe('every chapter has at least three cells with ids and titles', () => {
  for (const folder of readdirSync(CHAPTERS).filter((f) => /^\d\d-/.test(f))) {
    test(folder, () => {
      const lesson = lessons.find((l) => l.folder === folder);
      expect(lesson, `${folder} has no cells`).toBeDefined();
      expect(lesson!.cells.length).toBeGreaterThanOrEqual(3);
      for (const c of lesson!.cells) {
        expect(c.id.startsWith(folder), `cell "${c.title}" has no explicit id`).toBe(false);
        expect(c.title.startsWith('Cell '), `cell ${c.id} has no title`).toBe(false);
      }
    });
  }
});
