import { describe, it } from 'vitest';
import { monotonicReads, MONOTONIC_READS } from '../../../src/engine/checkers/monotonic-reads.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('monotonicReads', () => {
  it('accepts an empty trace', () => {
    expectValid(monotonicReads(trace(1).build()));
  });

  it('accepts reads that only move forward, even when stale', () => {
    const t = trace(3)
      .write('op-1', 'w', 'gold', 100, { lsn: 1 })
      .write('op-2', 'w', 'gold', 105, { lsn: 2 })
      .write('op-3', 'w', 'gold', 110, { lsn: 3 })
      .read('op-4', 's1', 'gold', null, { node: 'f2' })
      .read('op-5', 's1', 'gold', 100, { node: 'f2' })
      .read('op-6', 's1', 'gold', 100, { node: 'f1' })
      .read('op-7', 's1', 'gold', 110, { node: 'f1' })
      .build();
    expectValid(monotonicReads(t));
  });

  it('allows different sessions to see different points in time', () => {
    const t = trace(3)
      .write('op-1', 'w', 'gold', 100)
      .write('op-2', 'w', 'gold', 105)
      .read('op-3', 's1', 'gold', 105, { node: 'f1' })
      .read('op-4', 's2', 'gold', 100, { node: 'f2' })
      .build();
    expectValid(monotonicReads(t));
  });

  it('accepts flipping between two concurrent writes (neither is older)', () => {
    const t = trace(3)
      .invokeWrite('op-1', 'a', 'k', 'x', 'n1')
      .invokeWrite('op-2', 'b', 'k', 'y', 'n2')
      .ack('op-1')
      .ack('op-2')
      .read('op-3', 's', 'k', 'y', { node: 'n2' })
      .read('op-4', 's', 'k', 'x', { node: 'n1' })
      .build();
    expectValid(monotonicReads(t));
  });

  it('accepts overlapping reads of one session in either order', () => {
    const t = trace(3)
      .write('op-1', 'w', 'k', 1)
      .write('op-2', 'w', 'k', 2)
      .invokeRead('op-3', 's', 'k', 'f1')
      .invoke('op-4', { kind: 'read', session: 's', client: 's-2', key: 'k', node: 'f2' })
      .ack('op-3', { value: 2 })
      .ack('op-4', { value: 1 })
      .build();
    expectValid(monotonicReads(t));
  });

  it('flags a session that goes back in time between replicas', () => {
    const b = trace(3)
      .write('op-1', 'w', 'gold', 100, { lsn: 1 })
      .write('op-2', 'w', 'gold', 105, { lsn: 2 })
      .read('op-5', 's1', 'gold', 105, { node: 'f1' })
      .mark('new')
      .read('op-8', 's1', 'gold', 100, { node: 'f2' })
      .mark('old');
    expectViolations(monotonicReads(b.build()), [
      {
        property: MONOTONIC_READS,
        step: b.step('old'),
        seed: 3,
        op: 'op-8',
        says: ['returned gold=100', 'older than gold=105', `op-5 at step ${b.step('new')}`, 'went back in time'],
      },
    ]);
  });

  it('flags a read of nothing after having seen a value', () => {
    const b = trace(4)
      .write('op-1', 'w', 'k', 'v')
      .read('op-2', 's', 'k', 'v', { node: 'f1' })
      .read('op-3', 's', 'k', null, { node: 'f2' })
      .mark('bad')
      .read('op-4', 's', 'k', null, { node: 'f2' })
      .mark('bad2');
    expectViolations(monotonicReads(b.build()), [
      { property: MONOTONIC_READS, step: b.step('bad'), seed: 4, says: ['k=nothing'] },
      { property: MONOTONIC_READS, step: b.step('bad2'), seed: 4 },
    ]);
  });
});
