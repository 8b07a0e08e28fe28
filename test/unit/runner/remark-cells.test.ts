import { describe, expect, it } from 'vitest';
import { mdxToJs as compile, type MdxToJsResult } from 'satteri';

// our plugin is synchronous, so the result is too
const mdxToJs = (src: string, o: Parameters<typeof compile>[1]) => compile(src, o) as MdxToJsResult;
import {
  cellElement,
  defaultCellId,
  isCellBlock,
  notebookCells,
  parseCellMeta,
  remarkCells,
} from '../../../src/site/remark-cells.ts';

describe('cell meta', () => {
  it('parses id, title and group with either quote or bare values', () => {
    expect(parseCellMeta('cell id="ch2-replay" title="Replay the log"')).toEqual({
      id: 'ch2-replay',
      title: 'Replay the log',
    });
    expect(parseCellMeta("cell id=a.b_c title='It\"s fine' group=lab")).toEqual({
      id: 'a.b_c',
      title: 'It"s fine',
      group: 'lab',
    });
    expect(parseCellMeta('cell')).toEqual({});
  });
  it('says how to fix bad meta', () => {
    expect(() => parseCellMeta('cell id="bad id!"')).toThrow(/may contain only/);
    expect(() => parseCellMeta('cell colour="red"')).toThrow(/Unknown cell attribute "colour"/);
    expect(() => parseCellMeta('cell id="x" stray')).toThrow(/Write attributes as key="value"/);
  });
  it('recognises only ts blocks whose meta starts with the word cell', () => {
    expect(isCellBlock('ts', 'cell id="x"')).toBe(true);
    expect(isCellBlock('typescript', 'cell')).toBe(true);
    expect(isCellBlock('ts', 'title="cell"')).toBe(false);
    expect(isCellBlock('ts', 'cellar')).toBe(false);
    expect(isCellBlock('py', 'cell')).toBe(false);
    expect(isCellBlock('ts', null)).toBe(false);
  });
  it('derives an id from the lesson folder and position', () => {
    expect(defaultCellId('/x/content/chapters/02-leaders/lesson.mdx', 2)).toBe('02-leaders-3');
    expect(defaultCellId('/x/pages/dev/_demo.mdx', 0)).toBe('demo-1');
  });
});

describe('MDX output', () => {
  const src = [
    '# Lesson',
    '',
    '```ts cell id="c1" title="First <one> & \'x\'"',
    "const a = `${1}` + '</script>';",
    '```',
    '',
    '```ts cell title="Second"',
    'a',
    '```',
    '',
    '```ts',
    'const plain = 1;',
    '```',
  ].join('\n');

  it('turns cell blocks into <NotebookCell> with the code as a string prop and imports the component once', () => {
    const { code } = mdxToJs(src, {
      mdastPlugins: [notebookCells({ componentPath: '/abs/Cell.astro' })],
      fileURL: new URL('file:///c/03-log/lesson.mdx'),
    });
    expect(code.match(/import NotebookCell from "\/abs\/Cell.astro"/g)).toHaveLength(1);
    expect(code).toContain('id: "c1"');
    expect(code).toContain(`title: "First <one> & 'x'"`);
    expect(code).toMatch(/code: "const a = `\$\{1\}` \+ '<\\?\/script>';"/);
    expect(code).toContain('id: "03-log-2"');
    expect(code).toContain('index: "1"');
    expect(code).toContain('className: "language-ts"'); // the plain block stays a block
  });

  it('adds nothing to a page without cells', () => {
    const { code } = mdxToJs('```ts\nx\n```', { mdastPlugins: [notebookCells()] });
    expect(code).not.toContain('NotebookCell');
  });

  it('fails the build on duplicate ids, naming the file and line', () => {
    const dup = '```ts cell id="x"\n1\n```\n\n```ts cell id="x"\n2\n```';
    expect(() => mdxToJs(dup, { mdastPlugins: [notebookCells()], fileURL: new URL('file:///c/l.mdx') })).toThrow(
      /l\.mdx:5: duplicate cell id "x"/,
    );
  });

  it('the unified variant builds the same element and an import with its estree', () => {
    const tree = {
      type: 'root',
      children: [{ type: 'code', lang: 'ts', meta: 'cell id="u1"', value: 'x', position: { start: { line: 1 } } }],
    };
    remarkCells({ componentPath: '/abs/Cell.astro' })(tree, { path: '/c/l.mdx' });
    expect(tree.children[1]).toEqual(cellElement({ id: 'u1' }, 'x', 0));
    expect(tree.children[0]).toMatchObject({
      type: 'mdxjsEsm',
      data: { estree: { body: [{ type: 'ImportDeclaration', source: { value: '/abs/Cell.astro' } }] } },
    });
  });
});
