import { describe, it } from 'vitest';
import { readYourWrites, READ_YOUR_WRITES } from '../../../src/engine/checkers/read-your-writes.ts';
import { trace } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

describe('readYourWrites', () => {
  it('accepts an empty trace', () => {
    expectValid(readYourWrites(trace(1).build()));
  });

  it('accepts a session that reads its own write back', () => {
    const t = trace(42)
      .write('op-1', 's1', 'gold', 105, { lsn: 1 })
      .apply('f1', 1, 'gold', 105)
      .read('op-2', 's1', 'gold', 105, { node: 'f1' })
      .build();
    expectValid(readYourWrites(t));
  });

  it("does not promise another session's writes (that is a stale read, not this property)", () => {
    const t = trace(42).write('op-1', 's1', 'gold', 105).read('op-2', 's2', 'gold', null, { node: 'f1' }).build();
    expectValid(readYourWrites(t));
  });

  it('accepts a newer value written concurrently by someone else', () => {
    const t = trace(42)
      .write('op-1', 's1', 'gold', 105, { lsn: 1 })
      .write('op-2', 's2', 'gold', 110, { lsn: 2 })
      .read('op-3', 's1', 'gold', 110)
      .build();
    expectValid(readYourWrites(t));
  });

  it("does not require the session's own indeterminate write", () => {
    const t = trace(42)
      .write('op-1', 's1', 'gold', 100)
      .invokeWrite('op-2', 's1', 'gold', 105)
      .info('op-2')
      .read('op-3', 's1', 'gold', 100, { node: 'f1' })
      .build();
    expectValid(readYourWrites(t));
  });

  it("flags a read that misses the session's own acknowledged write", () => {
    const b = trace(42)
      .write('op-7', 's2', 'gold', 102, { lsn: 1 })
      .apply('f1', 1, 'gold', 102)
      .write('op-9', 's1', 'gold', 105, { lsn: 2 })
      .mark('ack')
      .read('op-12', 's1', 'gold', 102, { node: 'f1' })
      .mark('read');
    expectViolations(readYourWrites(b.build()), [
      {
        property: READ_YOUR_WRITES,
        step: b.step('read'),
        seed: 42,
        op: 'op-12',
        says: [
          `Read op-12 by session s1 at step ${b.step('read')} returned gold=102`,
          `the session's own write op-9 (gold=105) was acknowledged at step ${b.step('ack')}`,
        ],
      },
    ]);
  });

  it('flags a session that reads nothing right after its write, once per bad read', () => {
    const b = trace(8)
      .write('op-1', 'alice', 'profile', 'v1', { node: 'leader' })
      .read('op-2', 'alice', 'profile', null, { node: 'f2' })
      .mark('first')
      .read('op-3', 'alice', 'profile', 'v1', { node: 'leader' })
      .read('op-4', 'alice', 'profile', null, { node: 'f2' })
      .mark('second');
    expectViolations(readYourWrites(b.build()), [
      { property: READ_YOUR_WRITES, step: b.step('first'), seed: 8, op: 'op-2' },
      { property: READ_YOUR_WRITES, step: b.step('second'), seed: 8, op: 'op-4' },
    ]);
  });

  it('can be restricted to some sessions', () => {
    const t = trace(8).write('op-1', 'a', 'k', 1).read('op-2', 'a', 'k', null).build();
    expectValid(readYourWrites(t, { sessions: ['b'] }));
  });
});
