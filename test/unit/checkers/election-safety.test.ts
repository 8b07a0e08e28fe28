import { describe, it } from 'vitest';
import { electionSafety, ELECTION_SAFETY } from '../../../src/engine/checkers/election-safety.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('electionSafety', () => {
  it('accepts an empty trace', () => {
    expectValid(electionSafety(trace(1).build()));
  });

  it('accepts one leader per epoch, announced by elect and role events', () => {
    const t = trace(2).elect('n1', 1).role('n1', 'leader', 1).elect('n2', 2).role('n3', 'leader', 3).build();
    expectValid(electionSafety(t));
  });

  it('accepts a node re-announcing its own leadership of an epoch', () => {
    const t = trace(2).elect('n1', 1).crash('n1').restart('n1', 0).role('n1', 'leader', 1).build();
    expectValid(electionSafety(t));
  });

  it('flags two nodes elected in the same epoch', () => {
    const b = trace(8).elect('n1', 2).mark('first').elect('n3', 2).mark('second');
    expectViolations(electionSafety(b.build()), [
      {
        property: ELECTION_SAFETY,
        step: b.step('second'),
        seed: 8,
        says: [
          `n3 became leader of epoch 2 at step ${b.step('second')}`,
          `n1 had already become leader of epoch 2 at step ${b.step('first')}`,
        ],
      },
    ]);
  });

  it('flags a role event claiming an epoch someone else won', () => {
    const b = trace(9).elect('n1', 5).role('n2', 'leader', 5).mark('claim');
    expectViolations(electionSafety(b.build()), [{ property: ELECTION_SAFETY, step: b.step('claim'), seed: 9 }]);
  });
});
