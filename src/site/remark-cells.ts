/**
 * Notebook cells from fenced code blocks (an mdast plugin for Astro 7's MDX
 * pipeline, Sätteri; a unified/remark version is exported too).
 *
 * AUTHORING SYNTAX — in a lesson .mdx file:
 *
 *     ```ts cell id="ch2-replay" title="Replay the log"
 *     import { createSimulation } from 'workbook';
 *     const sim = createSimulation({ seed: 1 });
 *     sim
 *     ```
 *
 * - the info string is `ts` (or `typescript`), then the word `cell`, then
 *   `key="value"` pairs (double or single quotes; bare values without spaces work too);
 * - `id` (recommended): letters, digits, `-`, `_`, `.`; unique on the site.
 *   It keys the learner's saved edits, so keep it stable once published
 *   (convention: `chN-short-name`). Without it the id is derived from the file
 *   and the cell's position (`02-leaders-and-followers-3`): inserting a cell
 *   above then re-keys the ones below, and learners' saved edits stop matching;
 * - `title` is optional (shown above the cell; defaults to "Cell N");
 * - `group` is optional: cells with the same group form their own notebook
 *   (default: all cells of the page form one). Use it for a standalone
 *   experiment that must not run (or be broken by) the cells above it;
 * - cells on one page form a notebook, in document order: running a cell first
 *   runs the cells above it, so later cells see their top-level names;
 * - a cell's output is its console output, plus the value of its last expression
 *   (or its `export default`), drawn as a timeline when it is a simulation trace.
 *
 * A `ts` block without the `cell` word stays an ordinary highlighted block.
 *
 * The block becomes `<NotebookCell id title code index />` (the component in
 * src/components/notebook/Cell.astro), and the plugin adds
 * `import NotebookCell from '<Cell.astro>'` to the page, so lessons need no import
 * and no `components` registration.
 */
import { fileURLToPath } from 'node:url';
import type { MdastPluginDefinition } from 'satteri';

export const CELL_COMPONENT_NAME = 'NotebookCell';
const CELL_COMPONENT_PATH = fileURLToPath(new URL('../components/notebook/Cell.astro', import.meta.url));

export interface CellMeta {
  /** Absent when the author gave none (the plugin derives one). */
  readonly id?: string;
  readonly title?: string;
  readonly group?: string;
}

const ID_RE = /^[A-Za-z0-9][\w.-]*$/;

/** Is this fenced block a notebook cell? (`ts`/`typescript` + meta beginning with the word `cell`.) */
export function isCellBlock(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return (
    /^\s*cell(\s|$)/.test(meta ?? '') && (lang === 'ts' || lang === 'typescript' || lang === 'tsx' || lang === 'js')
  );
}

/**
 * Parses `cell id="x" title="Some title"`. Throws an Error whose message says
 * how to fix the block.
 */
export function parseCellMeta(meta: string): CellMeta {
  const rest = meta.replace(/^\s*cell\b/, '');
  const attrs: Record<string, string> = {};
  const re = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|\s*(\S+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m[5] !== undefined) {
      throw new Error(
        `Unexpected "${m[5]}" in the cell's info string. Write attributes as key="value", e.g. \`\`\`ts cell id="ch2-replay" title="Replay the log"`,
      );
    }
    const key = m[1] as string;
    attrs[key] = m[2] ?? m[3] ?? m[4] ?? '';
    if (re.lastIndex >= rest.length) break;
  }
  for (const key of Object.keys(attrs)) {
    if (key !== 'id' && key !== 'title' && key !== 'group') {
      throw new Error(`Unknown cell attribute "${key}". A cell takes id="...", title="..." and group="...".`);
    }
  }
  const id = attrs.id;
  if (id !== undefined && !ID_RE.test(id)) {
    throw new Error(
      `Cell id "${id}" may contain only letters, digits, "-", "_" and "." (and must start with a letter or digit).`,
    );
  }
  return {
    ...(id !== undefined ? { id } : {}),
    ...(attrs.title !== undefined && attrs.title !== '' ? { title: attrs.title } : {}),
    ...(attrs.group !== undefined && attrs.group !== '' ? { group: attrs.group } : {}),
  };
}

/**
 * Id for a cell without one: the lesson's folder (for `lesson.mdx`/`index.mdx`)
 * or file name, then the cell's 1-based position: `02-leaders-and-followers-3`.
 */
export function defaultCellId(filePath: string | undefined, index: number): string {
  const parts = (filePath ?? 'page').replace(/\\/g, '/').split('/');
  const base = (parts.pop() ?? 'page').replace(/\.mdx?$/, '');
  const stem = base === 'lesson' || base === 'index' ? (parts.pop() ?? base) : base;
  const clean = stem.replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'page';
  return `${clean}-${index + 1}`;
}

