/**
 * Chapter 7's cart merge grader: the hook sees only two carts; the laws are
 * checked on the run's own versions; a merge that breaks only with removes
 * passes when nobody removes; last-write-wins keeps every law and still
 * loses adds; the runs vary the offline window and the number of changes.
 */
import { describe, expect, it } from 'vitest';
import { judgeCarts, judgeLaws, mergeGrader, mergeScenario, quantities } from '../../../src/chapters/ch07/grader.ts';
import type { MergeHook, Value } from '../../../src/engine/index.ts';
import { evaluateModule, loadExercises } from './support.ts';

const exercise = loadExercises().exercises.find((e) => e.loaded.exercise.grader === mergeGrader.name)?.loaded;
const code = (file: string) => exercise?.wrongCode.find((w) => w.file === file)?.code ?? '';
const mergeOf = (src: string) => evaluateModule(src)['merge'] as MergeHook;

function judge(merge: MergeHook, seed: number, removes = true) {
  const { sim, until, calls, done } = mergeScenario(seed, merge, 1, { removes });
  sim.runUntil(until);
  const trace = sim.trace();
  return [...judgeCarts(trace, sim, done), ...judgeLaws(trace, merge, calls, seed)].map((v) => v.property);
}

describe('ch07 cart merge', () => {
  it('hands merge two carts and nothing else, and calls it on concurrent versions only', () => {
    const seen: unknown[][] = [];
    const reference = mergeOf(exercise?.referenceCode ?? '');
    const { sim, until } = mergeScenario(mergeGrader.suites.checks[0] ?? 1, ((...args: Value[]) => {
      seen.push(args);
      return reference(args[0] as Value, args[1] as Value);
    }) as MergeHook);
    sim.runUntil(until);
    expect(seen.length).toBeGreaterThan(0);
    for (const args of seen) {
      expect(args).toHaveLength(2);
      for (const a of args) expect(Object.keys(a as object).sort()).toEqual(['added', 'removed']);
    }
  });

  it('the reference converges with every acknowledged change counted once', () => {
    const reference = mergeOf(exercise?.referenceCode ?? '');
    for (const seed of mergeGrader.suites.checks) expect(judge(reference, seed), `seed ${seed}`).toEqual([]);
  });

  it('summing removes breaks only when someone removes a seat', () => {
    const summed = mergeOf(code('wrong-removes-summed.ts'));
    for (const seed of mergeGrader.suites.checks) {
      expect(judge(summed, seed, false), `seed ${seed} without removes`).toEqual([]);
      expect(judge(summed, seed, true), `seed ${seed} with removes`).toContain('idempotent');
    }
  });

  it('last-write-wins keeps every law and converges, yet loses acknowledged adds', () => {
    const lww = mergeOf(code('wrong-bigger-cart-wins.ts'));
    const failed = new Set(mergeGrader.suites.checks.flatMap((seed) => judge(lww, seed)));
    expect([...failed]).toEqual(['no-lost-change']);
  });

  it('draws runs over a wide range: offline windows, Atlantic partitions, 20 to 45 changes', () => {
    const sizes = new Set<number>();
    const notes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { sim, until, done } = mergeScenario(seed);
      sim.runUntil(until);
      sizes.add(done.length);
      for (const e of sim.trace().events) if (e.type === 'note') notes.add(e.text);
    }
    expect(Math.min(...sizes)).toBeLessThanOrEqual(24);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(40);
    expect([...notes].some((n) => n.includes('Atlantic'))).toBe(true);
  });

  it('quantities are adds minus removes over every leader', () => {
    expect(quantities({ added: { eu: { '12A': 2 }, gate: { '12A': 1 } }, removed: { eu: { '12A': 1 } } })).toEqual({
      '12A': 2,
    });
  });
});
