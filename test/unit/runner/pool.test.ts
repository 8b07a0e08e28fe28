import { describe, expect, it } from 'vitest';
import {
  RunnerPool,
  timeoutMessage,
  type ChannelFactory,
  type PortLike,
  type WorkerLike,
} from '../../../src/runner/pool.ts';
import { decodeRequest, encode, nonceOf, PROTOCOL_VERSION, type PageToWorker } from '../../../src/runner/protocol.ts';
import { FakeTimers } from './fake-timers.ts';

class FakePort implements PortLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
}

/** The worker end of a request's channel: what the runner (not learner code) holds. */
class RemotePort {
  constructor(readonly local: FakePort) {}
}

const fakeChannel: ChannelFactory = () => {
  const local = new FakePort();
  return { local, remote: new RemotePort(local) };
};

class FakeWorker implements WorkerLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: PageToWorker[] = [];
  nonces: string[] = [];
  ports: RemotePort[] = [];
  terminated = false;
  postMessage(data: string, transfer?: unknown[]) {
    const m = decodeRequest(data);
    if (m) this.sent.push(m);
    this.nonces.push(nonceOf(data) ?? '');
    this.ports.push(transfer?.[0] as RemotePort);
  }
  terminate() {
    this.terminated = true;
  }
  /** A reply from the runner: on the request's port, with its nonce. */
  emit(m: object) {
    const port = this.ports.at(-1);
    port?.local.onmessage?.({ data: encode({ v: PROTOCOL_VERSION, ...m, nonce: this.nonces.at(-1) } as never) });
  }
  /** What learner code could do with the worker's own postMessage, if it had it. */
  emitGlobal(m: object) {
    this.onmessage?.({ data: encode({ v: PROTOCOL_VERSION, ...m } as never) });
  }
  ready() {
    this.emitGlobal({ type: 'ready' });
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const timers = new FakeTimers();
  const pool = new RunnerPool(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    timers,
    20_000,
    fakeChannel,
  );
  return { workers, timers, pool };
}

const body = { type: 'run', cells: [{ id: 'a', code: '1', report: true }] } as const;

