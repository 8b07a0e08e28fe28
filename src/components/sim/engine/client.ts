/**
 * The view's handle on the engine: `runOnEngine(request)` resolves with a
 * trace and checker results; `checkTraceOnEngine(request)` judges a finished
 * trace (an exercise run) the same way. Runs in a module worker (one per page, shared by every
 * simulation) with a watchdog; falls back to the main thread when workers are
 * unavailable. The engine code is only fetched on the first run.
 */
import type { RunRequest, RunResult, TraceCheckRequest, WorkerRequest, WorkerResponse } from './protocol.ts';

/** A run that takes longer than this is abandoned (the worker is restarted). */
const WATCHDOG_MS = 15_000;

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const waiting = new Map<
  number,
  { resolve: (r: RunResult) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
>();

function failAll(message: string): void {
  for (const [id, w] of waiting) {
    clearTimeout(w.timer);
    w.reject(new Error(message));
    waiting.delete(id);
  }
}

function getWorker(): Worker | null {
  if (worker || workerBroken) return worker;
  try {
    worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'workbook-engine' });
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
    const w = waiting.get(ev.data.id);
    if (!w) return;
    waiting.delete(ev.data.id);
    clearTimeout(w.timer);
    if (ev.data.ok) w.resolve(ev.data.result);
    else w.reject(new Error(ev.data.error));
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    worker?.terminate();
    worker = null;
    workerBroken = true;
    failAll('The simulation engine failed to load.');
  };
  return worker;
}

type Job =
  | { readonly type: 'run'; readonly req: RunRequest }
  | { readonly type: 'check-trace'; readonly req: TraceCheckRequest };

async function runHere(job: Job): Promise<RunResult> {
  const { runScenario, checkTrace } = await import('./core.ts');
  return job.type === 'check-trace' ? checkTrace(job.req) : runScenario(job.req);
}

function onEngine(job: Job, name: string): Promise<RunResult> {
  const started = performance.now();
  const done = (r: RunResult): RunResult => {
    // Visible in the browser's performance panel and to tests: request -> trace on the main thread.
    performance.measure('workbook:sim-run', {
      start: started,
      end: performance.now(),
      detail: { scenario: name, events: r.trace.events.length, runMs: r.runMs, checkMs: r.checkMs },
    });
    return r;
  };
  const w = getWorker();
  if (!w) return runHere(job).then(done);
  const id = nextId++;
  return new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      w.terminate();
      if (worker === w) worker = null;
      failAll('The simulation took too long and was stopped.');
      reject(new Error(`The simulation took longer than ${WATCHDOG_MS / 1000} s and was stopped.`));
    }, WATCHDOG_MS);
    waiting.set(id, { resolve, reject, timer });
    const msg: WorkerRequest = { id, ...job };
    w.postMessage(msg);
  })
    .catch(async (err: Error) => {
      // A worker that never loaded (for example a blocked module worker): run here instead.
      if (workerBroken) return runHere(job);
      throw err;
    })
    .then(done);
}

export function runOnEngine(req: RunRequest): Promise<RunResult> {
  return onEngine({ type: 'run', req }, req.scenario);
}

/** Runs the checkers and metrics on a finished, validated trace (nothing is simulated). */
export function checkTraceOnEngine(req: TraceCheckRequest): Promise<RunResult> {
  return onEngine({ type: 'check-trace', req }, req.info.name);
}
