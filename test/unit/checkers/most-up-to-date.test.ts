import { describe, it } from 'vitest';
import { mostUpToDate, MOST_UP_TO_DATE } from '../../../src/engine/checkers/most-up-to-date.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('mostUpToDate', () => {
  it('accepts an empty trace', () => {
    expectValid(mostUpToDate(trace(1).build()));
  });

  it('accepts promoting the candidate with the highest LSN', () => {
    expectValid(mostUpToDate(trace(2).elect('f1', 2, { f1: 9, f2: 7 }).build()));
  });

  it('accepts a tie and an election without listed candidates', () => {
    expectValid(mostUpToDate(trace(2).elect('f2', 2, { f1: 9, f2: 9 }).elect('f3', 3).build()));
  });

  it('flags promoting a replica that is behind', () => {
    const b = trace(6).elect('f1', 1, { f1: 1 }).elect('f2', 2, { f1: 9, f2: 7 }).mark('bad');
    expectViolations(mostUpToDate(b.build()), [
      {
        property: MOST_UP_TO_DATE,
        step: b.step('bad'),
        seed: 6,
        says: ['epoch 2', 'f2 was promoted with LSN 7', 'f1 had LSN 9', 'the 2 entries'],
      },
    ]);
  });

  it('flags a winner missing from its candidate list', () => {
    const b = trace(7).elect('f3', 4, { f1: 3, f2: 2 }).mark('bad');
    expectViolations(mostUpToDate(b.build()), [
      { property: MOST_UP_TO_DATE, step: b.step('bad'), seed: 7, says: ['not among the candidates', 'f1@3'] },
    ]);
  });
});
