/**
 * Chapter 7's engine-backed quiz keys match the reasoning the lesson teaches:
 * last-write-wins keeps the larger clock reading (gap + skew decides), a
 * last-write-wins counter keeps one leader's number whole, version vectors
 * keep every write no later write saw, a PN-counter counts each increment
 * once, and an add-wins set keeps a concurrent add.
 */
import { describe, expect, test } from 'vitest';
import { generators } from '../../src/chapters/generators.ts';

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const gen = (name: string) => {
  const g = generators[name];
  if (!g) throw new Error(`${name} is not registered`);
  return g;
};

describe('ch07 generator keys match the taught reasoning', () => {
  test('ch07.skewedWinner: LWW keeps Sam’s sale exactly when gap + skew > 0; version vectors keep both', () => {
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const k = gen('ch07.skewedWinner')(seed);
      const gap = k.params['gap'] as number;
      const skew = k.params['skew'] as number;
      const lww = String(k.params['policy']).startsWith('last-write-wins');
      expect(k.answer, `seed ${seed}`).toBe(lww ? (gap + skew > 0 ? 'sam' : 'mika') : 'both');
      seen.add(k.answer as string);
    }
    expect([...seen].sort()).toEqual(['both', 'mika', 'sam']);
  });

  test('ch07.lwwLostIncrements: the leader whose clock runs ahead wins, and all the other’s increments are lost', () => {
    for (const seed of SEEDS) {
      const k = gen('ch07.lwwLostIncrements')(seed);
      const a = k.params['a'] as number;
      const b = k.params['b'] as number;
      const skew = k.params['skew'] as number;
      // With equal clocks the later last write wins: eu's last at 10 + 20(a − 1), us's at 15 + 20(b − 1).
      const usWins = skew > 0 || (skew === 0 && 15 + 20 * (b - 1) > 10 + 20 * (a - 1));
      expect(k.answer, `seed ${seed}`).toBe(usWins ? a : b);
    }
  });

  test('ch07.siblingCount: every write that no later write saw is a sibling', () => {
    for (const seed of SEEDS) {
      const k = gen('ch07.siblingCount')(seed);
      const story = String(k.params['story']);
      const expected = story.startsWith('all three are cut off') ? 3 : story.startsWith('the network is whole') ? 1 : 2;
      expect(k.answer, `seed ${seed}: ${story}`).toBe(expected);
    }
  });

  test('ch07.counterAfterSync: each increment counted once (both + g + e), not the replicas’ totals added', () => {
    for (const seed of SEEDS) {
      const k = gen('ch07.counterAfterSync')(seed);
      const { both, g, e } = k.params as { both: number; g: number; e: number };
      expect(k.answer, `seed ${seed}`).toBe(both + g + e);
      expect(k.answer).not.toBe(both + g + (both + e));
    }
  });

  test('ch07.addWinsCart: a concurrent add survives a remove; an unopposed remove wins', () => {
    for (const seed of SEEDS) {
      const k = gen('ch07.addWinsCart')(seed);
      const story = String(k.params['story']);
      const cart = new Set(['s12a', 's12b']);
      if (story.startsWith('eu removes 12B')) cart.delete('s12b');
      if (story.includes('us adds 12B')) cart.add('s12b');
      if (story.includes('us adds 14C')) cart.add('s14c');
      if (story.includes('us removes 12A')) cart.delete('s12a');
      const expected = ['s12a', 's12b', 's14c'].filter((s) => cart.has(s));
      expect(k.answer, `seed ${seed}: ${story}`).toEqual(expected.length > 0 ? expected : ['none']);
    }
  });

  test('every ch07 generator runs in under 50 ms', () => {
    for (const name of Object.keys(generators).filter((n) => n.startsWith('ch07.'))) {
      gen(name)(1);
      const t0 = performance.now();
      gen(name)(2);
      expect(performance.now() - t0, name).toBeLessThan(50);
    }
  });
});
