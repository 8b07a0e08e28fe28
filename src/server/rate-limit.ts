/**
 * A fixed-window rate limiter keyed by client address, for the endpoints a
 * stranger can call (join, sign-in): it slows guessing and sign-up floods.
 * In memory, per process: with several processes behind a load balancer the
 * effective limit is multiplied by their number, which is still a bound.
 */
export interface RateLimiter {
  /** True when the call is allowed; counts it. */
  take(key: string): boolean;
}

export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key) {
      const t = now();
      const w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        // Drop stale windows now and then so the map cannot grow without bound.
        if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        windows.set(key, { start: t, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= limit;
    },
  };
}
