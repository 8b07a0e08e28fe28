import { describe, expect, it } from 'vitest';
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

describe('mostUpToDate: epochs and every answer heard', () => {
  it('flags a winner whose log is longer but ends in an older epoch', () => {
    const t = trace(31)
      .event({
        type: 'elect',
        node: 'n1',
        epoch: 3,
        candidates: [
          { node: 'n1', lsn: 9, lastEpoch: 1 },
          { node: 'n2', lsn: 7, lastEpoch: 2 },
        ],
      })
      .build();
    const r = mostUpToDate(t);
    expect(r.valid).toBe(false);
    expect(r.violations[0]?.message).toContain('n2 had LSN 7 (last epoch 2)');
  });

  it('flags a winner behind a peer whose refusal was heard before the decision', () => {
    const t = trace(32)
      .event({ type: 'vote', node: 'n1', from: 'n2', epoch: 2, granted: true, lsn: 3, lastEpoch: 1 })
      .event({ type: 'vote', node: 'n1', from: 'n3', epoch: 2, granted: false, lsn: 5, lastEpoch: 1 })
      .event({
        type: 'elect',
        node: 'n1',
        epoch: 2,
        candidates: [
          { node: 'n1', lsn: 3, lastEpoch: 1 },
          { node: 'n2', lsn: 3, lastEpoch: 1 },
        ],
      })
      .build();
    expect(mostUpToDate(t).violations[0]?.message).toContain('n3 had LSN 5');
  });

  it('accepts a winner at least as up to date as every answer heard', () => {
    const t = trace(33)
      .event({ type: 'vote', node: 'n1', from: 'n2', epoch: 2, granted: true, lsn: 5, lastEpoch: 1 })
      .event({
        type: 'elect',
        node: 'n1',
        epoch: 2,
        candidates: [
          { node: 'n1', lsn: 5, lastEpoch: 1 },
          { node: 'n2', lsn: 5, lastEpoch: 1 },
        ],
      })
      .build();
    expect(mostUpToDate(t).valid).toBe(true);
  });
});
