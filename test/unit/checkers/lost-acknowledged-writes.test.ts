import { describe, expect, it } from 'vitest';
import {
  FAILED_WRITE_APPEARED,
  LOST_ACKNOWLEDGED_WRITES,
  lostAcknowledgedWrites,
} from '../../../src/engine/checkers/lost-acknowledged-writes.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('lostAcknowledgedWrites', () => {
  it('accepts an empty trace', () => {
    expectValid(lostAcknowledgedWrites(trace(1).build()));
  });

  it('accepts a register whose final read shows the last acknowledged write', () => {
    const t = trace(4)
      .write('op-1', 's', 'gold', 1)
      .write('op-2', 's', 'gold', 2)
      .read('op-3', 'final', 'gold', 2)
      .build();
    expectValid(lostAcknowledgedWrites(t));
  });

  it('judges an expression write (NOW()) by the value its acknowledgement reports', () => {
    const kept = trace(5)
      .invokeWrite('op-1', 's', 'hold:12A', 'NOW()')
      .ack('op-1', { value: 1700 })
      .read('op-2', 'final', 'hold:12A', 1700)
      .build();
    expectValid(lostAcknowledgedWrites(kept));
    const lost = trace(5)
      .invokeWrite('op-1', 's', 'hold:12A', 'NOW()')
      .ack('op-1', { value: 1700 })
      .read('op-2', 'final', 'hold:12A', null)
      .build();
    expect(lostAcknowledgedWrites(lost).valid).toBe(false);
  });

  it('accepts indeterminate writes either way', () => {
    const t = trace(4)
      .add('op-1', 's', 'cart', 'apple')
      .invoke('op-2', { kind: 'add', session: 's', key: 'cart', value: 'pear' })
      .info('op-2')
      .invoke('op-3', { kind: 'add', session: 's', key: 'cart', value: 'plum' })
      .info('op-3')
      .read('op-4', 'final', 'cart', ['apple', 'plum'])
      .build();
    expectValid(lostAcknowledgedWrites(t));
  });

  it('accepts an indeterminate register write that became the final value', () => {
    const t = trace(4)
      .write('op-1', 's', 'k', 1)
      .invokeWrite('op-2', 's', 'k', 2)
      .info('op-2')
      .read('op-3', 'final', 'k', 2)
      .build();
    expectValid(lostAcknowledgedWrites(t));
  });

  it('flags a set element whose acknowledged add is missing from the final read', () => {
    const b = trace(9)
      .add('op-1', 's', 'cart', 'apple')
      .add('op-2', 's', 'cart', 'pear')
      .mark('ack')
      .read('op-3', 'final', 'cart', ['apple'])
      .mark('final');
    const r = lostAcknowledgedWrites(b.build());
    expectViolations(r, [
      {
        property: LOST_ACKNOWLEDGED_WRITES,
        step: b.step('final'),
        seed: 9,
        op: 'op-2',
        says: ['Add op-2 (pear to cart)', `acknowledged at step ${b.step('ack')}`, 'without it'],
      },
    ]);
  });

  it('flags acknowledged register writes newer than the final state after a failover', () => {
    // The leader acknowledged op-2 and op-3 and crashed before f1 received them; f1 was promoted.
    const b = trace(11)
      .write('op-1', 's', 'gold', 1, { lsn: 1, epoch: 1 })
      .apply('leader', 1, 'gold', 1)
      .apply('f1', 1, 'gold', 1)
      .mark('f1-applied')
      .write('op-2', 's', 'gold', 2, { lsn: 2, epoch: 1 })
      .write('op-3', 's', 'gold', 3, { lsn: 3, epoch: 1 })
      .crash('leader')
      .elect('f1', 2, { f1: 1 });
    const r = lostAcknowledgedWrites(b.build());
    expectViolations(r, [
      {
        property: LOST_ACKNOWLEDGED_WRITES,
        step: b.step('f1-applied'),
        seed: 11,
        op: 'op-2',
        says: ['node f1 holds gold=1'],
      },
      { property: LOST_ACKNOWLEDGED_WRITES, step: b.step('f1-applied'), seed: 11, op: 'op-3' },
    ]);
  });

  it('flags a failed write that appears in a read', () => {
    const b = trace(12)
      .write('op-1', 's', 'k', 'a')
      .invokeWrite('op-2', 's', 'k', 'b')
      .fail('op-2', 'not enough replicas')
      .read('op-3', 'r', 'k', 'b')
      .mark('seen');
    const r = lostAcknowledgedWrites(b.build());
    // The final read also shows that op-1 (acknowledged) was replaced by a write that never happened.
    expect(r.violations.map((v) => v.property).sort()).toEqual([FAILED_WRITE_APPEARED, LOST_ACKNOWLEDGED_WRITES]);
    const failed = r.violations.find((v) => v.property === FAILED_WRITE_APPEARED);
    expect(failed?.step).toBe(b.step('seen'));
    expect(failed?.message).toContain('not enough replicas');
    expect(failed?.message).toContain(`[${FAILED_WRITE_APPEARED}] seed 12, step ${b.step('seen')}`);
  });

  it('flags a failed add present in the final set', () => {
    const b = trace(13)
      .add('op-1', 's', 'cart', 'apple')
      .invoke('op-2', { kind: 'add', session: 's', key: 'cart', value: 'pear' })
      .fail('op-2')
      .read('op-3', 'final', 'cart', ['apple', 'pear'])
      .mark('final');
    expectViolations(lostAcknowledgedWrites(b.build()), [
      { property: FAILED_WRITE_APPEARED, step: b.step('final'), seed: 13, op: 'op-2', says: ['failed at step'] },
    ]);
  });

  it('uses node state when there is no final read, judging the final leader by default', () => {
    const t = trace(14)
      .role('leader', 'leader', 1)
      .write('op-1', 's', 'k', 1, { lsn: 1 })
      .apply('leader', 1, 'k', 1)
      .build();
    // f1 never got it, but f1 is not the leader and is not judged by default.
    expectValid(lostAcknowledgedWrites(t));
    expect(lostAcknowledgedWrites({ ...t, nodes: ['leader', 'f1'] }, { nodes: ['leader', 'f1'] }).valid).toBe(false);
  });

  it('reports a write missing from several nodes once, naming each node', () => {
    const b = trace(16, { nodes: ['n1', 'n2'] })
      .write('op-1', 's', 'k', 1, { lsn: 1 })
      .write('op-2', 's', 'k', 2, { lsn: 2 })
      .apply('n1', 1, 'k', 1)
      .apply('n2', 1, 'k', 1)
      .mark('last');
    expectViolations(lostAcknowledgedWrites(b.build()), [
      {
        property: LOST_ACKNOWLEDGED_WRITES,
        step: b.step('last'),
        seed: 16,
        op: 'op-2',
        says: ['at the end node n1 holds k=1', 'and at the end node n2 holds k=1'],
      },
    ]);
  });

  it('does not take a read from a replica still catching up as the final state', () => {
    // The last read came after the last write but before f1 applied it: a stale read, not a loss.
    const t = trace(17)
      .write('op-1', 's', 'k', 1, { lsn: 1 })
      .apply('leader', 1, 'k', 1)
      .read('op-2', 'r', 'k', null, { node: 'f1' })
      .apply('f1', 1, 'k', 1)
      .build();
    expectValid(lostAcknowledgedWrites(t));
  });

  it("ignores the final read with from: 'state'", () => {
    const t = trace(15)
      .write('op-1', 's', 'k', 1, { lsn: 1 })
      .apply('leader', 1, 'k', 0)
      .read('op-2', 'final', 'k', 1)
      .build();
    expectValid(lostAcknowledgedWrites(t));
    expect(lostAcknowledgedWrites(t, { from: 'state' }).valid).toBe(false);
  });

  describe('writes with a log position are judged by the surviving log', () => {
    /** n1 acknowledges op-2 as LSN 2 of epoch 1, crashes; n2 never had it and writes the key again. */
    const failover = (n2HasIt: boolean) => {
      let b = trace(21)
        .elect('n1', 1)
        .invokeWrite('op-1', 's', 'k', 1)
        .append('n1', 1, 'k', { epoch: 1 })
        .append('n2', 1, 'k', { epoch: 1 })
        .ack('op-1', { lsn: 1, epoch: 1 })
        .invokeWrite('op-2', 's', 'k', 2)
        .append('n1', 2, 'k', { epoch: 1 });
      if (n2HasIt) b = b.append('n2', 2, 'k', { epoch: 1 });
      return b
        .ack('op-2', { lsn: 2, epoch: 1 })
        .mark('acked')
        .crash('n1')
        .elect('n2', 2, { n2: n2HasIt ? 2 : 1 })
        .invoke('op-3', { kind: 'write', session: 's', key: 'k', value: 3, node: 'n2' })
        .append('n2', n2HasIt ? 3 : 2, 'k', { epoch: 2 })
        .ack('op-3', { lsn: n2HasIt ? 3 : 2, epoch: 2 })
        .read('op-4', 'final', 'k', 3, { node: 'n2' })
        .mark('end');
    };

    it('flags an acknowledged write missing from the new leader although the key shows a newer value', () => {
      const b = failover(false);
      const r = lostAcknowledgedWrites(b.build());
      expectViolations(r, [
        {
          property: LOST_ACKNOWLEDGED_WRITES,
          step: b.step('end'),
          seed: 21,
          op: 'op-2',
          says: ['LSN 2 of epoch 1', "n2's log has a different entry there (epoch 2)"],
        },
      ]);
    });

    it('accepts the same history when the new leader held the write', () => {
      expectValid(lostAcknowledgedWrites(failover(true).build()));
    });
  });
});
