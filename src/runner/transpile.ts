/**
 * Learner TypeScript -> JavaScript the worker can evaluate, with sucrase.
 *
 * Sucrase keeps every statement on its line, so line numbers in errors are the
 * learner's own. Two things are added without adding lines:
 * - on line 1, before the learner's code: `let {a, b} = __nb.scope;` to bring the
 *   top-level names of earlier notebook cells into scope (only names this cell
 *   does not declare itself);
 * - after the last line: `;let __nbSaved = __nb.save({...});` to hand this cell's
 *   top-level names (and the injected ones, so reassignments carry on) to the
 *   next cells. A `let` declaration has an empty completion value, so the value
 *   of the cell's last expression statement survives it.
 * `import` statements become `require(...)` calls (sucrase's imports transform),
 * served by the require shim.
 */
// The CommonJS builds: sucrase's ESM build uses extensionless imports that Node
// cannot load, and mixing both builds would bundle sucrase twice.
import { transform } from 'sucrase/dist/index.js';
import { parse } from 'sucrase/dist/parser/index.js';
import type { RunError } from './protocol.ts';

// sucrase's IdentifierRole enum (parser/tokenizer/index.d.ts).
const TOP_LEVEL_DECLARATION = 2;
const FUNCTION_SCOPED_DECLARATION = 3;
const OBJECT_SHORTHAND_TOP_LEVEL_DECLARATION = 5;
const IMPORT_DECLARATION = 9;

/** Names a cell declares at its top level (values only, not types), in source order. */
export function topLevelNames(source: string): string[] {
  const { tokens } = parse(source, false, true, false);
  const names: string[] = [];
  const seen = new Set<string>();
  const text = (i: number) => {
    const t = tokens[i];
    return t ? source.slice(t.start, t.end) : '';
  };
  // `import type { T }` and `import { type T }` are erased: they are not values
  const isTypeImport = (i: number): boolean => {
    if (text(i - 1) === 'type' && text(i - 2) !== 'as') return true;
    for (let j = i - 1; j >= 0; j--) {
      if (text(j) === 'import') return text(j + 1) === 'type' && text(j + 2) !== ',' && text(j + 2) !== 'from';
    }
    return false;
  };
  for (const [i, t] of tokens.entries()) {
    const role = t.identifierRole;
    if (role === null || role === undefined || t.isType) continue;
    if (role === IMPORT_DECLARATION && isTypeImport(i)) continue;
    const topLevel =
      role === TOP_LEVEL_DECLARATION ||
      role === OBJECT_SHORTHAND_TOP_LEVEL_DECLARATION ||
      role === IMPORT_DECLARATION ||
      (role === FUNCTION_SCOPED_DECLARATION && t.scopeDepth === 0);
    if (!topLevel) continue;
    const name = source.slice(t.start, t.end);
    if (!seen.has(name) && /^[A-Za-z_$][\w$]*$/.test(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

export interface CompiledCell {
  readonly ok: true;
  /** JavaScript to evaluate (strict, direct eval) with `__nb`, `require`, `exports`, `module`, `console` in scope. */
  readonly js: string;
  /** Top-level names this cell declares. */
  readonly declared: readonly string[];
  /** Names brought in from earlier cells. */
  readonly injected: readonly string[];
  /** Characters added before the learner's line 1 (to correct columns on line 1). */
  readonly prefixLength: number;
  /** The file name used in stack traces (`//# sourceURL`). */
  readonly fileName: string;
}

export interface CompileFailure {
  readonly ok: false;
  readonly error: RunError;
}

/** File name a cell's code carries in stack traces. */
export function cellFileName(cellId: string): string {
  return `cell-${cellId.replace(/[^\w.-]/g, '_')}.ts`;
}

/**
 * Compiles one cell. `available` are the names earlier cells defined (the
 * notebook scope); those the cell does not declare itself are injected.
 */
export function compileCell(
  source: string,
  cellId: string,
  available: readonly string[] = [],
): CompiledCell | CompileFailure {
  let declared: string[];
  try {
    declared = topLevelNames(source);
  } catch (e) {
    return { ok: false, error: syntaxError(e, cellId) };
  }
  const own = new Set(declared);
  const injected = available.filter((n) => !own.has(n) && n !== '__nb');
  const prefix = injected.length > 0 ? `let {${injected.join(', ')}} = __nb.scope; ` : '';
  const saved = [...declared, ...injected];
  const suffix = `\n;let __nbSaved = __nb.save({${saved.join(', ')}});`;
  const fileName = cellFileName(cellId);
  try {
    const out = transform(prefix + source + suffix, {
      transforms: ['typescript', 'imports'],
      production: true,
      disableESTransforms: true,
      // keep `import x from` semantics simple: the shim returns plain module objects
      enableLegacyTypeScriptModuleInterop: false,
    });
    return {
      ok: true,
      js: `${out.code}\n//# sourceURL=${fileName}`,
      declared,
      injected,
      prefixLength: prefix.length,
      fileName,
    };
  } catch (e) {
    const err = syntaxError(e, cellId);
    if (err.line === 1 && prefix.length > 0 && err.column !== undefined) {
      return { ok: false, error: { ...err, column: Math.max(1, err.column - prefix.length) } };
    }
    return { ok: false, error: err };
  }
}

function syntaxError(e: unknown, cellId: string): RunError {
  const raw = e instanceof Error ? e.message : String(e);
  const loc = (e as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const line = typeof loc?.line === 'number' ? loc.line : m ? Number(m[1]) : undefined;
  // sucrase's column already counts from 1 (e.g. `let y = ;` -> 9 for the `;`)
  const col = typeof loc?.column === 'number' ? loc.column : m ? Number(m[2]) : undefined;
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
  return {
    kind: 'syntax',
    name: 'SyntaxError',
    message,
    cell: cellId,
    ...(line !== undefined ? { line } : {}),
    ...(col !== undefined ? { column: col } : {}),
  };
}
