import { describe, it } from 'vitest';
import { twoLeaders, TWO_LEADERS_AT_ONCE } from '../../../src/engine/checkers/two-leaders.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('twoLeaders', () => {
  it('accepts an empty trace', () => {
    expectValid(twoLeaders(trace(1).build()));
  });

  it('accepts a leader that steps down before the next is elected', () => {
    const t = trace(2).elect('n1', 1).role('n1', 'follower', 1).elect('n2', 2).build();
    expectValid(twoLeaders(t));
  });

  it('accepts a crashed old leader', () => {
    const t = trace(2).elect('n1', 1).crash('n1').elect('n2', 2).restart('n1', 3).role('n1', 'follower', 2).build();
    expectValid(twoLeaders(t));
  });

  it('accepts a brief overlap within the tolerance', () => {
    const t = trace(2).at(0).elect('n1', 1).at(100).elect('n2', 2).at(130).role('n1', 'follower', 2).build();
    expectValid(twoLeaders(t, { toleranceMs: 50 }));
  });

  it('flags an overlap of two leaders, even in different epochs', () => {
    const b = trace(2)
      .at(0)
      .elect('n1', 1)
      .at(300)
      .elect('n2', 2)
      .mark('start')
      .at(420)
      .role('n1', 'follower', 2)
      .mark('end');
    expectViolations(twoLeaders(b.build()), [
      {
        property: TWO_LEADERS_AT_ONCE,
        step: b.step('start'),
        seed: 2,
        says: [
          `From step ${b.step('start')} (t=300 ms) to step ${b.step('end')} (t=420 ms)`,
          'n1 (epoch 1) and n2 (epoch 2)',
          '120 ms',
        ],
      },
    ]);
  });

  it('flags an overlap that lasts until the end of the run, and one longer than the tolerance', () => {
    const b = trace(3)
      .at(0)
      .elect('n1', 1)
      .at(10)
      .elect('n2', 2)
      .mark('first')
      .at(200)
      .crash('n2')
      .at(300)
      .elect('n3', 3)
      .mark('second')
      .at(400)
      .note('end');
    expectViolations(twoLeaders(b.build(), { toleranceMs: 50 }), [
      { property: TWO_LEADERS_AT_ONCE, step: b.step('first'), seed: 3 },
      { property: TWO_LEADERS_AT_ONCE, step: b.step('second'), seed: 3, says: ['until the end of the run'] },
    ]);
  });
});
