/**
 * Page side of the worker host: one Web Worker, driven over the one protocol
 * (protocol.ts). Both workers use it — the runner pool (a fresh worker per
 * request, pool.ts) and the simulation view's engine client (one worker per
 * page, src/components/sim/engine/client.ts); serve.ts is the worker side.
 *
 * - Ready handshake: the worker says `ready` on its own postMessage once its
 *   modules have loaded; that is the only thing read from there. Until then a
 *   boot timer runs instead of the watchdog, so a cold start (parsing sucrase,
 *   hardening the realm, loading the engine) never counts as an endless loop.
 * - Every request gets its own MessageChannel and a random nonce: replies are
 *   read only from that port and only when they carry the nonce and the
 *   request's id, so code inside the worker that lacks them (learner code in
 *   the runner's Compartment) cannot forge a result, a grade or progress.
 * - Watchdog: armed when the worker is ready, re-armed by each genuine
 *   `progress`, capped overall; when it fires the worker is terminated and
 *   every request on it gets a `timeout` error naming the cell that was running.
 * - Every request resolves (never rejects) with its result message; failures
 *   (timeout, Stop, a worker that will not start) are results with an `error`
 *   (`failureFor`), exactly the shape the worker sends when serving throws.
 * - `reuse: false` (the runner): the worker is terminated after its first
 *   result, so every run gets a fresh realm. `reuse: true` (the engine): it
 *   stays for the next request until a timeout or an error ends it.
 *
 * Pure logic over `WorkerLike`, `Timers` and a channel factory, so it is tested with fakes.
 */
