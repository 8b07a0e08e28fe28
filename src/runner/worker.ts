/// <reference lib="webworker" />
/**
 * The runner worker. One instance serves exactly one request, then the page
 * terminates it (a fresh realm per run: no state leaks between runs, and an
 * endless loop only ever costs this worker).
 *
 * The engine is bundled in: `import { ... } from 'workbook'` in a cell is served
 * from `src/engine/index.ts` (through import.meta.glob, so the runner still
 * builds while the engine's public API does not exist yet: cells then get an
 * empty module).
 */
import { decodeRequest, encode, PROTOCOL_VERSION } from './protocol.ts';
import type { WorkerToPage } from './protocol.ts';
import { executeCells } from './execute.ts';
import { compileCell } from './transpile.ts';
import { ENGINE_SPECIFIER } from './require-shim.ts';
import { gradeCode, replayCode } from './grade.ts';
import { graders, replayers } from './graders.ts';

const found = import.meta.glob('../engine/index.ts', { eager: true });
const engine: unknown = found['../engine/index.ts'] ?? {};
const modules: Record<string, unknown> = { [ENGINE_SPECIFIER]: engine };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerToPage) => scope.postMessage(encode(m));
/** A registry entry by name (own properties only: `constructor` or `__proto__` is no grader). */
const own = <T>(table: Record<string, T>, name: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;

scope.onmessage = (ev: MessageEvent) => {
  const req = decodeRequest(ev.data);
  if (!req) return;
  if (req.type === 'run') {
    const res = executeCells(req.cells, {
      modules,
      onConsole: (cell, line) => post({ v: PROTOCOL_VERSION, type: 'console', id: req.id, cell, line }),
      ...(req.maxConsoleLines !== undefined ? { maxConsoleLines: req.maxConsoleLines } : {}),
      ...(req.maxTraceEvents !== undefined ? { maxTraceEvents: req.maxTraceEvents } : {}),
    });
    post({
      v: PROTOCOL_VERSION,
      type: 'result',
      id: req.id,
      outputs: res.outputs,
      ...(res.error ? { error: res.error } : {}),
      ms: res.ms,
    });
  } else if (req.type === 'grade') {
    post(gradeCode(req, own(graders, req.exerciseId), modules, (p) => post(p)));
  } else {
    post(replayCode(req, own(replayers, req.exerciseId), modules));
  }
};

// Warm the transpiler (its first call is several times slower), then say so.
compileCell('const warm: number = 1;\nwarm + 1', 'warm-up', ['x']);
post({ v: PROTOCOL_VERSION, type: 'ready' });
