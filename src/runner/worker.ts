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
import { decodeRequest, encode, nonceOf, PROTOCOL_VERSION } from './protocol.ts';
import type { PageToWorker, RunError, WorkerToPage } from './protocol.ts';
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

function serve(req: PageToWorker, post: (m: WorkerToPage) => void): void {
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

/** The reply for a request the runner itself failed on (never blamed on the worker failing to start). */
function failure(req: PageToWorker, error: RunError): WorkerToPage {
  const base = { v: PROTOCOL_VERSION, id: req.id, ms: 0, error } as const;
  if (req.type === 'grade')
    return { ...base, type: 'grade-result', exerciseId: req.exerciseId, passed: false, checks: [], console: [] };
  if (req.type === 'replay')
    return {
      ...base,
      type: 'replay-result',
      exerciseId: req.exerciseId,
      seed: req.seed,
      violations: [],
      failures: [],
      properties: [],
      console: [],
    };
  return { ...base, type: 'result', outputs: [] };
}

scope.onmessage = (ev: MessageEvent) => {
  const req = decodeRequest(ev.data);
  const nonce = nonceOf(ev.data);
  const port = ev.ports[0];
  if (!req || !nonce || !port) return;
  const post = (m: WorkerToPage) => port.postMessage(encode({ ...m, nonce }));
  try {
    serve(req, post);
  } catch (e) {
    // a hostile value got past every guard (a getter or Proxy that throws while we read it)
    post(failure(req, { kind: 'runtime', name: 'Error', message: describeThrown(e) }));
  }
};

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
scope.postMessage(encode({ v: PROTOCOL_VERSION, type: 'ready' }));