describe('RunnerPool watchdog', () => {
  it('does not count a slow cold start against the 2 s limit', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request(body);
    const w = workers[0]!;
    timers.advance(5000); // booting: parsing sucrase and the engine
    w.ready();
    timers.advance(1500);
    const id = w.sent[0]!.id;
    w.emit({ type: 'result', id, outputs: [], ms: 1 });
    const r = await p;
    expect(r.error).toBeUndefined();
    expect(w.terminated).toBe(true);
  });

  it('terminates after 2 s from ready and says why', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request(body);
    const w = workers[0]!;
    w.ready();
    timers.advance(1999);
    expect(w.terminated).toBe(false);
    timers.advance(1);
    const r = await p;
    expect(w.terminated).toBe(true);
    expect(r.error).toEqual({
      kind: 'timeout',
      name: 'Timeout',
      message: 'Stopped after 2 s: the code did not finish — is there an endless loop?',
    });
    expect(timeoutMessage(2000)).toBe(r.error?.message);
  });

  it('starts the timer at once for a pre-started worker that is already ready', async () => {
    const { workers, timers, pool } = setup();
    pool.prestart();
    workers[0]!.ready();
    const p = pool.request(body);
    expect(workers).toHaveLength(2); // the two spares; the request took the first
    timers.advance(2000);
    expect((await p).error?.kind).toBe('timeout');
  });

  it('uses a fresh worker for each run and keeps two spares, so a run right after a run finds one booted', async () => {
    const { workers, timers, pool } = setup();
    const p1 = pool.request(body);
    workers[0]!.ready();
    timers.advance(2000);
    await p1;
    expect(workers).toHaveLength(3); // two spares started after the run ended
    workers[1]!.ready();
    const p2 = pool.request(body);
    const w2 = workers[1]!;
    w2.emit({ type: 'result', id: w2.sent[0]!.id, outputs: [], ms: 1 });
    expect((await p2).error).toBeUndefined();
    expect(workers[0]!.terminated && w2.terminated).toBe(true);
    expect(workers).toHaveLength(4);
    // the next request takes the oldest spare, not the one just started
    void pool.request(body);
    expect(workers[2]!.sent).toHaveLength(1);
  });

  it('streams console lines and re-arms on progress', async () => {
    const { workers, timers, pool } = setup();
    const lines: string[] = [];
    const progress: number[] = [];
    const p = pool.request(
      { type: 'grade', exerciseId: 'e', code: 'x', seeds: [1, 2, 3] },
      { onConsole: (m) => lines.push(m.line.text), onProgress: (m) => progress.push(m.done) },
    );
    const w = workers[0]!;
    w.ready();
    const id = w.sent[0]!.id;
    w.emit({ type: 'console', id, cell: 'x', line: { level: 'log', text: 'hello' } });
    for (const done of [1, 2, 3]) {
      timers.advance(1500);
      w.emit({ type: 'progress', id, done, total: 3 });
    }
    timers.advance(1500); // 6 s in total, never 2 s without news
    w.emit({ type: 'grade-result', id, exerciseId: 'e', passed: true, checks: [], console: [], ms: 1 });
    const r = await p;
    expect(r.passed).toBe(true);
    expect(lines).toEqual(['hello']);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('ignores messages for other request ids', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request(body);
    const w = workers[0]!;
    w.ready();
    w.emit({ type: 'result', id: 999, outputs: [], ms: 1 });
    timers.advance(2000);
    expect((await p).error?.kind).toBe('timeout');
  });

  it('reports a worker that fails to load or never starts', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request(body);
    workers[0]!.onerror?.({ message: 'boom' });
    expect((await p).error).toMatchObject({ kind: 'internal', name: 'WorkerError' });
    const p2 = pool.request(body);
    timers.advance(20_000);
    expect((await p2).error).toMatchObject({ kind: 'internal' });
  });

  it('stops on abort (the Stop button), saying so', async () => {
    const { workers, pool } = setup();
    const ac = new AbortController();
    const p = pool.request(body, { signal: ac.signal });
    ac.abort();
    expect((await p).error).toMatchObject({ kind: 'stopped', message: 'you pressed Stop before it finished.' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('names the cell that was running when the watchdog fired', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request({
      type: 'run',
      cells: [
        { id: 'one', code: '1', report: false },
        { id: 'two', code: 'while (true) {}', report: false },
        { id: 'three', code: '3', report: true },
      ],
    });
    const w = workers[0]!;
    w.ready();
    const id = w.sent[0]!.id;
    w.emit({ type: 'cell', id, cell: 'one' });
    w.emit({ type: 'cell', id, cell: 'two' });
    timers.advance(2000);
    expect((await p).error).toMatchObject({ kind: 'timeout', cell: 'two' });
  });
});

describe('RunnerPool: only the runner can answer', () => {
  it('sends each request a fresh port and a long random nonce', () => {
    const { workers, pool } = setup();
    void pool.request(body);
    void pool.request(body);
    const [a, b] = [workers[0]!, workers[1]!];
    expect(a.ports[0]).toBeInstanceOf(RemotePort);
    expect(a.nonces[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(a.nonces[0]).not.toBe(b.nonces[0]);
  });

  it("ignores a result posted on the worker's own postMessage (a forged result)", async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request(body);
    const w = workers[0]!;
    w.ready();
    const id = w.sent[0]!.id;
    w.emitGlobal({ type: 'result', id, outputs: [{ cell: 'a', console: [], droppedConsole: 0, ms: 0 }], ms: 0 });
    timers.advance(2000);
    expect((await p).error?.kind).toBe('timeout');
  });

  it('ignores a forged grade-result: a do-nothing solution is not marked passed', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request({ type: 'grade', exerciseId: 'e', code: '', seeds: [1] });
    const w = workers[0]!;
    w.ready();
    const id = w.sent[0]!.id;
    w.emitGlobal({ type: 'grade-result', id, exerciseId: 'e', passed: true, checks: [], console: [], ms: 1 });
    // right port, wrong nonce: still not the runner
    w.ports[0]!.local.onmessage?.({
      data: encode({
        v: PROTOCOL_VERSION,
        type: 'grade-result',
        id,
        exerciseId: 'e',
        passed: true,
        checks: [],
        console: [],
        ms: 1,
        nonce: '0'.repeat(32),
      }),
    });
    timers.advance(2000);
    const r = await p;
    expect(r.passed).toBe(false);
    expect(r.error?.kind).toBe('timeout');
  });

  it('forged progress does not re-arm the watchdog, and real progress cannot extend it forever', async () => {
    const { workers, timers, pool } = setup();
    const p = pool.request({ type: 'grade', exerciseId: 'e', code: '', seeds: [1] });
    const w = workers[0]!;
    w.ready();
    const id = w.sent[0]!.id;
    for (let i = 0; i < 3; i++) {
      timers.advance(1000);
      w.emitGlobal({ type: 'progress', id, done: 1, total: 1 });
    }
    expect((await p).error?.kind).toBe('timeout');

    const start = timers.now;
    const p2 = pool.request({ type: 'grade', exerciseId: 'e', code: '', seeds: [1] }, { totalTimeoutMs: 10_000 });
    const w2 = workers[1]!;
    w2.ready();
    const id2 = w2.sent[0]!.id;
    let settled = false;
    void p2.then(() => (settled = true));
    for (let i = 0; i < 30 && !settled; i++) {
      timers.advance(1000);
      w2.emit({ type: 'progress', id: id2, done: 1, total: 1 });
      await Promise.resolve();
    }
    expect((await p2).error?.kind).toBe('timeout');
    expect(timers.now - start).toBe(10_000);
  });
});
