/**
 * Compare-and-set in the linearizability checker: a cas from `expected` to a
 * new value swaps only when the register holds `expected`; its ack says
 * whether it swapped (`value: false`: it compared and found something else),
 * a `fail` means it was rejected and never happened, an `info` that it may
 * have happened at any time after its invocation, or never.
 */
import { describe, expect, it } from 'vitest';
import { linearizable, LINEARIZABLE } from '../../../src/engine/checkers/linearizable.ts';
import { CAS_REGISTER_KINDS, history, registerKeys } from '../../../src/engine/checkers/support/history.ts';
import type { Value } from '../../../src/engine/trace/events.ts';
import { trace } from '../support/trace-builder.ts';
import type { TraceBuilder } from '../support/trace-builder.ts';
import { expectValid, expectViolations } from '../support/check-assertions.ts';

// The builder has no cas shortcut, and its completions only know operations it invoked itself.
const client = (session: string, key: string) =>
  ({ client: session, session, kind: 'cas', key, node: 'leader' }) as const;

/** Invokes a cas of `key` from `expected` to `value`. */
function invokeCas(b: TraceBuilder, op: string, session: string, key: string, expected: Value, value: Value) {
  return b.event({ type: 'invoke', op, ...client(session, key), value, expected });
}

/** Completes a cas: swapped (`true`), compared and found another value (`false`), rejected, or unknown. */
function endCas(b: TraceBuilder, op: string, session: string, key: string, outcome: boolean | 'fail' | 'info') {
  if (typeof outcome === 'boolean') return b.event({ type: 'ack', op, ...client(session, key), value: outcome });
  return b.event({ type: outcome, op, ...client(session, key), reason: outcome === 'fail' ? 'no leader' : 'timeout' });
}

function cas(b: TraceBuilder, op: string, session: string, key: string, from: Value, to: Value, swapped: boolean) {
  return endCas(invokeCas(b, op, session, key, from, to), op, session, key, swapped);
}

describe('linearizable with compare-and-set', () => {
  it('accepts a sequential history of swaps and mismatches', () => {
    const b = trace(20).write('op-1', 'a', 'x', 1);
    cas(b, 'op-2', 'b', 'x', 1, 2, true);
    cas(b, 'op-3', 'a', 'x', 1, 3, false);
    b.read('op-4', 'b', 'x', 2);
    cas(b, 'op-5', 'a', 'x', null, 3, false);
    expectValid(linearizable(b.build()));
  });

  it('flags a swap whose expected value had already been overwritten', () => {
    const b = trace(21).write('op-1', 'a', 'x', 1).write('op-2', 'a', 'x', 2);
    cas(b, 'op-3', 'b', 'x', 1, 3, true).mark('swap');
    expectViolations(linearizable(b.build()), [
      {
        property: LINEARIZABLE,
        step: b.step('swap'),
        seed: 21,
        op: 'op-3',
        says: ['compare-and-set op-3 by session b (x from 1 to 3)', 'reported a swap at step', 'register holding x=2'],
      },
    ]);
  });

  it('flags a mismatch reported while the register held the expected value', () => {
    const b = trace(22).write('op-1', 'a', 'x', 1);
    cas(b, 'op-2', 'b', 'x', 1, 2, false).mark('mismatch');
    expectViolations(linearizable(b.build()), [
      {
        property: LINEARIZABLE,
        step: b.step('mismatch'),
        seed: 22,
        op: 'op-2',
        says: ['reported finding another value'],
      },
    ]);
  });

  it('accepts a mismatch concurrent with the write that changed the value', () => {
    const b = trace(23).write('op-1', 'a', 'x', 1).invokeWrite('op-2', 'a', 'x', 2);
    cas(b, 'op-3', 'b', 'x', 1, 5, false).ack('op-2').read('op-4', 'b', 'x', 2);
    expectValid(linearizable(b.build()));
  });

  it('lets an indeterminate cas take effect late, or never — but only once', () => {
    const base = () => {
      const b = trace(24).write('op-1', 'a', 'x', 1);
      endCas(invokeCas(b, 'op-2', 'b', 'x', 1, 2), 'op-2', 'b', 'x', 'info');
      return b.read('op-3', 'c', 'x', 1);
    };
    expectValid(linearizable(base().read('op-4', 'c', 'x', 2).build()));
    expectValid(linearizable(base().read('op-4', 'c', 'x', 1).build()));
    const back = base().read('op-4', 'c', 'x', 2).read('op-5', 'c', 'x', 1).mark('back');
    expectViolations(linearizable(back.build()), [{ property: LINEARIZABLE, step: back.step('back'), seed: 24 }]);
  });

  it('lets a pending cas swap after everything else', () => {
    const b = trace(25).write('op-1', 'a', 'x', 1);
    invokeCas(b, 'op-2', 'b', 'x', 1, 2);
    b.read('op-3', 'c', 'x', 1).read('op-4', 'c', 'x', 2);
    expectValid(linearizable(b.build()));
  });

  it('ignores a rejected cas: it never compared anything', () => {
    // Had it compared, the register held its expected value (nothing) and it would have swapped.
    const b = trace(26);
    endCas(invokeCas(b, 'op-1', 'a', 'x', null, 1), 'op-1', 'a', 'x', 'fail');
    b.read('op-2', 'b', 'x', null);
    expectValid(linearizable(b.build()));
  });

  it('flags a swap from a value no write produced, without searching', () => {
    const b = trace(27).write('op-1', 'a', 'x', 1);
    cas(b, 'op-2', 'b', 'x', 7, 8, true).mark('bad');
    const r = linearizable(b.build(), { maxSteps: 1 });
    expectViolations(r, [
      { property: LINEARIZABLE, step: b.step('bad'), seed: 27, op: 'op-2', says: ['found x=7', 'could produce'] },
    ]);
  });

  it('checks keys with cas on their own, and leaves them to no plain-register checker', () => {
    const b = trace(28).write('op-1', 'a', 'x', 1).write('op-2', 'a', 'y', 1);
    cas(b, 'op-3', 'b', 'y', 1, 2, true);
    b.read('op-4', 'b', 'x', 1).read('op-5', 'b', 'y', 2);
    expectValid(linearizable(b.build()));
    expect(linearizable(b.build(), { keys: ['y'] }).valid).toBe(true);
    // Stale-read, monotonic-reads and the like know no cas, so the shared default leaves y out.
    const ops = history(b.build());
    expect([...registerKeys(ops)]).toEqual(['x']);
    expect([...registerKeys(ops, CAS_REGISTER_KINDS)].sort()).toEqual(['x', 'y']);
  });
});
