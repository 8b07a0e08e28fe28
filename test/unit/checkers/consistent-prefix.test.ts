import { describe, it } from 'vitest';
import { consistentPrefix, CONSISTENT_PREFIX } from '../../../src/engine/checkers/consistent-prefix.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

/** Mr Poons asks, Mrs Cake reads the question and answers: the answer depends on the question. */
function conversation(seed: number) {
  return trace(seed)
    .write('op-1', 'poons', 'question', 'how-far', { lsn: 1 })
    .read('op-2', 'cake', 'question', 'how-far')
    .write('op-3', 'cake', 'answer', 'ten-seconds', { lsn: 2 });
}

describe('consistentPrefix', () => {
  it('accepts an empty trace', () => {
    expectValid(consistentPrefix(trace(1).build()));
  });

  it('accepts an observer who sees the question before the answer', () => {
    const t = conversation(5)
      .read('op-4', 'observer', 'question', 'how-far', { node: 'f1' })
      .read('op-5', 'observer', 'answer', 'ten-seconds', { node: 'f1' })
      .read('op-6', 'observer', 'question', 'how-far', { node: 'f2' })
      .build();
    expectValid(consistentPrefix(t));
  });

  it('accepts an observer who has not seen the answer yet and misses the question', () => {
    const t = conversation(5)
      .read('op-4', 'observer', 'answer', null, { node: 'f2' })
      .read('op-5', 'observer', 'question', null, { node: 'f2' })
      .build();
    expectValid(consistentPrefix(t));
  });

  it('accepts missing an unrelated write from another session', () => {
    // op-2 was written by someone who had never seen op-1: no dependency.
    const t = trace(5)
      .write('op-1', 'a', 'x', 1)
      .write('op-2', 'b', 'y', 2)
      .read('op-3', 'o', 'y', 2, { node: 'f1' })
      .read('op-4', 'o', 'x', null, { node: 'f1' })
      .build();
    expectValid(consistentPrefix(t));
  });

  it('flags an observer who sees the answer and then finds no question', () => {
    const b = conversation(5)
      .read('op-4', 'observer', 'answer', 'ten-seconds', { node: 'f2' })
      .mark('saw')
      .read('op-5', 'observer', 'question', null, { node: 'f1' })
      .mark('missing');
    expectViolations(consistentPrefix(b.build()), [
      {
        property: CONSISTENT_PREFIX,
        step: b.step('missing'),
        seed: 5,
        op: 'op-5',
        says: [
          `Session observer read answer=ten-seconds (op-4) at step ${b.step('saw')}`,
          'written by op-3',
          'write op-1 (question=how-far)',
          'returned question=nothing',
          'effect without its cause',
        ],
      },
    ]);
  });

  it('flags missing an earlier write of the same writer on another key', () => {
    const b = trace(6)
      .write('op-1', 'w', 'x', 'x1')
      .write('op-2', 'w', 'y', 'y1')
      .read('op-3', 'o', 'y', 'y1', { node: 'f1' })
      .read('op-4', 'o', 'x', null, { node: 'f2' })
      .mark('bad');
    expectViolations(consistentPrefix(b.build()), [
      { property: CONSISTENT_PREFIX, step: b.step('bad'), seed: 6, op: 'op-4' },
    ]);
  });

  it('follows dependencies transitively', () => {
    // a=1 → (read by w2) b=2 → (read by w3) c=3; seeing c=3 requires a=1.
    const b = trace(7)
      .write('op-1', 'w1', 'a', 1)
      .read('op-2', 'w2', 'a', 1)
      .write('op-3', 'w2', 'b', 2)
      .read('op-4', 'w3', 'b', 2)
      .write('op-5', 'w3', 'c', 3)
      .read('op-6', 'o', 'c', 3, { node: 'f1' })
      .read('op-7', 'o', 'a', null, { node: 'f2' })
      .mark('bad');
    expectViolations(consistentPrefix(b.build()), [
      { property: CONSISTENT_PREFIX, step: b.step('bad'), seed: 7, says: ['op-1'] },
    ]);
  });

  it('does not count an indeterminate earlier write as a dependency', () => {
    const t = trace(8)
      .invokeWrite('op-1', 'w', 'x', 'x1')
      .info('op-1')
      .write('op-2', 'w', 'y', 'y1')
      .read('op-3', 'o', 'y', 'y1')
      .read('op-4', 'o', 'x', null)
      .build();
    expectValid(consistentPrefix(t));
  });
});
