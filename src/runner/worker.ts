/// <reference lib="webworker" />
/**
 * The runner worker. One instance serves exactly one request, then the page
 * terminates it (a fresh realm per run: no state leaks between runs, and an
 * endless loop only ever costs this worker).
 *
 * lockdown.ts is imported first, so this realm's intrinsics are frozen before
 * the engine, sucrase or any learner code runs. Learner code itself runs in an
 * SES Compartment (sandbox.ts): it cannot see `self`, `postMessage`, the
 * request's MessagePort or its nonce, so every reply below is the runner's own.
 *
 * The engine is bundled in: `import { ... } from 'workbook'` in a cell is served
 * from `src/engine/index.ts` (through import.meta.glob, so the runner still
 * builds while the engine's public API does not exist yet: cells then get an
 * empty module).
 */
import './lockdown.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { GradeRequest, ReplayRequest, RunRequest, WorkerToPage } from './protocol.ts';
import { announceReady, serveRequests, type WorkerScopeLike } from './serve.ts';
import { executeCells } from './execute.ts';
import { ENGINE_SPECIFIER } from './require-shim.ts';
import { gradeCode, replayCode } from './grade.ts';
import { graders, replayers } from './graders.ts';
import { describeThrown } from './safe.ts';

const found = import.meta.glob('../engine/index.ts', { eager: true });
const engine: unknown = found['../engine/index.ts'] ?? {};
const modules: Record<string, unknown> = { [ENGINE_SPECIFIER]: engine };

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** A registry entry by name (own properties only: `constructor` or `__proto__` is no grader). */
const own = <T>(table: Record<string, T>, name: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;

function serve(req: RunRequest | GradeRequest | ReplayRequest, post: (m: WorkerToPage) => void): void {
  if (req.type === 'run') {
    const res = executeCells(req.cells, {
      modules,
      onCellStart: (cell) => post({ v: PROTOCOL_VERSION, type: 'cell', id: req.id, cell }),
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
}

// Requests arrive and replies leave through the shared worker host (serve.ts): decoded with the
// one protocol, answered only on the request's port with its nonce, a throw turned into an error result.
serveRequests(scope as unknown as WorkerScopeLike, ['run', 'grade', 'replay'], serve, describeThrown);

// Warm up before saying ready, off the learner's clock: the transpiler's first call is several
// times slower, the first Compartment sets up SES's evaluator, and the first `import` from
// 'workbook' hardens the whole engine graph.
executeCells(
  [
    {
      id: 'warm-up',
      code: "import * as wb from 'workbook';\nconst warm: number = 1;\ntypeof wb + warm",
      report: false,
    },
  ],
  {
    modules,
  },
);
announceReady(scope as unknown as WorkerScopeLike);
