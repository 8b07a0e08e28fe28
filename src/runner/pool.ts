/**
 * Page side of the runner: owns the workers and the watchdog.
 *
 * - A fresh worker per request; one spare is kept pre-started (after a run, or
 *   on `prestart()`), so a run rarely waits for a worker to boot.
 * - The watchdog starts when the worker says `ready` (a cold start, which parses
 *   sucrase and the engine, must not count as an endless loop), is re-armed by
 *   each `progress` message, and `terminate()`s the worker when it fires.
 * - Every request resolves (never rejects) with a result message; failures are
 *   results with an `error`.
 *
 * Pure logic over `WorkerLike` and `Timers`, so it is tested with fakes.
 */
import {
  decodeResponse,
  encode,
  PROTOCOL_VERSION,
  type ConsoleMessage,
  type GradeRequest,
  type GradeResultMessage,
  type ProgressMessage,
  type ReplayRequest,
  type ReplayResultMessage,
  type RunError,
  type RunRequest,
  type RunResultMessage,
} from './protocol.ts';

export interface WorkerLike {
  postMessage(data: string): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const DEFAULT_TIMEOUT_MS = 2000;
/** How long a worker may take to boot before the run fails as an internal error. */
export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;

export function timeoutMessage(ms: number): string {
  const s = ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
  return `Stopped after ${s}: the code did not finish — is there an endless loop?`;
}

export interface RequestHandlers {
  onConsole?: (m: ConsoleMessage) => void;
  onProgress?: (m: ProgressMessage) => void;
  /** Watchdog limit for this request, ms (re-armed on each progress message). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type RequestBody = Omit<RunRequest, 'v' | 'id'> | Omit<GradeRequest, 'v' | 'id'> | Omit<ReplayRequest, 'v' | 'id'>;
type ResultFor<B> = B extends { type: 'grade' }
  ? GradeResultMessage
  : B extends { type: 'replay' }
    ? ReplayResultMessage
    : RunResultMessage;

class Slot {
  ready = false;
  private readyListeners: (() => void)[] = [];
  listener: ((data: unknown) => void) | null = null;
  failure: ((e: unknown) => void) | null = null;
  constructor(readonly worker: WorkerLike) {
    worker.onmessage = (ev) => {
      const m = decodeResponse(ev.data);
      if (!m) return;
      if (m.type === 'ready') {
        this.ready = true;
        const ls = this.readyListeners;
        this.readyListeners = [];
        for (const l of ls) l();
        return;
      }
      this.listener?.(m);
    };
    worker.onerror = (e) => this.failure?.(e);
  }
  whenReady(fn: () => void) {
    if (this.ready) fn();
    else this.readyListeners.push(fn);
  }
}

export class RunnerPool {
  private spare: Slot | null = null;
  private nextId = 1;

  constructor(
    private readonly factory: () => WorkerLike,
    private readonly timers: Timers = {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    private readonly bootTimeoutMs = DEFAULT_BOOT_TIMEOUT_MS,
  ) {}

  /** Starts a spare worker now (e.g. when the pointer first reaches a cell). */
  prestart(): void {
    if (!this.spare) this.spare = new Slot(this.factory());
  }

  /** Drops the spare worker (page teardown, tests). */
  dispose(): void {
    this.spare?.worker.terminate();
    this.spare = null;
  }

  request<B extends RequestBody>(body: B, handlers: RequestHandlers = {}): Promise<ResultFor<B>> {
    const id = this.nextId++;
    const slot = this.spare ?? new Slot(this.factory());
    this.spare = null;
    const limit = handlers.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    return new Promise<ResultFor<B>>((resolve) => {
      let timer: unknown = null;
      let done = false;
      const arm = (ms: number, onFire: () => void) => {
        if (timer !== null) this.timers.clearTimeout(timer);
        timer = this.timers.setTimeout(onFire, ms);
      };
      const finish = (result: ResultFor<B>) => {
        if (done) return;
        done = true;
        if (timer !== null) this.timers.clearTimeout(timer);
        slot.listener = null;
        slot.failure = null;
        slot.worker.terminate();
        handlers.signal?.removeEventListener('abort', onAbort);
        this.prestart();
        resolve(result);
      };
      const failWith = (error: RunError) => {
        const base = { v: PROTOCOL_VERSION, id, ms: 0, error } as const;
        const result =
          body.type === 'grade'
            ? { ...base, type: 'grade-result', exerciseId: body.exerciseId, passed: false, checks: [], console: [] }
            : body.type === 'replay'
              ? {
                  ...base,
                  type: 'replay-result',
                  exerciseId: body.exerciseId,
                  seed: body.seed,
                  violations: [],
                  failures: [],
                  properties: [],
                  console: [],
                }
              : { ...base, type: 'result', outputs: [] };
        finish(result as unknown as ResultFor<B>);
      };
      const onAbort = () => failWith({ kind: 'internal', name: 'AbortError', message: 'The run was cancelled.' });
      const onTimeout = () => failWith({ kind: 'timeout', name: 'Timeout', message: timeoutMessage(limit) });

      if (handlers.signal?.aborted) return onAbort();
      handlers.signal?.addEventListener('abort', onAbort);

      slot.listener = (data) => {
        const m = data as ReturnType<typeof decodeResponse>;
        if (!m || !('id' in m) || m.id !== id) return;
        if (m.type === 'console') handlers.onConsole?.(m);
        else if (m.type === 'progress') {
          arm(limit, onTimeout);
          handlers.onProgress?.(m);
        } else finish(m as ResultFor<B>);
      };
      slot.failure = (e) => {
        const msg = (e as { message?: unknown } | null)?.message;
        failWith({
          kind: 'internal',
          name: 'WorkerError',
          message: `The code runner could not start${typeof msg === 'string' && msg ? `: ${msg}` : ''}. Reload the page and try again.`,
        });
      };
      if (!slot.ready) {
        arm(this.bootTimeoutMs, () =>
          failWith({
            kind: 'internal',
            name: 'WorkerError',
            message: 'The code runner did not start in time. Reload the page and try again.',
          }),
        );
      }
      slot.whenReady(() => {
        if (!done) arm(limit, onTimeout);
      });
      slot.worker.postMessage(
        encode({ ...body, v: PROTOCOL_VERSION, id } as RunRequest | GradeRequest | ReplayRequest),
      );
    });
  }
}
