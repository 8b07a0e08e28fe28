import { describe, expect, it } from 'vitest';
import { RunnerPool, timeoutMessage, type Timers, type WorkerLike } from '../../../src/runner/pool.ts';
import { decodeRequest, encode, PROTOCOL_VERSION, type PageToWorker } from '../../../src/runner/protocol.ts';

class FakeWorker implements WorkerLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: PageToWorker[] = [];
  terminated = false;
  postMessage(data: string) {
    const m = decodeRequest(data);
    if (m) this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(m: object) {
    this.onmessage?.({ data: encode({ v: PROTOCOL_VERSION, ...m } as never) });
  }
  ready() {
    this.emit({ type: 'ready' });
  }
}

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.pending.delete(h as number);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.now) {
        this.pending.delete(id);
        t.fn();
      }
    }
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const timers = new FakeTimers();
  const pool = new RunnerPool(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, timers);
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
    expect(workers).toHaveLength(1);
    timers.advance(2000);
    expect((await p).error?.kind).toBe('timeout');
  });

  it('uses a fresh worker for the next run and keeps one spare', async () => {
    const { workers, timers, pool } = setup();
    const p1 = pool.request(body);
    workers[0]!.ready();
    timers.advance(2000);
    await p1;
    expect(workers).toHaveLength(2); // the spare was started after the run ended
    const p2 = pool.request(body);
    const w2 = workers[1]!;
    w2.ready();
    w2.emit({ type: 'result', id: w2.sent[0]!.id, outputs: [], ms: 1 });
    expect((await p2).error).toBeUndefined();
    expect(workers[0]!.terminated && w2.terminated).toBe(true);
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

  it('cancels on abort', async () => {
    const { workers, pool } = setup();
    const ac = new AbortController();
    const p = pool.request(body, { signal: ac.signal });
    ac.abort();
    expect((await p).error?.name).toBe('AbortError');
    expect(workers[0]!.terminated).toBe(true);
  });
});
