/**
 * Virtual time for the runner's watchdog tests (host.test.ts, pool.test.ts):
 * `setTimeout` only records, and `advance(ms)` moves the clock and fires what
 * has come due, so a timeout is tested without waiting for it.
 */
import type { Timers } from '../../../src/runner/host.ts';

export class FakeTimers implements Timers {
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
