/**
 * Chapter 5's quiz keys against the reasoning the lesson teaches: lag in LSNs
 * is the writes made during the follower's delay, a follower shows a write
 * once its delay has passed, a follower holds what the leader had its delay
 * ago, a revoked badge keeps scanning until the follower replays the
 * revocation, and LSN routing takes the first follower that has applied the
 * session's write, else the leader.
 */
import { describe, expect, test } from 'vitest';
import { generators } from '../../src/chapters/generators.ts';

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const num = (v: unknown) => v as number;

describe('chapter 5 generator keys match the taught reasoning', () => {
  test('ch05.lagInLsns = delay ÷ write interval', () => {
    for (const seed of SEEDS) {
      const k = generators['ch05.lagInLsns']!(seed);
      expect(k.answer, `seed ${seed}`).toBe(num(k.params['delay']) / num(k.params['every']));
    }
  });

  test('ch05.whoShowsWrite: the leader, and each follower whose delay is below the read time', () => {
    for (const seed of SEEDS) {
      const k = generators['ch05.whoShowsWrite']!(seed);
      const at = num(k.params['at']);
      const expected = ['leader', ...(num(k.params['d1']) < at ? ['f1'] : []), ...(num(k.params['d2']) < at ? ['f2'] : [])];
      expect(k.answer, `seed ${seed}`).toEqual(expected);
    }
  });

  test('ch05.secondRead = the count the leader had d2 ms earlier: floor((t2 − d2) ÷ 10), below the first read', () => {
    for (const seed of SEEDS) {
      const k = generators['ch05.secondRead']!(seed);
      const expected = Math.floor((num(k.params['t2']) - num(k.params['d2'])) / 10);
      expect(k.answer, `seed ${seed}`).toBe(expected);
      expect(num(k.answer)).toBeLessThan(num(k.params['first']));
    }
  });

  test('ch05.badgeStillScans = scans that start before the revocation reaches f2: ceil((delay − 1) ÷ every)', () => {
    for (const seed of SEEDS) {
      const k = generators['ch05.badgeStillScans']!(seed);
      expect(k.answer, `seed ${seed}`).toBe(Math.ceil((num(k.params['delay']) - 1) / num(k.params['every'])));
    }
  });

  test('ch05.lsnRouteTarget: f1 if it has the write, else f2 if it has, else the leader', () => {
    for (const seed of SEEDS) {
      const k = generators['ch05.lsnRouteTarget']!(seed);
      const w = num(k.params['writeLsn']);
      const expected = num(k.params['f1Lsn']) >= w ? 'f1' : num(k.params['f2Lsn']) >= w ? 'f2' : 'leader';
      expect(k.answer, `seed ${seed}`).toBe(expected);
    }
  });
});
