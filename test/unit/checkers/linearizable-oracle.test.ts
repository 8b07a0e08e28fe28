/**
 * The linearizability checker against a brute-force oracle on thousands of
 * small random register histories (read, write, compare-and-set; completed,
 * failed, indeterminate and pending).
 *
 * The oracle shares nothing with the checker but the fixture format: it
 * states the definition directly — some order of the operations that happened
 * (every completed one, any subset of the indeterminate ones) respects real
 * time and replays on one register — and tries every such order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearizable } from '../../../src/engine/checkers/linearizable.ts';
import { jepsenTrace } from '../../fixtures/linearizability/history-trace.ts';
import type { JepsenEvent, JepsenF, JepsenType } from '../../fixtures/linearizability/history-trace.ts';
import type { Value } from '../../../src/engine/trace/events.ts';

interface OracleOp {
  readonly f: JepsenF;
  readonly value: Value;
  readonly invoke: number;
  /** Index of the completion event; Infinity when indeterminate. */
  readonly complete: number;
  /** Definitely happened (must be placed), as opposed to maybe (may be left out). */
  readonly definite: boolean;
  /** For a cas: it reported that the register held `expected`. */
  readonly swapped: boolean;
}

function oracleOps(events: readonly JepsenEvent[]): OracleOp[] {
  const open = new Map<number, { f: JepsenF; value: Value; invoke: number }>();
  const ops: OracleOp[] = [];
  const close = (p: number, type: JepsenType | 'pending', at: number): void => {
    const o = open.get(p);
    if (o === undefined) return;
    open.delete(p);
    const definite = type === 'ok' || (type === 'fail' && o.f === 'cas');
    // A failed write never happened; a failed (timed-out) read, like any indeterminate read, constrains nothing.
    if ((type === 'fail' && o.f === 'write') || (o.f === 'read' && !definite)) return;
    const value = o.f === 'read' ? (events[at]?.[3] ?? null) : o.value;
    ops.push({ ...o, value, complete: definite ? at : Infinity, definite, swapped: type === 'ok' });
  };
  events.forEach(([p, type, f, value], at) => {
    if (type === 'invoke') open.set(p, { f, value, invoke: at });
    else close(p, type, at);
  });
  for (const p of [...open.keys()]) close(p, 'pending', Infinity);
  return ops;
}

/** The register after `o`, or undefined when `o` cannot have happened with the register holding `s`. */
function step(o: OracleOp, s: Value): { readonly s: Value } | undefined {
  if (o.f === 'read') return o.value === s ? { s } : undefined;
  if (o.f === 'write') return { s: o.value };
  const [expected, next] = o.value as readonly Value[];
  const matches = expected === s;
  if (o.definite && matches !== o.swapped) return undefined;
  return { s: matches ? (next ?? null) : s };
}

function oracle(events: readonly JepsenEvent[]): boolean {
  const ops = oracleOps(events);
  const placed = new Array<boolean>(ops.length).fill(false);
  const search = (s: Value): boolean => {
    if (ops.every((o, i) => placed[i] || !o.definite)) return true;
    return ops.some((o, i) => {
      if (placed[i]) return false;
      // Real time: everything that completed before o was invoked is placed, or was left out (never happened).
      if (ops.some((p, j) => !placed[j] && p.complete < o.invoke)) return false;
      const after = step(o, s);
      if (after === undefined) return false;
      placed[i] = true;
      const found = search(after.s);
      placed[i] = false;
      return found;
    });
  };
  // Leaving out an indeterminate op is the same as never placing it, which `search` allows:
  // it succeeds as soon as every definite op is placed.
  return search(null);
}

const VALUES = [0, 1, 2] as const;

/** Up to seven operations on one key, each with its own process, overlapping at random. */
const histories = fc
  .array(
    fc.record({
      f: fc.constantFrom<JepsenF>('read', 'write', 'cas', 'cas'),
      // What a read returns, what a write writes, or a cas's expected value.
      v: fc.constantFrom<Value>(null, ...VALUES),
      to: fc.constantFrom<Value>(...VALUES),
      outcome: fc.constantFrom<JepsenType | 'pending'>('ok', 'ok', 'ok', 'fail', 'fail', 'info', 'pending'),
      start: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 0, max: 6 }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((specs) => {
    const timed: { at: number; order: number; event: JepsenEvent }[] = [];
    specs.forEach((o, p) => {
      const invokeValue = o.f === 'cas' ? [o.v, o.to] : o.f === 'write' ? (o.v ?? 0) : null;
      timed.push({ at: o.start, order: 2 * p, event: [p, 'invoke', o.f, invokeValue] });
      if (o.outcome === 'pending') return;
      const completion = o.f === 'read' && o.outcome === 'ok' ? o.v : invokeValue;
      timed.push({ at: o.start + o.length + 0.5, order: 2 * p + 1, event: [p, o.outcome, o.f, completion] });
    });
    return timed.sort((x, y) => x.at - y.at || x.order - y.order).map((t) => t.event);
  });

describe('linearizable against a brute-force oracle', () => {
  it('agrees on 4000 random histories of up to seven operations, with both verdicts well represented', () => {
    const verdicts = { true: 0, false: 0 };
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 1000 }), (events, seed) => {
        const expected = oracle(events);
        const r = linearizable(jepsenTrace(events, seed));
        verdicts[`${expected}`] += 1;
        expect(r.valid).toBe(expected);
        if (!expected) expect(r.violations[0]?.seed).toBe(seed);
      }),
      { numRuns: 4000, seed: 20261202 },
    );
    expect(Math.min(verdicts.true, verdicts.false)).toBeGreaterThan(800);
  });
});
