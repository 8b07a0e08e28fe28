import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_STEPS,
  linearizable,
  LINEARIZABLE,
} from '../../../src/engine/checkers/linearizable.ts';
import { stepsWithin } from '../../../src/engine/checkers/support/register-search.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('linearizable', () => {
  it('accepts an empty trace', () => {
    expectValid(linearizable(trace(1).build()));
  });

  it('accepts a sequential register history', () => {
    const t = trace(2)
      .read('op-1', 'a', 'x', null)
      .write('op-2', 'a', 'x', 1)
      .read('op-3', 'b', 'x', 1)
      .write('op-4', 'b', 'x', 2)
      .read('op-5', 'a', 'x', 2)
      .build();
    expectValid(linearizable(t));
  });

  it('accepts a read concurrent with a write returning either value', () => {
    for (const seen of [0, 1]) {
      const t = trace(3)
        .write('op-1', 'a', 'x', 0)
        .invokeWrite('op-2', 'a', 'x', 1)
        .invokeRead('op-3', 'b', 'x')
        .ack('op-3', { value: seen })
        .ack('op-2')
        .build();
      expectValid(linearizable(t));
    }
  });

  it('accepts an indeterminate write taking effect late, or never', () => {
    const base = () =>
      trace(4).write('op-1', 'a', 'x', 0).invokeWrite('op-2', 'a', 'x', 1).info('op-2').read('op-3', 'b', 'x', 0);
    expectValid(linearizable(base().read('op-4', 'b', 'x', 1).build()));
    expectValid(linearizable(base().read('op-4', 'b', 'x', 0).build()));
  });

  it('ignores failed writes and indeterminate reads', () => {
    const t = trace(5)
      .write('op-1', 'a', 'x', 0)
      .invokeWrite('op-2', 'a', 'x', 1)
      .fail('op-2')
      .invokeRead('op-3', 'b', 'x')
      .info('op-3')
      .read('op-4', 'b', 'x', 0)
      .build();
    expectValid(linearizable(t));
  });

  it('checks keys independently', () => {
    const t = trace(6)
      .write('op-1', 'a', 'x', 1)
      .write('op-2', 'a', 'y', 2)
      .read('op-3', 'b', 'x', 1)
      .read('op-4', 'b', 'y', 2)
      .build();
    expectValid(linearizable(t));
  });

  it('flags a read of the old value after the write was acknowledged', () => {
    const b = trace(7).write('op-1', 'a', 'x', 1).write('op-2', 'a', 'x', 2).read('op-3', 'b', 'x', 1).mark('stale');
    expectViolations(linearizable(b.build()), [
      {
        property: LINEARIZABLE,
        step: b.step('stale'),
        seed: 7,
        op: 'op-3',
        says: ['Key x is not linearizable', 'read op-3 by session b', 'returned x=1', 'register holding x=2'],
      },
    ]);
  });

  it('flags the new-old inversion: two sequential reads during one slow write', () => {
    // op-1 is still in flight, yet op-2 saw its value and the later op-3 did not.
    const b = trace(8)
      .write('op-0', 'w', 'x', 0)
      .invokeWrite('op-1', 'w', 'x', 1)
      .read('op-2', 'r1', 'x', 1)
      .read('op-3', 'r2', 'x', 0)
      .mark('old')
      .ack('op-1');
    expectViolations(linearizable(b.build()), [{ property: LINEARIZABLE, step: b.step('old'), seed: 8, op: 'op-3' }]);
  });

  it('flags a value no write produced', () => {
    const b = trace(9).write('op-1', 'a', 'x', 1).read('op-2', 'b', 'x', 42).mark('bad');
    expectViolations(linearizable(b.build()), [
      { property: LINEARIZABLE, step: b.step('bad'), seed: 9, says: ['returned x=42', 'could produce'] },
    ]);
  });

  it("returns 'unknown' with a message when the budget runs out, instead of hanging", () => {
    // 20 overlapping writes, then reads of 0, 1, 0 — impossible, as each value was written
    // once; but proving that no order works means trying every subset and order of the writes.
    const b = trace(10);
    for (let i = 0; i < 20; i++) b.invokeWrite(`w-${i}`, `c${i}`, 'x', i);
    for (let i = 0; i < 20; i++) b.ack(`w-${i}`);
    b.read('r-1', 'd', 'x', 0).read('r-2', 'd', 'x', 1).read('r-3', 'd', 'x', 0);
    const small = linearizable(b.build(), { maxSteps: 50 });
    expect(small.valid).toBe('unknown');
    expect(small.violations).toEqual([]);
    expect(small.message).toContain('budget of 50 steps');
    expect(small.message).toContain('seed 10');
    const started = performance.now();
    expect(linearizable(b.build()).valid).toBe('unknown'); // the default budget, too, ends the search
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('keeps the default budget whole for histories of hundreds of operations, and the memory bounded beyond', () => {
    expect(stepsWithin(350, DEFAULT_MAX_BYTES)).toBeGreaterThanOrEqual(DEFAULT_MAX_STEPS);
    expect(stepsWithin(2_000, DEFAULT_MAX_BYTES)).toBeLessThan(DEFAULT_MAX_STEPS / 4);
    expect(stepsWithin(2_000, DEFAULT_MAX_BYTES)).toBeGreaterThan(DEFAULT_MAX_STEPS / 8);
  });

  it('decides a history that is only easy when reads are placed greedily', () => {
    // 30 overlapping writes and 30 overlapping reads, each read seeing a different write.
    const b = trace(10);
    for (let i = 0; i < 30; i++) b.invokeWrite(`w-${i}`, `c${i}`, 'x', i);
    for (let i = 0; i < 30; i++) b.invokeRead(`r-${i}`, `d${i}`, 'x');
    for (let i = 0; i < 30; i++) b.ack(`r-${i}`, { value: 29 - i });
    for (let i = 0; i < 30; i++) b.ack(`w-${i}`);
    expect(linearizable(b.build(), { maxSteps: 10_000 }).valid).toBe(true);
  });

  it('stays fast on a long history with many indeterminate writes', () => {
    const b = trace(11);
    for (let i = 0; i < 200; i++) {
      b.write(`w-${i}`, 'a', 'x', i);
      b.invokeWrite(`lost-${i}`, 'b', 'x', `maybe-${i}`).info(`lost-${i}`);
      b.read(`r-${i}`, 'c', 'x', i);
    }
    const r = linearizable(b.build(), { maxSteps: 1_000_000 });
    expect(r.valid).not.toBe(false);
  });
});