/** The MDX JSX node a cell block becomes. */
export function cellElement(meta: CellMeta & { readonly id: string }, code: string, index: number) {
  const attr = (name: string, value: string) => ({ type: 'mdxJsxAttribute' as const, name, value });
  return {
    type: 'mdxJsxFlowElement' as const,
    name: CELL_COMPONENT_NAME,
    attributes: [
      attr('id', meta.id),
      ...(meta.title !== undefined ? [attr('title', meta.title)] : []),
      ...(meta.group !== undefined ? [attr('group', meta.group)] : []),
      attr('code', code),
      attr('index', String(index)),
    ],
    children: [],
  };
}

/** The ESM node importing the component (added once per document that has cells). */
export function cellImport(componentPath: string = CELL_COMPONENT_PATH) {
  return { type: 'mdxjsEsm' as const, value: `import ${CELL_COMPONENT_NAME} from ${JSON.stringify(componentPath)};` };
}

function where(file: string | undefined, line: number | undefined): string {
  return `${file ?? 'lesson'}${line !== undefined ? `:${line}` : ''}`;
}

export interface CellPluginOptions {
  /** Absolute path of the component to import (default: src/components/notebook/Cell.astro). */
  readonly componentPath?: string;
}

/** Sätteri mdast plugin: add to `mdx({ processor: satteri({ mdastPlugins: [notebookCells()] }) })`. */
export function notebookCells(options: CellPluginOptions = {}): MdastPluginDefinition {
  const KEY = 'workbookCells';
  type State = { count: number; ids: Map<string, number | undefined> };
  return {
    name: 'workbook-notebook-cells',
    options: { position: true },
    before(_root, ctx) {
      (ctx.data as Record<string, unknown>)[KEY] = { count: 0, ids: new Map() } satisfies State;
    },
    code(node, ctx) {
      if (ctx.sourceFormat !== 'mdx' || !isCellBlock(node.lang, node.meta)) return;
      const state = (ctx.data as Record<string, unknown>)[KEY] as State;
      const file = ctx.fileURL ? fileURLToPath(ctx.fileURL) : undefined;
      const line = node.position?.start.line;
      let parsed: CellMeta;
      try {
        parsed = parseCellMeta(node.meta ?? '');
      } catch (e) {
        throw new Error(`${where(file, line)}: ${(e as Error).message}`);
      }
      const meta = { ...parsed, id: parsed.id ?? defaultCellId(file, state.count) };
      if (state.ids.has(meta.id)) {
        throw new Error(
          `${where(file, line)}: duplicate cell id "${meta.id}" (also used on line ${state.ids.get(meta.id) ?? '?'}). Cell ids must be unique on a page.`,
        );
      }
      state.ids.set(meta.id, line);
      ctx.replaceNode(node, cellElement(meta, node.value, state.count++) as never);
    },
    after(root, ctx) {
      const state = (ctx.data as Record<string, unknown>)[KEY] as State | undefined;
      if (state && state.count > 0) ctx.insertChildAt(root, 0, cellImport(options.componentPath) as never);
    },
  };
}

// ------------------------------------------------------------ unified / remark

interface UNode {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  children?: UNode[];
  position?: { start: { line: number } };
  data?: unknown;
}

/**
 * The same transform as a unified (remark) plugin, for `@astrojs/markdown-remark`'s
 * `unified({ remarkPlugins: [remarkCells] })` processor. Unified needs the import's
 * estree, built here by hand.
 */
export function remarkCells(options: CellPluginOptions = {}) {
  return (tree: UNode, file?: { path?: string }) => {
    let count = 0;
    const ids = new Map<string, number | undefined>();
    const walk = (parent: UNode) => {
      const kids = parent.children ?? [];
      for (let i = 0; i < kids.length; i++) {
        const node = kids[i] as UNode;
        if (node.type === 'code' && isCellBlock(node.lang, node.meta)) {
          const line = node.position?.start.line;
          let parsed: CellMeta;
          try {
            parsed = parseCellMeta(node.meta ?? '');
          } catch (e) {
            throw new Error(`${where(file?.path, line)}: ${(e as Error).message}`);
          }
          const meta = { ...parsed, id: parsed.id ?? defaultCellId(file?.path, count) };
          if (ids.has(meta.id)) throw new Error(`${where(file?.path, line)}: duplicate cell id "${meta.id}".`);
          ids.set(meta.id, line);
          kids[i] = cellElement(meta, node.value ?? '', count++) as unknown as UNode;
        } else if (node.children) walk(node);
      }
    };
    walk(tree);
    if (count > 0) {
      const imp = cellImport(options.componentPath);
      const source = JSON.parse(imp.value.replace(/^import \w+ from (.*);$/, '$1')) as string;
      tree.children?.unshift({
        ...imp,
        data: {
          estree: {
            type: 'Program',
            sourceType: 'module',
            body: [
              {
                type: 'ImportDeclaration',
                specifiers: [
                  { type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name: CELL_COMPONENT_NAME } },
                ],
                source: { type: 'Literal', value: source, raw: JSON.stringify(source) },
              },
            ],
          },
        },
      });
    }
  };
}
