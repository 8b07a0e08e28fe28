import type { StorageLike } from '../../../src/progress/index.ts';

/** An in-memory Web Storage with switches to simulate blocked storage and a full quota. */
export class FakeStorage implements StorageLike {
  readonly map = new Map<string, string>();
  blocked = false;
  full = false;
  getItem(key: string): string | null {
    if (this.blocked) throw new Error('SecurityError');
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.blocked) throw new Error('SecurityError');
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    if (this.blocked) throw new Error('SecurityError');
    this.map.delete(key);
  }
}

/** A clock that advances one second per call, from a fixed start. */
export function clock(start = Date.UTC(2026, 10, 22, 9, 0, 0)): () => number {
  let t = start;
  return () => (t += 1000);
}

export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

export function seeds(start = 1000): () => number {
  let s = start;
  return () => s++;
}
