/**
 * Chapter 4's engine-backed quiz keys agree with the reasoning the lesson
 * teaches: an async crash loses what was acknowledged but not shipped, sync
 * commit costs the slowest round trip, ANY 2 the second-fastest, and a write
 * behind a down sync follower waits for it to return.
 */
import { describe, expect, test } from 'vitest';
import { generators } from '../../src/chapters/generators.ts';

const SEEDS = Array.from({ length: 24 }, (_, i) => i * 7 + 3);

function num(p: Readonly<Record<string, string | number>>, k: string): number {
  const v = p[k];
  if (typeof v !== 'number') throw new Error(`param ${k} missing`);
  return v;
}

describe('ch04 generator keys match the taught reasoning', () => {
  test('ch04.asyncLost: every purchase whose acknowledgement reached the client before the crash, none shipped', () => {
    for (const seed of SEEDS) {
      const k = generators['ch04.asyncLost']!(seed);
      const p = k.params;
      const burstAt = num(p, 'burstAt');
      const gap = num(p, 'gap');
      const crashAt = num(p, 'crashAt');
      const rt = 2 * num(p, 'clientDelay');
      // The batch would have left after the crash.
      expect(burstAt + num(p, 'clientDelay') + num(p, 'batch')).toBeGreaterThan(crashAt);
      let expected = 0;
      for (let i = 0; i < num(p, 'burst'); i++) if (burstAt + i * gap + rt < crashAt) expected++;
      expect(k.answer, `seed ${seed}`).toBe(expected);
    }
  });

  test('ch04.asyncRpo: from the first purchase’s acknowledgement to the crash', () => {
    for (const seed of SEEDS) {
      const k = generators['ch04.asyncRpo']!(seed);
      const p = k.params;
      const theory = num(p, 'crashAt') - (num(p, 'burstAt') + 2 * num(p, 'clientDelay'));
      expect(Math.abs((k.answer as number) - theory), `seed ${seed}`).toBeLessThanOrEqual(1);
    }
  });

  test('ch04.syncLatency = 2 × slowest follower delay + client round trip; ch04.quorumLatency uses the second fastest', () => {
    for (const seed of SEEDS) {
      const s = generators['ch04.syncLatency']!(seed);
      const d = [num(s.params, 'b'), num(s.params, 'c'), num(s.params, 'd')].sort((a, b) => a - b);
      expect(s.answer, `seed ${seed}`).toBe(2 * (d[2] ?? 0) + 2 * num(s.params, 'clientDelay'));
      const q = generators['ch04.quorumLatency']!(seed);
      const e = [num(q.params, 'b'), num(q.params, 'c'), num(q.params, 'd')].sort((a, b) => a - b);
      expect(q.answer, `seed ${seed}`).toBe(2 * (e[1] ?? 0) + 2 * num(q.params, 'clientDelay'));
    }
  });

  test('ch04.blockedWait ≈ time until the follower returns, plus a few round trips of catching up', () => {
    for (const seed of SEEDS) {
      const k = generators['ch04.blockedWait']!(seed);
      const wait = num(k.params, 'upAt') - num(k.params, 'writeAt');
      expect(k.answer as number, `seed ${seed}`).toBeGreaterThanOrEqual(wait);
      expect(k.answer as number, `seed ${seed}`).toBeLessThanOrEqual(wait + 20);
    }
  });
});
