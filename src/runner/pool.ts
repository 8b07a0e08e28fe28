/**
 * The runner's pool of workers: a fresh worker per request (a new realm, so
 * nothing leaks between runs and an endless loop only costs that worker), with
 * two spares kept pre-started (after a run, or on `prestart()`), so a run
 * rarely waits for a worker to boot, even right after another run (booting a
 * hardened worker takes longer than a short run).
 *
 * Each worker is driven by the shared worker host (host.ts: ready handshake,
 * per-request port and nonce, watchdog from `ready`, re-armed by progress and
 * capped overall, `terminate()` when it fires). Every request resolves (never
 * rejects) with a result message; failures are results with an `error`.
 *
 * Pure logic over `WorkerLike` and `Timers`, so it is tested with fakes.
 */
import type { RequestBody, ResultFor } from './protocol.ts';
import {
  DEFAULT_BOOT_TIMEOUT_MS,
  WorkerHost,
  type ChannelFactory,
  type RequestHandlers,
  type Timers,
  type WorkerLike,
} from './host.ts';

export { DEFAULT_BOOT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS, timeoutMessage } from './host.ts';
export type { ChannelFactory, PortLike, RequestHandlers, Timers, WorkerLike } from './host.ts';

/** Workers kept booted ahead of time. */
const SPARES = 2;

/** The runner's requests: cells, grading and replays (simulations go to the engine worker). */
export type RunnerRequestBody = Extract<RequestBody, { type: 'run' | 'grade' | 'replay' }>;

export class RunnerPool {
  /** Pre-started workers, oldest (most likely ready) first. */
  private spares: WorkerHost[] = [];
  private nextId = 1;

  constructor(
    private readonly factory: () => WorkerLike,
    private readonly timers?: Timers,
    private readonly bootTimeoutMs = DEFAULT_BOOT_TIMEOUT_MS,
    private readonly channel?: ChannelFactory,
  ) {}

  private host(): WorkerHost {
    return new WorkerHost(this.factory, {
      bootTimeoutMs: this.bootTimeoutMs,
      ...(this.timers ? { timers: this.timers } : {}),
      ...(this.channel ? { channel: this.channel } : {}),
    });
  }

  /** Starts the spare workers now (e.g. when the pointer first reaches a cell). */
  prestart(): void {
    while (this.spares.length < SPARES) this.spares.push(this.host());
  }

  /** Drops the spare workers (page teardown, tests). */
  dispose(): void {
    for (const s of this.spares) s.terminate();
    this.spares = [];
  }

  request<B extends RunnerRequestBody>(body: B, handlers: RequestHandlers = {}): Promise<ResultFor<B>> {
    const host = this.spares.shift() ?? this.host();
    const done = host.request(body, this.nextId++, handlers);
    // the host ends its worker with the result; boot the next spares meanwhile
    void done.then(() => this.prestart());
    return done;
  }
}
