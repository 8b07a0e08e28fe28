import { describe, expect, it } from 'vitest';
import { foldTo } from '../../../src/components/sim/model/fold.ts';
import { flightPositions, indexTrace, nodeOf } from '../../../src/components/sim/model/trace-index.ts';
import { build, small, synthetic } from './fixtures.ts';

describe('messages in flight', () => {
  it('a sent message is in flight until delivered, with progress from its delivery time', () => {
    const t = small();
    const idx = indexTrace(t);
    // cursor 8: both replicate messages sent at t=11, nothing delivered yet
    const s = foldTo(t, 8);
    const f = flightPositions(s, idx);
    expect(f.map((x) => x.flight.msg)).toEqual(['m-1', 'm-2']);
    expect(f[0]?.progress).toBe(0);
    expect(f[0]?.fate).toBe('deliver');
    // cursor 10 (t=12): m-1 ends at 16 -> (12-11)/(16-11) = 0.2; m-2 ends at 31 -> 1/20
    const s2 = foldTo(t, 10);
    const f2 = flightPositions(s2, idx);
    expect(f2[0]?.progress).toBeCloseTo(0.2);
    expect(f2[1]?.progress).toBeCloseTo(0.05);
    // after m-1's delivery only m-2 remains
    expect(flightPositions(foldTo(t, 11), idx).map((x) => x.flight.msg)).toEqual(['m-2']);
  });

  it('a duplicated message stays in flight until its second copy arrives, aiming at the next delivery', () => {
    const t = small();
    const idx = indexTrace(t);
    const afterDup = foldTo(t, 14);
    expect(afterDup.inFlight.find((f) => f.msg === 'm-2')?.copies).toBe(2);
    const afterFirst = foldTo(t, 15);
    expect(afterFirst.inFlight.find((f) => f.msg === 'm-2')?.copies).toBe(1);
    const pos = flightPositions(foldTo(t, 17), idx)[0];
    // now t=36, sent at 11, next delivery at 41: 25/30
    expect(pos?.progress).toBeCloseTo(25 / 30);
    expect(foldTo(t, 19).inFlight.find((f) => f.msg === 'm-2')).toBeUndefined();
  });

  it('dropped messages leave the flight list and are marked as drops beforehand', () => {
    const t = build(
      ['A', 'B'],
      [
        [0, { type: 'send', msg: 'm', from: 'A', to: 'B', kind: 'replicate' }],
        [10, { type: 'drop', msg: 'm', from: 'A', to: 'B', kind: 'replicate', reason: 'partition' }],
      ],
    );
    const idx = indexTrace(t);
    expect(flightPositions(foldTo(t, 1), idx)[0]?.fate).toBe('drop');
    expect(flightPositions(foldTo(t, 2), idx)).toEqual([]);
  });

  it('a message whose end is not in the trace sits half-way', () => {
    const t = build(['A', 'B'], [[0, { type: 'send', msg: 'm', from: 'A', to: 'B', kind: 'x' }]]);
    const [p] = flightPositions(foldTo(t, 1), indexTrace(t));
    expect(p?.progress).toBe(0.5);
    expect(p?.fate).toBe('unknown');
  });

  it('progress always lies in [0, 1] and in-flight sets match sends minus ends', () => {
    const t = synthetic(21, 80);
    const idx = indexTrace(t);
    for (let c = 0; c <= t.events.length; c += 3) {
      const s = foldTo(t, c);
      for (const p of flightPositions(s, idx)) {
        expect(p.progress).toBeGreaterThanOrEqual(0);
        expect(p.progress).toBeLessThanOrEqual(1);
        const rec = idx.messages.get(p.flight.msg);
        expect(rec?.ends.some((e) => e.step >= c)).toBe(true);
      }
    }
  });

  it('indexes ops and lanes', () => {
    const t = small();
    const idx = indexTrace(t);
    expect(idx.ops.get('op-1')?.done?.type).toBe('ack');
    expect(idx.endTime).toBe(50);
    expect(nodeOf(t.events[6]!)).toBe('A');
    expect(nodeOf(t.events[10]!)).toBe('B');
    expect(nodeOf({ step: 0, time: 0, type: 'heal' })).toBeUndefined();
  });
});
