/**
 * Chapter 9's engine-derived quiz keys agree with the reasoning the lesson
 * teaches: a commit waits for the nearest live follower (semi-sync) or the
 * farthest (sync); a quorum write waits for the (w − 1)-th nearest other
 * replica; a DELETE reaches each follower after its delay; two sales less
 * than one delay apart are concurrent; a sync follower that is down blocks writes.
 */
import { describe, expect, test } from 'vitest';
import { generators } from '../../src/chapters/generators.ts';
import { variantSeeds } from '../../src/assessment/quiz/variants.ts';

const SEEDS = [...variantSeeds('09-choosing-a-shape'), ...Array.from({ length: 24 }, (_, i) => i * 104729 + 7)];
const gen = (name: string) => {
  const g = generators[name];
  if (!g) throw new Error(`${name} is not registered`);
  return g;
};

describe('generator keys match the taught reasoning (chapter 9)', () => {
  test('ch09.semiSyncCommit: 2 × the nearest live delay (semi-sync) or 2 × the farthest (sync)', () => {
    for (const seed of SEEDS) {
      const k = gen('ch09.semiSyncCommit')(seed);
      const p = k.params as Record<string, string | number>;
      const delays: Record<string, number> = { f1: p['d1'] as number, f2: p['d2'] as number, f3: p['d3'] as number };
      const alive = String(p['alive'])
        .split(', ')
        .map((f) => delays[f] ?? 0);
      const theory = p['mode'] === 'sync' ? 2 * Math.max(...alive) : 2 * Math.min(...alive);
      expect(k.answer, `seed ${seed}`).toBeCloseTo(theory, 0);
    }
  });

  test('ch09.quorumWriteLatency: the round trip to the (w − 1)-th nearest other replica', () => {
    for (const seed of SEEDS) {
      const k = gen('ch09.quorumWriteLatency')(seed);
      const p = k.params as Record<string, number>;
      const others = [p['d2'], p['d3'], p['d4'], p['d5']].map(Number).sort((a, b) => a - b);
      const w = p['w'] ?? 1;
      const theory = w === 1 ? 0 : 2 * (others[w - 2] ?? 0);
      expect(k.answer, `seed ${seed}`).toBeCloseTo(theory, 0);
    }
  });

  test('ch09.badDelete: exactly the followers farther away than the elapsed time still hold the row', () => {
    for (const seed of SEEDS) {
      const k = gen('ch09.badDelete')(seed);
      const p = k.params as Record<string, number>;
      const still = (['f1', 'f2', 'f3'] as const).filter((f, i) => [p['d1'], p['d2'], p['d3']][i]! > p['at']!);
      expect(k.answer, `seed ${seed}`).toEqual(still.length === 0 ? ['none'] : still);
    }
  });

  test('ch09.concurrentSale: siblings when the sales are less than one delay apart, else the later sale', () => {
    for (const seed of SEEDS) {
      const k = gen('ch09.concurrentSale')(seed);
      const p = k.params as Record<string, number>;
      const gap = Math.abs(p['euAt']! - p['usAt']!);
      const theory = gap < p['delay']! ? 'siblings' : p['euAt']! > p['usAt']! ? 'eu' : 'us';
      expect(k.answer, `seed ${seed}`).toBe(theory);
    }
  });

  test('ch09.syncBlocks: async at once, semi-sync after the live follower, sync never', () => {
    for (const seed of SEEDS) {
      const k = gen('ch09.syncBlocks')(seed);
      const mode = k.params['mode'];
      expect(k.answer, `seed ${seed}`).toBe(mode === 'async' ? 'at-once' : mode === 'semi-sync' ? 'after-follower' : 'never');
    }
  });

  test('each generator runs in well under 50 ms', () => {
    for (const name of Object.keys(generators).filter((n) => n.startsWith('ch09.'))) {
      const g = gen(name);
      g(1);
      const t0 = performance.now();
      for (let i = 0; i < 5; i++) g(i + 100);
      expect((performance.now() - t0) / 5, name).toBeLessThan(50);
    }
  });
});
