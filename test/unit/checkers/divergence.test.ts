import { describe, expect, it } from 'vitest';
import { divergence, DIVERGENCE } from '../../../src/engine/checkers/divergence.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('divergence', () => {
  it('accepts an empty trace', () => {
    expectValid(divergence(trace(1).build()));
  });

  it('accepts replicas that converge, whatever order they applied in', () => {
    const t = trace(4)
      .apply('leader', 1, 'gold', 100)
      .apply('leader', 2, 'gold', 105)
      .apply('f1', 1, 'gold', 100)
      .apply('f2', 1, 'gold', 100)
      .apply('f2', 2, 'gold', 105)
      .apply('f1', 2, 'gold', 105)
      .build();
    expectValid(divergence(t));
  });

  it('ignores a node that crashed and never came back', () => {
    const t = trace(4).apply('leader', 1, 'k', 1).apply('f1', 1, 'k', 1).apply('f2', 1, 'k', 0).crash('f2').build();
    expectValid(divergence(t));
  });

  it('leaves out sloppy-quorum stand-ins, which hold hints and no data, but flags a home replica missing data', () => {
    const built = trace(8).apply('A', 1, 'k', 1).apply('B', 1, 'k', 1).build();
    const withStandIn = { ...built, nodes: ['A', 'B', 'D'], standbys: ['D'] };
    expectValid(divergence(withStandIn));
    const homeReplicaEmpty = { ...built, nodes: ['A', 'B', 'C', 'D'], standbys: ['D'] };
    expect(divergence(homeReplicaEmpty).valid).toBe(false);
  });

  it('treats a deleted key (null) like a key never written', () => {
    expectValid(
      divergence(
        trace(4)
          .apply('n1', 1, 'k', 1)
          .apply('n1', 2, 'k', null)
          .apply('n2', 1, 'other', 1)
          .apply('n1', 3, 'other', 1)
          .build(),
      ),
    );
  });

  it('uses the data a snapshot carried when the engine recorded it', () => {
    const t = trace(4)
      .apply('n1', 1, 'k', 'v')
      .event({ type: 'snapshot', node: 'n2', from: 'n1', lsn: 1, data: { k: 'v' } })
      .build();
    expectValid(divergence(t));
    const wrong = trace(4)
      .apply('n1', 1, 'k', 'v')
      .event({ type: 'snapshot', node: 'n2', from: 'n1', lsn: 1, data: { k: 'w' } })
      .build();
    expect(divergence(wrong).valid).toBe(false);
  });

  it('counts a repair and a snapshot as part of the final state', () => {
    const t = trace(4)
      .apply('n1', 1, 'k', 'new')
      .apply('n2', 1, 'k', 'old')
      .repair('n2', 'k', 'new')
      .snapshot('n3', 'n1', 1)
      .build();
    expectValid(divergence(t));
  });

  it('flags a key whose values differ after the run', () => {
    const b = trace(4)
      .apply('leader', 1, 'gold', 105)
      .apply('f1', 1, 'gold', 105)
      .apply('f2', 1, 'gold', 102)
      .mark('f2');
    expectViolations(divergence(b.build()), [
      {
        property: DIVERGENCE,
        step: b.step('f2'),
        seed: 4,
        says: ['disagree on gold', 'leader and f1 hold 105', `f2 holds 102 (last applied at step ${b.step('f2')})`],
      },
    ]);
  });

  it('flags a key one replica never received, and a restarted node still counts', () => {
    const b = trace(5)
      .apply('n1', 1, 'a', 1)
      .apply('n2', 1, 'a', 1)
      .crash('n2')
      .restart('n2', 1)
      .apply('n1', 2, 'b', 2)
      .mark('b');
    const r = divergence(b.build());
    expectViolations(r, [
      { property: DIVERGENCE, step: b.step('b'), seed: 5, says: ['disagree on b', 'n2 has nothing'] },
    ]);
  });

  it('can be restricted to some nodes', () => {
    const t = trace(6).apply('n1', 1, 'k', 1).apply('n2', 1, 'k', 1).apply('n3', 1, 'k', 9).build();
    expectValid(divergence(t, { nodes: ['n1', 'n2'] }));
    expect(divergence(t, { nodes: ['n1', 'n3'] }).valid).toBe(false);
  });
});
