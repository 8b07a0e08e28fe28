import { describe, expect, it } from 'vitest';
import { staleRead, STALE_READ } from '../../../src/engine/checkers/stale-read.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('staleRead', () => {
  it('accepts an empty trace', () => {
    expectValid(staleRead(trace(1).build()));
  });

  it('accepts reads that see the latest acknowledged write', () => {
    const t = trace(7)
      .write('op-1', 's1', 'gold', 100, { lsn: 1 })
      .write('op-2', 's1', 'gold', 105, { lsn: 2 })
      .read('op-3', 's2', 'gold', 105, { node: 'f1' })
      .build();
    expectValid(staleRead(t));
  });

  it('accepts a read concurrent with a write returning the old value', () => {
    // The write is acknowledged only after the read began, so either value is fine.
    const t = trace(7)
      .write('op-1', 's1', 'gold', 100)
      .invokeWrite('op-2', 's1', 'gold', 105)
      .invokeRead('op-3', 's2', 'gold', 'f1')
      .ack('op-2', { lsn: 2 })
      .ack('op-3', { value: 100 })
      .build();
    expectValid(staleRead(t));
  });

  it('never requires indeterminate or failed writes to be visible', () => {
    const t = trace(7)
      .write('op-1', 's1', 'gold', 100)
      .invokeWrite('op-2', 's1', 'gold', 105)
      .info('op-2', 'timeout')
      .invokeWrite('op-3', 's1', 'gold', 110)
      .fail('op-3', 'no leader')
      .read('op-4', 's2', 'gold', 100)
      .build();
    expectValid(staleRead(t));
  });

  it('accepts a read of either of two concurrent writes without LSNs', () => {
    const t = trace(7)
      .invokeWrite('op-1', 'a', 'k', 'x', 'n1')
      .invokeWrite('op-2', 'b', 'k', 'y', 'n2')
      .ack('op-1')
      .ack('op-2')
      .read('op-3', 'c', 'k', 'x', { node: 'n3' })
      .read('op-4', 'c', 'k', 'y', { node: 'n2' })
      .build();
    expectValid(staleRead(t));
  });

  it('flags a follower read that misses an acknowledged write', () => {
    const b = trace(42)
      .write('op-1', 's1', 'gold', 100, { lsn: 1 })
      .apply('f1', 1, 'gold', 100)
      .write('op-2', 's1', 'gold', 105, { lsn: 2 })
      .mark('ack')
      .read('op-3', 's2', 'gold', 100, { node: 'f1' })
      .mark('stale');
    const r = staleRead(b.build());
    expectViolations(r, [
      {
        property: STALE_READ,
        step: b.step('stale'),
        seed: 42,
        op: 'op-3',
        says: [
          'Read op-3 by session s2',
          'returned gold=100',
          'from node f1',
          'write op-2 (gold=105)',
          `acknowledged at step ${b.step('ack')}`,
        ],
      },
    ]);
    expect(r.violations[0]?.related).toContain(b.step('ack'));
  });

  it('flags a read of nothing after a write was acknowledged', () => {
    const b = trace(3).write('op-1', 's1', 'k', 'v1').read('op-2', 's2', 'k', null).mark('stale');
    expectViolations(staleRead(b.build()), [
      { property: STALE_READ, step: b.step('stale'), seed: 3, says: ['returned k=nothing'] },
    ]);
  });

  it('orders concurrent writes by LSN when both have one', () => {
    // op-1 and op-2 overlap in real time, but the log put op-2 after op-1.
    const b = trace(5)
      .invokeWrite('op-1', 'a', 'k', 'x')
      .invokeWrite('op-2', 'b', 'k', 'y')
      .ack('op-1', { lsn: 1, epoch: 1 })
      .ack('op-2', { lsn: 2, epoch: 1 })
      .read('op-3', 'c', 'k', 'x', { node: 'f1' })
      .mark('stale');
    expectViolations(staleRead(b.build()), [
      { property: STALE_READ, step: b.step('stale'), seed: 5, says: ['write op-2 (k=y)'] },
    ]);
  });

  it('flags a read whose siblings are all older than an acknowledged write', () => {
    const b = trace(9)
      .invokeWrite('op-1', 'a', 'k', 'x', 'n1')
      .invokeWrite('op-2', 'b', 'k', 'y', 'n2')
      .ack('op-1')
      .ack('op-2')
      .write('op-3', 'a', 'k', 'z', { node: 'n1' })
      .invokeRead('op-4', 'c', 'k', 'n3')
      .ack('op-4', { value: 'x', siblings: ['x', 'y'] })
      .mark('stale');
    expectViolations(staleRead(b.build()), [
      { property: STALE_READ, step: b.step('stale'), seed: 9, says: ['k={x, y}'] },
    ]);
  });

  it('accepts bounded staleness within maxStalenessMs and flags beyond it', () => {
    const t = trace(2)
      .at(0)
      .write('op-1', 's1', 'k', 1)
      .at(10)
      .write('op-2', 's1', 'k', 2)
      .at(50)
      .read('op-3', 's2', 'k', 1)
      .at(200)
      .read('op-4', 's2', 'k', 1)
      .build();
    const r = staleRead(t, { maxStalenessMs: 100 });
    expect(r.violations.map((v) => v.op)).toEqual(['op-4']);
    expect(r.violations[0]?.message).toContain('more than 100 ms');
  });

  it('only judges the keys asked for', () => {
    const t = trace(1).write('op-1', 's', 'a', 1).read('op-2', 's2', 'a', null).build();
    expectValid(staleRead(t, { keys: ['b'] }));
  });
});
