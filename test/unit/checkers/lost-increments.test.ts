import { describe, expect, it } from 'vitest';
import {
  DOUBLE_COUNTED_INCREMENTS,
  LOST_INCREMENTS,
  lostIncrements,
} from '../../../src/engine/checkers/lost-increments.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('lostIncrements', () => {
  it('accepts an empty trace', () => {
    expectValid(lostIncrements(trace(1).build()));
  });

  it('accepts a final read equal to the acknowledged increments', () => {
    const t = trace(2)
      .increment('op-1', 'a', 'likes')
      .increment('op-2', 'b', 'likes', 2)
      .read('op-3', 'final', 'likes', 3)
      .build();
    expectValid(lostIncrements(t));
  });

  it('accepts indeterminate increments either way, and failed ones never count', () => {
    const run = (finalValue: number) =>
      trace(3)
        .increment('op-1', 'a', 'likes')
        .invoke('op-2', { kind: 'increment', session: 'b', key: 'likes', value: 1 })
        .info('op-2')
        .invoke('op-3', { kind: 'increment', session: 'b', key: 'likes', value: 1 })
        .fail('op-3')
        .read('op-4', 'final', 'likes', finalValue)
        .build();
    expectValid(lostIncrements(run(1)));
    expectValid(lostIncrements(run(2)));
    expect(lostIncrements(run(3)).violations[0]?.property).toBe(DOUBLE_COUNTED_INCREMENTS);
  });

  it('judges every live node when there is no final read', () => {
    const t = trace(4)
      .increment('op-1', 'a', 'c', 1, { node: 'n1' })
      .increment('op-2', 'b', 'c', 1, { node: 'n2' })
      .apply('n1', 1, 'c', 2)
      .apply('n2', 1, 'c', 2)
      .apply('n3', 1, 'c', 1)
      .crash('n3')
      .build();
    expectValid(lostIncrements(t));
  });

  it('flags a final value below the acknowledged increments', () => {
    const b = trace(12)
      .increment('op-1', 'a', 'likes')
      .increment('op-2', 'b', 'likes')
      .invoke('op-3', { kind: 'increment', session: 'c', key: 'likes', value: 1 })
      .info('op-3')
      .read('op-31', 'final', 'likes', 1)
      .mark('final');
    expectViolations(lostIncrements(b.build()), [
      {
        property: LOST_INCREMENTS,
        step: b.step('final'),
        seed: 12,
        op: 'op-31',
        says: ['returned likes=1', '2 increments of likes (total 2) were acknowledged', 'between 2 and 3'],
      },
    ]);
  });

  it('flags a replica that counted an increment twice (a merge that is not idempotent)', () => {
    const b = trace(13)
      .increment('op-1', 'a', 'c', 1, { node: 'n1' })
      .apply('n1', 1, 'c', 1)
      .apply('n2', 1, 'c', 1)
      .apply('n2', 2, 'c', 2)
      .mark('double');
    const r = lostIncrements(b.build());
    expectViolations(r, [
      {
        property: DOUBLE_COUNTED_INCREMENTS,
        step: b.step('double'),
        seed: 13,
        says: ['Node n2 ends with c=2', '1 increment of c (total 1) was acknowledged', 'exactly 1'],
      },
    ]);
    expect(lostIncrements(b.build(), { nodes: ['n1'] }).valid).toBe(true);
  });

  it('uses the initial value', () => {
    const t = trace(14).increment('op-1', 'a', 'c').read('op-2', 'f', 'c', 11).build();
    expectValid(lostIncrements(t, { initial: 10 }));
    expect(lostIncrements(t).valid).toBe(false);
  });
});
