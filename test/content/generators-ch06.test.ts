/**
 * Chapter 6's quiz keys agree with the reasoning the lesson and the
 * explanations teach: the most up-to-date replica (by last epoch, then LSN)
 * is promoted; reconfiguration sends the laggard the difference of LSNs; the
 * RTO of a clean failover is detection plus one vote round trip; a slowed
 * network deposes a healthy leader exactly for the timeouts whose longest
 * wait (timeout + jitter < 2 × timeout) is shorter than the silence; and a
 * deposed leader's longer old-epoch log loses to the newer epoch.
 */
import { describe, expect, test } from 'vitest';
import { generators } from '../../src/chapters/generators.ts';
import { FALSE_FAILOVER_TIMEOUTS } from '../../src/chapters/ch06/generators.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

function gen(name: string) {
  const g = generators[name];
  if (!g) throw new Error(`generator ${name} is not registered`);
  return g;
}

describe('ch06 generator keys match the taught reasoning', () => {
  test('ch06.promoted: the follower with the highest LSN (all logs end in epoch 1)', () => {
    for (const seed of SEEDS) {
      const k = gen('ch06.promoted')(seed);
      const p = k.params as { b: number; c: number; d: number };
      const best = (['B', 'C', 'D'] as const).reduce((x, y) =>
        p[y.toLowerCase() as 'b' | 'c' | 'd'] > p[x.toLowerCase() as 'b' | 'c' | 'd'] ? y : x,
      );
      expect(k.answer, `seed ${seed}`).toBe(best.toLowerCase());
      expect(k.run?.scenario).toBe('ch06-leader-crash');
    }
  });

  test('ch06.catchUp = highest LSN − lowest LSN', () => {
    for (const seed of SEEDS) {
      const k = gen('ch06.catchUp')(seed);
      const p = k.params as { b: number; c: number; d: number };
      expect(k.answer, `seed ${seed}`).toBe(Math.max(p.b, p.c, p.d) - Math.min(p.b, p.c, p.d));
    }
  });

  test('ch06.rtoAfterCrash = (suspectAt − crashAt) + 2 × latency', () => {
    for (const seed of SEEDS) {
      const k = gen('ch06.rtoAfterCrash')(seed);
      const p = k.params as { latency: number; crashAt: number; suspectAt: number; timeout: number };
      expect(k.answer as number, `seed ${seed}`).toBeCloseTo(p.suspectAt - p.crashAt + 2 * p.latency, 2);
      // Detection alone takes at least the timeout and less than two.
      expect(p.suspectAt - p.crashAt).toBeGreaterThanOrEqual(p.timeout);
    }
  });

  test('ch06.falseFailover: deposed exactly when 2 × timeout < delay, never when timeout ≥ delay', () => {
    for (const seed of SEEDS) {
      const k = gen('ch06.falseFailover')(seed);
      const delay = k.params['delay'] as number;
      for (const t of FALSE_FAILOVER_TIMEOUTS) expect(t >= delay || 2 * t < delay, `delay ${delay} is ambiguous for ${t}`).toBe(true);
      const expected = FALSE_FAILOVER_TIMEOUTS.filter((t) => 2 * t < delay).map((t) => `t${t}`);
      expect(k.answer, `seed ${seed}`).toEqual(expected.length === 0 ? ['none'] : expected);
    }
  });

  test('ch06.byEpoch: the log ending in the later epoch wins, although the older one is longer', () => {
    for (const seed of SEEDS) {
      const k = gen('ch06.byEpoch')(seed);
      const p = k.params as { oldNode: string; oldLsn: number; oldEpoch: number; newNode: string; newLsn: number; newEpoch: number; crashed: string };
      expect(p.oldEpoch).toBeLessThan(p.newEpoch);
      expect(p.oldLsn).toBeGreaterThan(p.newLsn);
      expect(k.answer, `seed ${seed}`).toBe(p.newNode.toLowerCase());
      expect(k.answer).not.toBe(p.crashed.toLowerCase());
    }
  });
});
