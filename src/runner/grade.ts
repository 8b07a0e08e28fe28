/**
 * The worker side of a `grade` request: run the learner's code once (as a
 * single cell), then hand its top-level names to the exercise's grader once
 * per seed, reporting progress after each.
 */
import { compileCell } from './transpile.ts';
import { toRunError } from './errors.ts';
import { createRequire } from './require-shim.ts';
import { formatConsoleArgs } from './inspect.ts';
import type { ConsoleLine, GradeCheck, GradeRequest, GradeResultMessage, ProgressMessage } from './protocol.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { Grader } from './graders.ts';

export function gradeCode(
  req: GradeRequest,
  grader: Grader | undefined,
  modules: Readonly<Record<string, unknown>>,
  onProgress: (m: ProgressMessage) => void,
  now: () => number = () => performance.now(),
): GradeResultMessage {
  const t0 = now();
  const consoleLines: ConsoleLine[] = [];
  const base = { v: PROTOCOL_VERSION, type: 'grade-result', id: req.id, exerciseId: req.exerciseId } as const;
  if (!grader) {
    return {
      ...base,
      passed: false,
      checks: [],
      console: [],
      error: { kind: 'internal', name: 'Error', message: `No grader is registered for exercise '${req.exerciseId}'.` },
      ms: now() - t0,
    };
  }
  const cellId = `exercise-${req.exerciseId}`;
  const compiled = compileCell(req.code, cellId);
  if (!compiled.ok) return { ...base, passed: false, checks: [], console: [], error: compiled.error, ms: now() - t0 };
  const scope: Record<string, unknown> = {};
  const con = Object.fromEntries(
    (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => [
      level,
      (...args: unknown[]) => {
        if (consoleLines.length < 200) consoleLines.push({ level, text: formatConsoleArgs(args) });
      },
    ]),
  );
  const exports: Record<string, unknown> = {};
  try {
     
    const run = new Function('__nb', 'require', 'exports', 'module', 'console', '__nbCode', '"use strict"; return eval(__nbCode);');
    run({ scope, save: (v: Record<string, unknown>) => void Object.assign(scope, v) }, createRequire(modules), exports, { exports }, con, compiled.js);
  } catch (e) {
    const error = toRunError(e, { cellId, fileName: compiled.fileName, source: req.code, prefixLength: compiled.prefixLength, js: compiled.js });
    return { ...base, passed: false, checks: [], console: consoleLines, error, ms: now() - t0 };
  }
  const learner = { ...scope, ...exports };
  const checks: GradeCheck[] = [];
  for (const [i, seed] of req.seeds.entries()) {
    let check: GradeCheck;
    try {
      check = { seed, ...grader({ learner, engine: modules.workbook, seed }) };
    } catch (e) {
      const err = toRunError(e, { cellId, fileName: compiled.fileName, source: req.code, prefixLength: compiled.prefixLength, js: compiled.js });
      const where = err.line !== undefined ? ` (line ${err.line})` : '';
      check = { seed, passed: false, message: `${err.name}${where}: ${err.message} (seed ${seed})` };
    }
    checks.push(check);
    onProgress({
      v: PROTOCOL_VERSION,
      type: 'progress',
      id: req.id,
      done: i + 1,
      total: req.seeds.length,
      note: `seed ${seed}: ${check.passed ? 'passed' : 'failed'}`,
    });
  }
  return { ...base, passed: checks.length > 0 && checks.every((c) => c.passed), checks, console: consoleLines, ms: now() - t0 };
}
