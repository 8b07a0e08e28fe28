/**
 * Page side of the runner: owns the workers and the watchdog.
 *
 * - A fresh worker per request; two spares are kept pre-started (after a run, or
 *   on `prestart()`), so a run rarely waits for a worker to boot, even right
 *   after another run (booting a hardened worker takes longer than a short run).
 * - Each request gets its own MessageChannel and a random nonce: replies are
 *   read only from that port and only when they carry the nonce (the worker's
 *   global postMessage is trusted for nothing but `ready`).
 * - The watchdog starts when the worker says `ready` (a cold start, which parses
 *   sucrase and the engine, must not count as an endless loop), is re-armed by
 *   each genuine `progress` message up to an overall cap (so even a grader's
 *   progress cannot keep a request alive forever), and `terminate()`s the
 *   worker when it fires, naming the cell that was running.
 * - Every request resolves (never rejects) with a result message; failures are
 *   results with an `error`.
 *
 * Pure logic over `WorkerLike` and `Timers`, so it is tested with fakes.
 */
import {
  decodeResponse,
  encode,
  nonceOf,
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
  type Sealed,
} from './protocol.ts';

export interface WorkerLike {
  /** `transfer` carries the request's MessagePort. */
  postMessage(data: string, transfer?: unknown[]): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The page's end of a request's MessageChannel. */
export interface PortLike {
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

/** A fresh channel: `local` stays on the page, `remote` is transferred to the worker. */
export type ChannelFactory = () => { local: PortLike; remote: unknown };

const messageChannel: ChannelFactory = () => {
  const c = new MessageChannel();
  return { local: c.port1 as unknown as PortLike, remote: c.port2 };
};

/** 128 random bits, hex: the learner's code never sees the request, so it cannot guess this. */
function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const DEFAULT_TIMEOUT_MS = 2000;
/** Workers kept booted ahead of time. */
const SPARES = 2;
/** However often a grader reports progress, a request ends after this long. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
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
  /** Cap on the whole request however much progress it reports, ms (default DEFAULT_TOTAL_TIMEOUT_MS). */
  totalTimeoutMs?: number;
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
  failure: ((e: unknown) => void) | null = null;
  constructor(readonly worker: WorkerLike) {
    worker.onmessage = (ev) => {
      // only `ready` is read from here: every reply comes through the request's port
      if (this.ready || decodeResponse(ev.data)?.type !== 'ready') return;
      this.ready = true;
      const ls = this.readyListeners;
      this.readyListeners = [];
      for (const l of ls) l();
    };
    worker.onerror = (e) => this.failure?.(e);
  }
  whenReady(fn: () => void) {
    if (this.ready) fn();
    else this.readyListeners.push(fn);
  }
}

export class RunnerPool {
  /** Pre-started workers, oldest (most likely ready) first. */
  private spares: Slot[] = [];
  private nextId = 1;

  constructor(
    private readonly factory: () => WorkerLike,
    private readonly timers: Timers = {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    private readonly bootTimeoutMs = DEFAULT_BOOT_TIMEOUT_MS,
    private readonly channel: ChannelFactory = messageChannel,
  ) {}

  /** Starts the spare workers now (e.g. when the pointer first reaches a cell). */
  prestart(): void {
    while (this.spares.length < SPARES) this.spares.push(new Slot(this.factory()));
  }

  /** Drops the spare workers (page teardown, tests). */
  dispose(): void {
    for (const s of this.spares) s.worker.terminate();
    this.spares = [];
  }

  request<B extends RequestBody>(body: B, handlers: RequestHandlers = {}): Promise<ResultFor<B>> {
    const id = this.nextId++;
    const slot = this.spares.shift() ?? new Slot(this.factory());
    const limit = handlers.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    return new Promise<ResultFor<B>>((resolve) => {
      let timer: unknown = null;
      let totalTimer: unknown = null;
      let done = false;
      /** The cell the worker said it started last (a timeout belongs to it). */
      let runningCell: string | undefined;
      const nonce = randomNonce();
      const { local, remote } = this.channel();
      const arm = (ms: number, onFire: () => void) => {
        if (timer !== null) this.timers.clearTimeout(timer);
        timer = this.timers.setTimeout(onFire, ms);
      };
      const finish = (result: ResultFor<B>) => {
        if (done) return;
        done = true;
        if (timer !== null) this.timers.clearTimeout(timer);
        if (totalTimer !== null) this.timers.clearTimeout(totalTimer);
        local.onmessage = null;
        local.close();
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
      const onAbort = () =>
        failWith({ kind: 'stopped', name: 'Stopped', message: 'you pressed Stop before it finished.' });
      const onTimeout = () =>
        failWith({
          kind: 'timeout',
          name: 'Timeout',
          message: timeoutMessage(limit),
          ...(runningCell !== undefined ? { cell: runningCell } : {}),
        });

      if (handlers.signal?.aborted) return onAbort();
      handlers.signal?.addEventListener('abort', onAbort);

      local.onmessage = (ev) => {
        if (nonceOf(ev.data) !== nonce) return;
        const m = decodeResponse(ev.data);
        if (!m || m.type === 'ready' || m.id !== id) return;
        if (m.type === 'cell') runningCell = m.cell;
        else if (m.type === 'console') handlers.onConsole?.(m);
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
        if (done) return;
        arm(limit, onTimeout);
        totalTimer = this.timers.setTimeout(
          onTimeout,
          Math.max(limit, handlers.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
        );
      });
      slot.worker.postMessage(
        encode({ ...body, v: PROTOCOL_VERSION, id, nonce } as Sealed<RunRequest | GradeRequest | ReplayRequest>),
        [remote],
      );
    });
  }
}
