/**
 * "Adding a chapter touches its own folder and one registry line", checked as
 * far as a test can: the registry (src/chapters/index.ts) has exactly one line
 * per chapter folder under src/chapters/, each manifest has a content folder
 * and each content folder a manifest, every scenario, generator and grader
 * registry is derived from the manifests, and nothing else in src/ imports a
 * chapter folder. Also: defineChapter accepts a well-named manifest and
 * rejects each kind of misnamed or duplicated part.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapterId, defineChapter, type ChapterParts } from '../../../src/chapters/define.ts';
import { generators } from '../../../src/chapters/generators.ts';
import { chapters } from '../../../src/chapters/list.ts';
import { scenarioList, scenarios } from '../../../src/chapters/scenarios/index.ts';
import type { Scenario } from '../../../src/chapters/scenarios/types.ts';
import type { ExerciseGrader } from '../../../src/chapters/grader-types.ts';
import { graders, runnerGraders, runnerReplayers } from '../../../src/assessment/graders/index.ts';

const ROOT = join(import.meta.dirname, '../../..');
const SRC_CHAPTERS = join(ROOT, 'src/chapters');
const CONTENT = join(ROOT, 'content/chapters');
const CHAPTER_DIR = /^ch(\d{2})$/;

const contentFolders = readdirSync(CONTENT).filter((f) => statSync(join(CONTENT, f)).isDirectory());
const codeFolders = readdirSync(SRC_CHAPTERS).filter((f) => CHAPTER_DIR.test(f));
const registryLines = readFileSync(join(SRC_CHAPTERS, 'index.ts'), 'utf8')
  .split('\n')
  .filter((l) => !/^\s*(\/\*\*|\*|\/\/)/.test(l) && l.trim() !== '');

describe('the chapter registry', () => {
  it("has one line per chapter folder, naming that folder's manifest, and nothing else", () => {
    expect(registryLines).toEqual(codeFolders.map((id) => `export { default as ${id} } from './${id}/index.ts';`));
  });

  it('lists the manifests in chapter order, each under its own id', () => {
    expect(chapters.map((c) => c.id)).toEqual(codeFolders);
    for (const c of chapters) expect(c.id).toBe(chapterId(c.number));
  });

  it('has a manifest for every content folder and a content folder for every manifest', () => {
    const contentNumbers = contentFolders.map((f) => Number(f.slice(0, 2))).sort((a, b) => a - b);
    expect(chapters.map((c) => c.number)).toEqual(contentNumbers);
  });

  it('derives the scenario, generator and grader registries from the manifests, nothing more or less', () => {
    const own = <T>(pick: (c: (typeof chapters)[number]) => readonly T[]) => chapters.flatMap(pick);
    expect(scenarioList).toEqual(own((c) => c.scenarios));
    expect(Object.keys(scenarios)).toHaveLength(scenarioList.length);
    expect(Object.keys(generators).sort()).toEqual(own((c) => Object.keys(c.generators)).sort());
    expect(Object.keys(graders).sort()).toEqual(own((c) => c.graders.map((g) => g.name)).sort());
    expect(Object.keys(runnerGraders).sort()).toEqual(Object.keys(graders).sort());
    expect(Object.keys(runnerReplayers).sort()).toEqual(Object.keys(graders).sort());
  });

  it('gives every chapter with a quiz its generators in Node (BUILD_TIME), and every exercise chapter a grader', () => {
    for (const folder of contentFolders) {
      const manifest = chapters.find((c) => c.number === Number(folder.slice(0, 2)));
      const hasQuiz = readdirSync(join(CONTENT, folder)).includes('quiz.yaml');
      if (hasQuiz) expect(Object.keys(manifest?.generators ?? {}).length, folder).toBeGreaterThan(0);
    }
  });
});

/** Every source file under `dir`, as paths relative to the repository root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|astro|mjs|js)$/.test(e.name) ? [relative(ROOT, path)] : [];
  });
}

/** The import specifiers of a file that reach into a chapter folder (`…/ch04/…`). */
function chapterImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specs.filter((s) => /(^|\/)ch\d{2}\//.test(s));
}

describe('nothing outside a chapter names its folder', () => {
  it('no file in src/ imports a chapter folder except the registry and the folders themselves', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((f) => f !== 'src/chapters/index.ts' && !/^src\/chapters\/ch\d{2}\//.test(f))
      .flatMap((f) => chapterImports(f).map((s) => `${f} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('a chapter folder imports no other chapter folder', () => {
    const offenders = sourceFiles(SRC_CHAPTERS)
      .filter((f) => /^src\/chapters\/ch\d{2}\//.test(f))
      .flatMap((f) => chapterImports(f).map((s) => `${f} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the check sees such an import (it is not vacuous)', () => {
    expect(chapterImports('src/chapters/index.ts')).toHaveLength(codeFolders.length);
  });
});

describe('defineChapter', () => {
  const scenario = (name: string, chapter = 4): Scenario => ({
    name,
    chapter,
    title: 't',
    description: 'd',
    build: () => {
      throw new Error('not run');
    },
  });
  const grader = (name: string, replay = 'ch04-x'): ExerciseGrader =>
    ({
      name,
      scenario: replay,
      entry: 'f',
      properties: [],
      suites: { checks: [], submit: [] },
      run: () => {
        throw new Error('not run');
      },
    }) as unknown as ExerciseGrader;
  const gen = () => ({ params: {}, answer: 1 });
  const ok: ChapterParts = {
    scenarios: [scenario('ch04-a'), scenario('ch04-b')],
    generators: { 'ch04.one': gen },
    graders: [grader('ch04.policy')],
  };

  it('accepts parts named with the chapter id', () => {
    const m = defineChapter(4, ok);
    expect(m.id).toBe('ch04');
    expect(m.number).toBe(4);
    expect(m.scenarios.map((s) => s.name)).toEqual(['ch04-a', 'ch04-b']);
    expect(Object.isFrozen(m)).toBe(true);
  });

  it.each([
    [
      'a scenario without the prefix',
      { ...ok, scenarios: [scenario('ch4-a')] },
      'scenario "ch4-a" must be named ch04-',
    ],
    ['a scenario of another chapter', { ...ok, scenarios: [scenario('ch04-a', 5)] }, 'says chapter 5'],
    ['a duplicated scenario', { ...ok, scenarios: [scenario('ch04-a'), scenario('ch04-a')] }, 'listed twice'],
    [
      'a generator of another chapter',
      { ...ok, generators: { 'ch05.one': gen } },
      'generator "ch05.one" must be named ch04.',
    ],
    ['a grader without the prefix', { ...ok, graders: [grader('policy')] }, 'grader "policy" must be named ch04.'],
    [
      'a duplicated grader',
      { ...ok, graders: [grader('ch04.p'), grader('ch04.p')] },
      'grader "ch04.p" is listed twice',
    ],
    [
      'a grader replaying under another chapter',
      { ...ok, graders: [grader('ch04.p', 'ch05-x')] },
      'must start with ch04-',
    ],
  ] as const)('rejects %s, naming the chapter and the part', (_what, parts, message) => {
    expect(() => defineChapter(4, parts as ChapterParts)).toThrow(message);
    expect(() => defineChapter(4, parts as ChapterParts)).toThrow('src/chapters/ch04/index.ts');
  });

  it('rejects a number that is not a chapter', () => {
    expect(() => defineChapter(0, ok)).toThrow('not a chapter number');
    expect(() => defineChapter(2.5, ok)).toThrow('not a chapter number');
  });
});
