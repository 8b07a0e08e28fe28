/**
 * Maps anything a cell throws to a `RunError` pointing at the learner's line.
 */
import type { RunError } from './protocol.ts';
import { safeGet, safeInstanceOf, safeText, thrownMessage } from './safe.ts';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first stack frame inside the cell's file (`//# sourceURL`), as 1-based line and column. */
export function locateInStack(stack: string | undefined, fileName: string): { line: number; column: number } | null {
  if (!stack) return null;
  const m = new RegExp(`${escapeRe(fileName)}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return null;
  return { line: Number(m[1]), column: Number(m[2]) };
}

/**
 * V8 reports a few early errors (e.g. `Identifier 'x' has already been declared`)
 * from eval without a position. Find the line by looking for the second declaration.
 */
function guessRedeclarationLine(message: string, source: string): number | undefined {
  const m = /Identifier '([\w$]+)' has already been declared/.exec(message);
  if (!m) return undefined;
  const re = new RegExp(`\\b(?:let|const|var|class|function)\\s+(?:[^=;]*?[{,\\[\\s])?${escapeRe(m[1] as string)}\\b`);
  const lines = source.split('\n');
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (re.test(lines[i] as string) && ++count === 2) return i + 1;
  }
  return undefined;
}

export interface ErrorContext {
  readonly cellId: string;
  readonly fileName: string;
  readonly source: string;
  /** Characters the runner added before line 1 (column correction). */
  readonly prefixLength: number;
  /** The JavaScript that ran: a column is reported only where its line equals the learner's line. */
  readonly js?: string;
}

export function toRunError(e: unknown, ctx: ErrorContext): RunError {
  const err = safeInstanceOf(e, Error) ? e : null;
  const name = err ? safeText(err, 'name', 'Error') : 'Error';
  const message = thrownMessage(e);
  let kind: RunError['kind'] = 'runtime';
  if (name === 'EventLimitError' || /maxEvents cap/.test(message)) kind = 'limit';
  else if (name === 'ImportError') kind = 'import';
  else if (name === 'SyntaxError') kind = 'syntax';
  const stack = safeGet(err, 'stack');
  const loc = locateInStack(typeof stack === 'string' ? stack : undefined, ctx.fileName);
  let line = loc?.line;
  let column: number | undefined = loc?.column;
  const srcLines = ctx.source.split('\n');
  const total = srcLines.length;
  if (line !== undefined && column !== undefined) {
    // sucrase keeps lines but not columns (type annotations vanish, line 1 gets
    // "use strict" and the injected names): keep the column only when the line is unchanged
    const jsLine = ctx.js?.split('\n')[line - 1];
    if (jsLine === undefined || jsLine !== srcLines[line - 1]) column = undefined;
  }
  if (line !== undefined && line > total) {
    // the runner's appended line: report no location rather than a wrong one
    line = undefined;
    column = undefined;
  }
  if (line === undefined && kind === 'syntax') line = guessRedeclarationLine(message, ctx.source);
  return {
    kind,
    name,
    message,
    cell: ctx.cellId,
    ...(line !== undefined ? { line } : {}),
    ...(line !== undefined && column !== undefined ? { column } : {}),
  };
}

/** One-line description, e.g. `TypeError on line 7: x is not a function`. */
export function describeError(e: RunError): string {
  const where = e.line !== undefined ? ` on line ${e.line}` : '';
  return `${e.name}${where}: ${e.message}`;
}