import {
  decodeResponse,
  encode,
  failureFor,
  nonceOf,
  PROTOCOL_VERSION,
  type ConsoleMessage,
  type PageToWorker,
  type ProgressMessage,
  type RequestBody,
  type ResultFor,
  type RunError,
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

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** 128 random bits, hex: code in the worker never sees the request, so it cannot guess this. */
function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const DEFAULT_TIMEOUT_MS = 2000;
/** However often a grader reports progress, a request ends after this long. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
/** How long a worker may take to boot before the request fails as an internal error. */
export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;

/** The runner's timeout sentence (learner code that did not finish). */
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

export interface HostOptions {
  readonly timers?: Timers;
  readonly bootTimeoutMs?: number;
  readonly channel?: ChannelFactory;
  /** Keep the worker after a result (the engine) instead of ending it (the runner). Default false. */
  readonly reuse?: boolean;
  /** What the worker is, in the sentence shown when it will not start. Default "code runner". */
  readonly name?: string;
  /** The timeout sentence for a limit in ms. Default `timeoutMessage`. */
  readonly describeTimeout?: (ms: number) => string;
}

interface Pending {
  /** Ends the request with this result (idempotent). */
  finish(result: unknown): void;
  /** Ends it with an error result of its own kind. */
  fail(error: RunError): void;
}

export class WorkerHost {
  private readonly worker: WorkerLike;
  private readonly timers: Timers;
  private readonly channel: ChannelFactory;
  private readonly options: HostOptions;
  private readyFlag = false;
  private dead = false;
  private readyListeners: (() => void)[] = [];
  private readonly pending = new Set<Pending>();
  private bootTimer: unknown = null;

  constructor(factory: () => WorkerLike, options: HostOptions = {}) {
    this.options = options;
    this.timers = options.timers ?? browserTimers;
    this.channel = options.channel ?? messageChannel;
    this.worker = factory();
    this.worker.onmessage = (ev) => {
      // only `ready` is read from here: every reply comes through the request's port
      if (this.readyFlag || decodeResponse(ev.data)?.type !== 'ready') return;
      this.readyFlag = true;
      this.clearBootTimer();
      const ls = this.readyListeners;
      this.readyListeners = [];
      for (const l of ls) l();
    };
    this.worker.onerror = (e) => {
      const msg = (e as { message?: unknown } | null)?.message;
      (e as { preventDefault?: () => void } | null)?.preventDefault?.();
      this.failAll(this.startError(typeof msg === 'string' && msg ? `: ${msg}` : ''));
    };
  }

  /** The worker said `ready`. */
  get ready(): boolean {
    return this.readyFlag;
  }

  /** False once the worker has been terminated: make a new host. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Terminates the worker; requests still waiting get an `internal` error. */
  terminate(): void {
    this.failAll({ kind: 'internal', name: 'WorkerError', message: 'The worker was stopped.' });
    this.kill();
  }

  private kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.clearBootTimer();
    this.worker.terminate();
  }

  private failAll(error: RunError): void {
    for (const p of [...this.pending]) p.fail(error);
    this.kill();
  }

  private clearBootTimer(): void {
    if (this.bootTimer !== null) this.timers.clearTimeout(this.bootTimer);
    this.bootTimer = null;
  }

  private startError(detail: string): RunError {
    return {
      kind: 'internal',
      name: 'WorkerError',
      message: `The ${this.options.name ?? 'code runner'} could not start${detail}. Reload the page and try again.`,
    };
  }

  private whenReady(fn: () => void): void {
    if (this.readyFlag) return fn();
    this.readyListeners.push(fn);
    if (this.bootTimer === null) {
      this.bootTimer = this.timers.setTimeout(() => {
        this.bootTimer = null;
        this.failAll({
          ...this.startError(''),
          message: `The ${this.options.name ?? 'code runner'} did not start in time. Reload the page and try again.`,
        });
      }, this.options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS);
    }
  }

  /** Sends one request with id `id`; resolves with its result message (errors included). */
  request<B extends RequestBody>(body: B, id: number, handlers: RequestHandlers = {}): Promise<ResultFor<B>> {
    const limit = handlers.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const describe = this.options.describeTimeout ?? timeoutMessage;
    return new Promise<ResultFor<B>>((resolve) => {
      let timer: unknown = null;
      let totalTimer: unknown = null;
      let done = false;
      /** The cell the worker said it started last (a timeout belongs to it). */
      let runningCell: string | undefined;
      const nonce = randomNonce();
      const { local, remote } = this.channel();
      const entry: Pending = {
        finish: (result) => {
          if (done) return;
          done = true;
          this.pending.delete(entry);
          if (timer !== null) this.timers.clearTimeout(timer);
          if (totalTimer !== null) this.timers.clearTimeout(totalTimer);
          local.onmessage = null;
          local.close();
          handlers.signal?.removeEventListener('abort', onAbort);
          if (!this.options.reuse) this.kill();
          resolve(result as ResultFor<B>);
        },
        fail: (error) => entry.finish(failureFor(body, id, error)),
      };
      const onAbort = () => {
        // a Stop ends the worker too: it may be stuck in the code being stopped
        entry.fail({ kind: 'stopped', name: 'Stopped', message: 'you pressed Stop before it finished.' });
        this.failAll({ kind: 'stopped', name: 'Stopped', message: 'another request on this worker was stopped.' });
      };
      const onTimeout = () => {
        const error: RunError = {
          kind: 'timeout',
          name: 'Timeout',
          message: describe(limit),
          ...(runningCell !== undefined ? { cell: runningCell } : {}),
        };
        entry.fail(error);
        this.failAll(error);
      };
      const arm = (ms: number) => {
        if (timer !== null) this.timers.clearTimeout(timer);
        timer = this.timers.setTimeout(onTimeout, ms);
      };

      if (this.dead) return entry.fail(this.startError(''));
      this.pending.add(entry);
      if (handlers.signal?.aborted) return onAbort();
      handlers.signal?.addEventListener('abort', onAbort);

      local.onmessage = (ev) => {
        if (nonceOf(ev.data) !== nonce) return;
        const m = decodeResponse(ev.data);
        if (!m || m.type === 'ready' || m.id !== id) return;
        if (m.type === 'cell') runningCell = m.cell;
        else if (m.type === 'console') handlers.onConsole?.(m);
        else if (m.type === 'progress') {
          arm(limit);
          handlers.onProgress?.(m);
        } else entry.finish(m);
      };
      this.whenReady(() => {
        if (done) return;
        arm(limit);
        totalTimer = this.timers.setTimeout(
          onTimeout,
          Math.max(limit, handlers.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
        );
      });
      const sealed = { ...body, v: PROTOCOL_VERSION, id, nonce } as unknown as Sealed<PageToWorker>;
      this.worker.postMessage(encode(sealed), [remote]);
    });
  }
}
