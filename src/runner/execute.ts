/**
 * Runs notebook cells in order in the current realm: the worker calls this,
 * and so do the unit tests (in Node). It never touches the DOM.
 *
 * Semantics of a notebook:
 * - cells run in order in one shared scope: a cell sees the top-level names of
 *   the cells before it (`const`, `let`, functions, classes, imports);
 * - a later cell may redeclare a name (its own declaration wins from then on);
 * - a cell's value is its `export default` if it has one, otherwise the
 *   completion value of its last expression statement (like a REPL or `eval`);
 * - the first error stops the run.
 */
import { inspect, formatConsoleArgs } from './inspect.ts';
import type { CellOutput, CellSource, ConsoleLine, RunError } from './protocol.ts';
import { compileCell } from './transpile.ts';
import { toRunError } from './errors.ts';
import { createRequire } from './require-shim.ts';
import { findTrace, serialiseTrace } from './trace-detect.ts';
import { createSandbox } from './sandbox.ts';
import { safeGet } from './safe.ts';
import { ConsoleBudget } from './bounds.ts';

export interface ExecuteOptions {
  /** Module table for `import` (e.g. `{ workbook: engine }`). */
  readonly modules: Readonly<Record<string, unknown>>;
  /** Called as each cell starts (so a watchdog can name the cell it stopped). */
  readonly onCellStart?: (cell: string) => void;
  /** Called for each console line of a reported cell, as it happens (streaming). */
  readonly onConsole?: (cell: string, line: ConsoleLine) => void;
  readonly maxConsoleLines?: number;
  readonly maxTraceEvents?: number;
  /** Clock for timings; defaults to `performance.now`. */
  readonly now?: () => number;
}

export interface ExecuteResult {
  readonly outputs: CellOutput[];
  readonly error?: RunError;
  readonly ms: number;
}

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;

export function executeCells(cells: readonly CellSource[], options: ExecuteOptions): ExecuteResult {
  const now = options.now ?? (() => performance.now());
  const maxLines = options.maxConsoleLines ?? 1000;
  const maxTrace = options.maxTraceEvents ?? 20_000;
  const require = createRequire(options.modules);
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // Frozen, not hardened: the scope object itself must stay writable for save().
  const nb = Object.freeze({
    scope,
    save(values: Record<string, unknown>) {
      Object.assign(scope, values);
      return undefined;
    },
  });
  const sandbox = createSandbox({ __nb: nb, require: Object.freeze(require) });
  const outputs: CellOutput[] = [];
  const budget = new ConsoleBudget();
  const t0 = now();

  for (const cell of cells) {
    options.onCellStart?.(cell.id);
    const start = now();
    const lines: ConsoleLine[] = [];
    let dropped = 0;
    const con: Record<string, (...args: unknown[]) => void> = {};
    for (const level of LEVELS) {
      con[level] = (...args: unknown[]) => {
        if (!cell.report) return;
        // formatting is skipped once nothing more would be kept: a print loop stays cheap
        const text = lines.length < maxLines && !budget.spent ? budget.take(formatConsoleArgs(args)) : null;
        if (text === null) {
          dropped++;
          return;
        }
        const line: ConsoleLine = { level, text };
        lines.push(line);
        options.onConsole?.(cell.id, line);
      };
    }
    con.table = con.log as (...args: unknown[]) => void;
    con.dir = con.log as (...args: unknown[]) => void;

    const fail = (error: RunError): ExecuteResult => {
      outputs.push({ cell: cell.id, console: lines, droppedConsole: dropped, error, ms: now() - start });
      return { outputs, error, ms: now() - t0 };
    };

    const compiled = compileCell(cell.code, cell.id, Object.keys(scope));
    if (!compiled.ok) return fail(compiled.error);

    const exports: Record<string, unknown> = {};
    Object.assign(sandbox.globals, { exports, module: { exports }, console: harden(con) });
    let completion: unknown;
    try {
      completion = sandbox.evaluate(compiled.js);
    } catch (e) {
      return fail(
        toRunError(e, {
          cellId: cell.id,
          fileName: compiled.fileName,
          source: cell.code,
          prefixLength: compiled.prefixLength,
          js: compiled.js,
        }),
      );
    }
    if (!cell.report) continue;
    const value = Object.prototype.hasOwnProperty.call(exports, 'default') ? safeGet(exports, 'default') : completion;
    const found = findTrace(value);
    const traced = found ? serialiseTrace(found, maxTrace) : null;
    outputs.push({
      cell: cell.id,
      console: lines,
      droppedConsole: dropped,
      ...(value !== undefined ? { value: inspect(value) } : {}),
      ...(traced ? { trace: traced.trace, traceTruncated: traced.truncated } : {}),
      ms: now() - start,
    });
  }
  return { outputs, ms: now() - t0 };
}
