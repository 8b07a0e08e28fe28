/**
 * Build-time plugins for the editor (used from astro.config.mjs, Node only).
 *
 * - `monacoCssInline()`: Monaco's ESM files `import './x.css'`. Astro hoists CSS
 *   imported by lazily loaded client modules into the page head (withastro/astro#9495),
 *   so 175 KB of CSS would block rendering of every page with a cell. This
 *   rewrites those imports to `?inline` strings injected as <style> when the
 *   editor actually loads.
 * - `engineDts()`: the virtual module `virtual:workbook-engine-dts`, a string of
 *   TypeScript declarations for the engine's public API (src/engine/index.ts),
 *   generated with the TypeScript compiler's declaration emit and wrapped as
 *   `declare module 'workbook' { ... }` for the editor (autocomplete, type errors).
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const INJECT_ID = 'virtual:workbook-monaco-css';
// must not end in .css, or Vite's CSS plugin claims it
const INJECT_RESOLVED = '\0workbook-monaco-css-inject';

export function monacoCssInline(): Plugin {
  return {
    name: 'workbook-monaco-css-inline',
    enforce: 'pre',
    resolveId(id) {
      return id === INJECT_ID ? INJECT_RESOLVED : null;
    },
    load(id) {
      if (id !== INJECT_RESOLVED) return null;
      return `const done = new Set();
export function injectCss(css) {
  if (typeof document === 'undefined' || done.has(css)) return;
  done.add(css);
  const s = document.createElement('style');
  s.setAttribute('data-monaco-css', '');
  s.textContent = css;
  document.head.appendChild(s);
}`;
    },
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!/[\\/]monaco-editor[\\/]esm[\\/].*\.js$/.test(file)) return null;
      if (!/import\s+['"][^'"]+\.css['"]/.test(code)) return null;
      let n = 0;
      const out = code.replace(/import\s+(['"])([^'"]+\.css)\1\s*;?/g, (_m, q: string, spec: string) => {
        const v = `__wbMonacoCss${n++}`;
        return `import ${v} from ${q}${spec}?inline${q}; __wbInjectCss(${v});`;
      });
      return { code: `import { injectCss as __wbInjectCss } from '${INJECT_ID}';\n${out}`, map: null };
    },
  };
}

const DTS_ID = 'virtual:workbook-engine-dts';
const DTS_RESOLVED = '\0workbook-engine-dts';

/** Declarations of the engine's public API as one string of `declare module` blocks. */
export async function buildEngineDts(engineDir: string, specifier = 'workbook'): Promise<string> {
  const index = path.join(engineDir, 'index.ts');
  if (!fs.existsSync(index)) {
    return `// src/engine/index.ts does not exist yet: the engine API has no types.\ndeclare module '${specifier}' {\n  const anything: any;\n  export = anything;\n}\n`;
  }
  const ts = (await import('typescript')).default;
  const options: import('typescript').CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmitOnError: false,
    types: [],
    lib: ['lib.es2023.d.ts'],
    stripInternal: true,
  };
  const program = ts.createProgram([index], options);
  const files = new Map<string, string>();
  program.emit(undefined, (fileName, text) => {
    files.set(path.resolve(fileName), text);
  });
  const modName = (abs: string) => {
    const rel = path
      .relative(engineDir, abs)
      .replace(/\\/g, '/')
      .replace(/(\.d)?\.ts$/, '');
    return rel === 'index' ? `${specifier}/index` : `${specifier}/${rel}`;
  };
  const blocks: string[] = [];
  for (const [fileName, text] of files) {
    if (!fileName.startsWith(engineDir)) continue;
    const dir = path.dirname(fileName);
    const fix = (spec: string) => {
      if (!spec.startsWith('.')) return spec;
      const abs = path.resolve(dir, spec).replace(/\.(ts|js)$/, '');
      return modName(abs);
    };
    const body = text
      .replace(
        /(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g,
        (_m, pre: string, q: string, spec: string) => `${pre}${q}${fix(spec)}${q}`,
      )
      .replace(/^(\s*)(export\s+)?declare\s+/gm, '$1$2')
      .replace(/^\/\/# sourceMappingURL=.*$/gm, '');
    blocks.push(`declare module '${modName(fileName.replace(/\.d\.ts$/, ''))}' {\n${body}\n}`);
  }
  blocks.push(`declare module '${specifier}' {\n  export * from '${specifier}/index';\n}`);
  return blocks.join('\n\n');
}

export function engineDts(): Plugin {
  const engineDir = fileURLToPath(new URL('../../engine/', import.meta.url)).replace(/[\\/]$/, '');
  return {
    name: 'workbook-engine-dts',
    resolveId(id) {
      return id === DTS_ID ? DTS_RESOLVED : null;
    },
    async load(id) {
      if (id !== DTS_RESOLVED) return null;
      const dts = await buildEngineDts(engineDir);
      return `export default ${JSON.stringify(dts)};`;
    },
  };
}
