import { describe, expect, it } from 'vitest';
import { appliedInOrder, APPLIED_IN_ORDER } from '../../../src/engine/checkers/applied-in-order.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('appliedInOrder', () => {
  it('accepts an empty trace', () => {
    expectValid(appliedInOrder(trace(1).build()));
  });

  it('accepts each node applying 1, 2, 3 in order, interleaved across nodes', () => {
    const t = trace(2)
      .apply('leader', 1, 'a', 1)
      .apply('f1', 1, 'a', 1)
      .apply('leader', 2, 'b', 2)
      .apply('leader', 3, 'a', 3)
      .apply('f1', 2, 'b', 2)
      .apply('f1', 3, 'a', 3)
      .build();
    expectValid(appliedInOrder(t));
  });

  it('accepts continuing after a snapshot and replaying after a restart', () => {
    const t = trace(3)
      .snapshot('f2', 'leader', 40)
      .apply('f2', 41, 'a', 1)
      .apply('f1', 1, 'a', 1)
      .apply('f1', 2, 'a', 2)
      .crash('f1')
      .restart('f1', 2)
      .apply('f1', 1, 'a', 1) // in-memory store: replay from the start
      .apply('f1', 2, 'a', 2)
      .apply('f1', 3, 'a', 3)
      .crash('f2')
      .restart('f2', 41)
      .apply('f2', 42, 'a', 4) // durable store: carry on
      .build();
    expectValid(appliedInOrder(t));
  });

  it('flags a gap once, then follows the node from where it jumped', () => {
    const b = trace(5)
      .apply('f1', 1, 'a', 1)
      .apply('f1', 2, 'a', 2)
      .apply('f1', 4, 'a', 4)
      .mark('gap')
      .apply('f1', 5, 'a', 5);
    expectViolations(appliedInOrder(b.build()), [
      {
        property: APPLIED_IN_ORDER,
        step: b.step('gap'),
        seed: 5,
        says: ['Node f1 applied LSN 4 right after LSN 2', 'skipped LSN 3'],
      },
    ]);
  });

  it('flags a duplicate apply and going backwards', () => {
    const b = trace(6)
      .apply('f1', 1, 'a', 1)
      .apply('f1', 2, 'a', 2)
      .apply('f1', 2, 'a', 2)
      .mark('dup')
      .apply('f1', 1, 'a', 1)
      .mark('back')
      .apply('f1', 3, 'a', 3);
    const r = appliedInOrder(b.build());
    expectViolations(r, [
      { property: APPLIED_IN_ORDER, step: b.step('dup'), seed: 6, says: ['applied LSN 2 a second time'] },
      { property: APPLIED_IN_ORDER, step: b.step('back'), seed: 6, says: ['went backwards'] },
    ]);
  });

  it('flags a fresh node that starts in the middle, and a gap after a snapshot', () => {
    const b = trace(7)
      .apply('f1', 3, 'a', 3)
      .mark('start')
      .snapshot('f2', 'leader', 10)
      .apply('f2', 12, 'a', 1)
      .mark('snap');
    const r = appliedInOrder(b.build());
    expectViolations(r, [
      { property: APPLIED_IN_ORDER, step: b.step('start'), seed: 7, says: ['first entry', 'LSNs 1..2'] },
      { property: APPLIED_IN_ORDER, step: b.step('snap'), seed: 7, says: ['the snapshot at LSN 10', 'skipped LSN 11'] },
    ]);
    expect(appliedInOrder(b.build(), { nodes: ['f2'] }).violations).toHaveLength(1);
  });
});
