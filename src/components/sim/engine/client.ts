/**
 * The view's handle on the engine: `runOnEngine(request)` resolves with a
 * trace and checker results; `checkTraceOnEngine(request)` judges a finished
 * trace (an exercise run) the same way. Runs in a module worker (one per
 * page, shared by every simulation) driven by the workbook's one worker host
 * (src/runner/host.ts: ready handshake, per-request port and nonce, watchdog
 * from `ready`, terminate when it fires) over the one protocol
 * (src/runner/protocol.ts: `simulate` / `check-trace`); falls back to the
 * main thread when workers are unavailable. The engine code is only fetched
 * on the first run; the runner and SES are never loaded for a simulation.
 */
import { WorkerHost, type WorkerLike } from '../../../runner/host.ts';
import type { RequestBody, SimulationResultMessage } from '../../../runner/protocol.ts';
import type { RunRequest, RunResult, TraceCheckRequest } from './protocol.ts';

/** A run that takes longer than this is abandoned (the worker is restarted). */
const WATCHDOG_MS = 15_000;

let host: WorkerHost | null = null;
let workerBroken = false;
let nextId = 1;

type Job = Extract<RequestBody, { type: 'simulate' | 'check-trace' }>;

function getHost(): WorkerHost | null {
  if (host?.alive) return host;
  if (workerBroken) return null;
  try {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'workbook-engine',
    });
    host = new WorkerHost(() => worker as unknown as WorkerLike, {
      reuse: true,
      name: 'simulation engine',
      describeTimeout: (ms) => `The simulation took longer than ${ms / 1000} s and was stopped.`,
    });
  } catch {
    workerBroken = true;
    host = null;
  }
  return host;
}

async function runHere(job: Job): Promise<RunResult> {
  const { runScenario, checkTrace } = await import('./core.ts');
  return job.type === 'check-trace' ? checkTrace(job) : runScenario(job);
}

/** The run, or the error the worker (or the host's watchdog) reported, as an exception. */
function unwrap(m: SimulationResultMessage): RunResult {
  if (m.run) return m.run;
  throw new Error(m.error?.message ?? 'The simulation engine sent no run.');
}

async function onEngine(job: Job, name: string): Promise<RunResult> {
  const started = performance.now();
  const h = getHost();
  let r: RunResult;
  if (!h) r = await runHere(job);
  else {
    const m = await h.request(job, nextId++, { timeoutMs: WATCHDOG_MS, totalTimeoutMs: WATCHDOG_MS });
    if (m.error?.kind === 'internal' && m.error.name === 'WorkerError') {
      // A worker that never loaded (for example a blocked module worker): run here instead, from now on.
      workerBroken = true;
      r = await runHere(job);
    } else r = unwrap(m);
  }
  // Visible in the browser's performance panel and to tests: request -> trace on the main thread.
  performance.measure('workbook:sim-run', {
    start: started,
    end: performance.now(),
    detail: { scenario: name, events: r.trace.events.length, runMs: r.runMs, checkMs: r.checkMs },
  });
  return r;
}

export function runOnEngine(req: RunRequest): Promise<RunResult> {
  return onEngine({ type: 'simulate', ...req }, req.scenario);
}

/** Runs the checkers and metrics on a finished, validated trace (nothing is simulated). */
export function checkTraceOnEngine(req: TraceCheckRequest): Promise<RunResult> {
  return onEngine({ type: 'check-trace', ...req }, req.info.name);
}
