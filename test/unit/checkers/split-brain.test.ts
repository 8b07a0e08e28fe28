import { describe, it } from 'vitest';
import { splitBrain, SPLIT_BRAIN } from '../../../src/engine/checkers/split-brain.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('splitBrain', () => {
  it('accepts an empty trace', () => {
    expectValid(splitBrain(trace(1).build()));
  });

  it('accepts a clean failover: each epoch has one writing leader', () => {
    const t = trace(2)
      .elect('n1', 1)
      .write('op-1', 's', 'k', 1, { node: 'n1', epoch: 1, lsn: 1 })
      .crash('n1')
      .elect('n2', 2, { n2: 1, n3: 1 })
      .write('op-2', 's', 'k', 2, { node: 'n2', epoch: 2, lsn: 2 })
      .build();
    expectValid(splitBrain(t));
  });

  it('accepts a fenced old leader that still believes it leads an older epoch', () => {
    const t = trace(3)
      .elect('n1', 1)
      .append('n1', 1, 'k', { epoch: 1 })
      .partition(['n1'], ['n2', 'n3'])
      .elect('n2', 2, { n2: 1, n3: 1 })
      .append('n1', 2, 'k', { epoch: 1 }) // n1 still takes a write into its log in epoch 1 ...
      .event({ type: 'fence', node: 'n3', epoch: 2, staleEpoch: 1 }) // ... but cannot replicate it
      .append('n2', 2, 'k', { epoch: 2 })
      .write('op-1', 's', 'k', 2, { node: 'n2', epoch: 2, lsn: 2 })
      .append('n2', 2, 'k', { epoch: 2 }) // followers append the leader's entries: not acceptance
      .build();
    expectValid(splitBrain(t));
  });

  it('flags two nodes acknowledging writes in the same epoch', () => {
    const b = trace(11)
      .elect('n1', 3)
      .write('op-20', 'a', 'k', 1, { node: 'n1', epoch: 3 })
      .mark('first')
      .write('op-22', 'b', 'k', 2, { node: 'n2', epoch: 3 })
      .mark('second');
    expectViolations(splitBrain(b.build()), [
      {
        property: SPLIT_BRAIN,
        step: b.step('second'),
        seed: 11,
        op: 'op-22',
        says: [
          'In epoch 3 n1 and n2',
          `n1 acknowledged write op-20 at step ${b.step('first')}`,
          'n2 acknowledged write op-22',
        ],
      },
    ]);
  });

  it('flags two self-declared leaders of one epoch appending client writes (no epoch on acks)', () => {
    const b = trace(12)
      .role('n1', 'leader', 4)
      .role('n2', 'leader', 4)
      .append('n1', 7, 'k', { epoch: 4 })
      .append('n2', 7, 'k', { epoch: 4 })
      .mark('second')
      .write('op-1', 's', 'k', 1, { node: 'n2' });
    expectViolations(splitBrain(b.build()), [
      { property: SPLIT_BRAIN, step: b.step('second'), seed: 12, says: ['appended LSN 7'] },
    ]);
  });

  it('flags a deposed leader taking writes in its old epoch while the new leader takes them in the new one', () => {
    const b = trace(13)
      .elect('n1', 1)
      .append('n1', 1, 'k', { epoch: 1 })
      .partition(['n1'], ['n2', 'n3'])
      .elect('n2', 2, { n2: 1, n3: 1 })
      .append('n2', 2, 'k', { epoch: 2 })
      .mark('second')
      .append('n1', 2, 'k', { epoch: 1 }) // no fencing: n1 still takes writes
      .append('n2', 3, 'k', { epoch: 2 });
    expectViolations(splitBrain(b.build()), [
      {
        property: SPLIT_BRAIN,
        step: b.step('second'),
        seed: 13,
        says: ['n1 and n2 accepted writes at the same time', 'epoch 1', 'epoch 2'],
      },
    ]);
  });

  it('accepts an old leader whose last write came before its successor took any', () => {
    const t = trace(14)
      .elect('n1', 1)
      .append('n1', 1, 'k', { epoch: 1 })
      .append('n1', 2, 'k', { epoch: 1 })
      .partition(['n1'], ['n2', 'n3'])
      .elect('n2', 2, { n2: 2, n3: 2 })
      .wait(100) // n2 waits out n1's lease; n1 refuses writes meanwhile
      .append('n2', 3, 'k', { epoch: 2 })
      .role('n1', 'follower', 2)
      .build();
    expectValid(splitBrain(t));
  });

  it('a node that stepped down and was elected again starts a new span', () => {
    const t = trace(15)
      .elect('n1', 1)
      .append('n1', 1, 'k', { epoch: 1 })
      .role('n1', 'follower', 2)
      .elect('n2', 2, { n1: 1, n2: 1 })
      .append('n2', 2, 'k', { epoch: 2 })
      .role('n2', 'follower', 3)
      .elect('n1', 3, { n1: 2, n2: 2 })
      .append('n1', 3, 'k', { epoch: 3 })
      .build();
    expectValid(splitBrain(t));
  });
});
