/**
 * The worker host on its own, in the engine's mode (one worker kept for many
 * requests), and the worker side (serve.ts) answering through it: the runner's
 * single-use mode is covered by pool.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { WorkerHost, type ChannelFactory, type PortLike, type WorkerLike } from '../../../src/runner/host.ts';
import { announceReady, serveRequests, type WorkerScopeLike } from '../../../src/runner/serve.ts';
import { PROTOCOL_VERSION, encode, type RequestBody } from '../../../src/runner/protocol.ts';
import { FakeTimers } from './fake-timers.ts';

class Port implements PortLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  peer: Port | null = null;
  closed = false;
  postMessage(data: string) {
    this.peer?.onmessage?.({ data });
  }
  close() {
    this.closed = true;
  }
}

const channel: ChannelFactory = () => {
  const a = new Port();
  const b = new Port();
  a.peer = b;
  b.peer = a;
  return { local: a, remote: b };
};

/** A worker whose global scope runs `setup` (the worker side) synchronously, like a loaded module. */
class InlineWorker implements WorkerLike, WorkerScopeLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  /** The worker global's handler (set by serveRequests). */
  scopeHandler: WorkerScopeLike['onmessage'] = null;
  terminated = false;
  received = 0;
  /** Messages posted before the module ran, delivered when it has (as a browser queues them). */
  private queued: [string, unknown[] | undefined][] = [];
  constructor(private readonly setup: (scope: WorkerScopeLike) => void) {}
  boot() {
    const scope = { postMessage: (data: string) => this.onmessage?.({ data }) } as WorkerScopeLike;
    Object.defineProperty(scope, 'onmessage', {
      get: () => this.scopeHandler,
      set: (h: WorkerScopeLike['onmessage']) => (this.scopeHandler = h),
    });
    this.setup(scope);
    for (const [data, transfer] of this.queued.splice(0)) this.postMessage(data, transfer);
  }
  postMessage(data: string, transfer?: unknown[]) {
    if (this.terminated) return;
    if (!this.scopeHandler) {
      this.queued.push([data, transfer]);
      return;
    }
    this.received++;
    this.scopeHandler({ data, ports: [transfer?.[0] as Port] });
  }
  terminate() {
    this.terminated = true;
  }
}

const sim = (seed: number): Extract<RequestBody, { type: 'simulate' }> => ({
  type: 'simulate',
  scenario: 's',
  seed,
  faults: [],
});

function engineLike(scope: WorkerScopeLike) {
  serveRequests(scope, ['simulate'], (req, post) => {
    if (req.type !== 'simulate') return;
    if (req.seed === 13) throw new Error('There is no scenario named "s".');
    const trace = { seed: req.seed, label: 's', nodes: ['A'], events: [] };
    const info = { name: 's', chapter: 1, title: 'S', description: '' };
    const run = { trace, checks: [], info, runMs: 0, checkMs: 0, lag: [], latencies: [] };
    post({ v: PROTOCOL_VERSION, type: 'simulation-result', id: req.id, run, ms: 0 });
  });
  announceReady(scope);
}

function setup(serve: (scope: WorkerScopeLike) => void = engineLike, reuse = true) {
  const timers = new FakeTimers();
  const w = new InlineWorker(serve);
  const host = new WorkerHost(() => w, { timers, channel, reuse, name: 'simulation engine' });
  return { timers, w, host };
}

describe('worker host, reused worker (the engine)', () => {
  it('serves several requests on one worker, each answered on its own port', async () => {
    const { w, host } = setup();
    w.boot();
    const a = await host.request(sim(1), 1);
    const b = await host.request(sim(2), 2);
    expect(a).toMatchObject({ type: 'simulation-result', id: 1, run: { trace: { seed: 1 } } });
    expect(b).toMatchObject({ type: 'simulation-result', id: 2, run: { trace: { seed: 2 } } });
    expect(w.terminated).toBe(false);
    expect(host.alive).toBe(true);
  });

  it('does not count a slow cold start against the watchdog', async () => {
    const { w, host, timers } = setup();
    const p = host.request(sim(1), 1, { timeoutMs: 100 });
    timers.advance(5000); // loading the engine
    w.boot();
    expect(await p).toMatchObject({ id: 1, run: { trace: { seed: 1 } } });
    expect(w.received).toBe(1);
  });

  it('fails as internal when the worker never says ready', async () => {
    const { host, timers } = setup();
    const p = host.request(sim(1), 1);
    timers.advance(20_000);
    expect((await p).error?.message).toBe(
      'The simulation engine did not start in time. Reload the page and try again.',
    );
  });

  it('turns a throwing handler into an error result of the request kind', async () => {
    const { w, host } = setup();
    w.boot();
    const r = await host.request(sim(13), 1);
    expect(r).toMatchObject({
      type: 'simulation-result',
      error: { kind: 'runtime', message: 'There is no scenario named "s".' },
    });
    expect(r.run).toBeUndefined();
  });

  it('answers a request this worker does not serve with an internal error, not silence', async () => {
    const { w, host } = setup();
    w.boot();
    const r = await host.request({ type: 'run', cells: [] }, 1);
    expect(r).toMatchObject({ type: 'result', outputs: [], error: { kind: 'internal' } });
    expect(r.error?.message).toContain('does not serve "run"');
  });

  it('on a timeout terminates the worker, fails every waiting request and is not reused', async () => {
    const never = (scope: WorkerScopeLike) => {
      serveRequests(scope, ['simulate'], () => undefined);
      announceReady(scope);
    };
    const { w, host, timers } = setup(never);
    w.boot();
    const p1 = host.request(sim(1), 1, { timeoutMs: 15_000 });
    const p2 = host.request(sim(2), 2, { timeoutMs: 20_000 });
    timers.advance(15_000);
    expect((await p1).error).toMatchObject({ kind: 'timeout' });
    expect((await p2).error).toMatchObject({ kind: 'timeout' });
    expect(w.terminated).toBe(true);
    expect(host.alive).toBe(false);
    expect((await host.request(sim(3), 3)).error).toMatchObject({ kind: 'internal', name: 'WorkerError' });
  });

  it('ignores a reply without the nonce or on the worker global (a forged result)', async () => {
    const forger = (scope: WorkerScopeLike) => {
      serveRequests(scope, ['simulate'], (req) => {
        const forged = { v: PROTOCOL_VERSION, type: 'simulation-result', id: req.id, ms: 0, run: undefined };
        scope.postMessage(encode(forged as never));
      });
      announceReady(scope);
    };
    const { w, host, timers } = setup(forger);
    w.boot();
    let settled = false;
    const p = host.request(sim(1), 1, { timeoutMs: 1000 }).then((r) => ((settled = true), r));
    await Promise.resolve();
    expect(settled).toBe(false);
    timers.advance(1000);
    expect((await p).error?.kind).toBe('timeout');
  });

  it('says which worker would not start', async () => {
    const { w, host } = setup();
    const p = host.request(sim(1), 1);
    w.onerror?.({ message: 'blocked' });
    expect((await p).error?.message).toBe(
      'The simulation engine could not start: blocked. Reload the page and try again.',
    );
  });
});

describe('worker host, single-use worker (the runner)', () => {
  it('ends the worker after its result', async () => {
    const { w, host } = setup(engineLike, false);
    w.boot();
    await host.request(sim(1), 1);
    expect(w.terminated).toBe(true);
    expect(host.alive).toBe(false);
  });
});
