import { describe, expect, it } from 'vitest';
import { violationMarkers, visibleMarkers } from '../../../src/components/sim/model/violations.ts';
import { small } from './fixtures.ts';

describe('violation markers', () => {
  const trace = small();
  it('places a marker on the lane and time of the offending step, with related points', () => {
    const ms = violationMarkers(trace, [
      {
        property: 'stale-read',
        valid: false,
        violations: [
          {
            property: 'stale-read',
            step: 17,
            op: 'op-2',
            seed: 1,
            message: 'read of gold on C returned null after 105 was acknowledged',
            related: [9, 17],
          },
        ],
      },
    ]);
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    expect(m).toMatchObject({
      id: 'v-0',
      step: 17,
      time: 37,
      node: 'C',
      property: 'stale-read',
      op: 'op-2',
      stackIndex: 0,
    });
    expect(m.related).toEqual([{ step: 9, time: 12, node: 'A' }]);
    expect(m.description).toContain('stale-read');
    expect(m.description).toContain('step 17');
    expect(m.description).toContain('t=37 ms');
    expect(m.description).toContain('Seed 1');
    expect(m.description).toContain('Related steps: 9');
  });

  it('sorts by step and stacks violations on the same step', () => {
    const ms = violationMarkers(trace, [
      { property: 'b', step: 17, seed: 1, message: 'second' },
      { property: 'a', step: 5, seed: 1, message: 'first' },
      { property: 'c', step: 17, seed: 1, message: 'third' },
    ]);
    expect(ms.map((m) => [m.property, m.stackIndex, m.id])).toEqual([
      ['a', 0, 'v-0'],
      ['b', 0, 'v-1'],
      ['c', 1, 'v-2'],
    ]);
  });

  it('survives steps outside the trace and network-wide events', () => {
    const ms = violationMarkers(trace, [
      { property: 'x', step: 999, seed: 1, message: 'beyond' },
      { property: 'y', step: -1, seed: 1, message: 'before' },
      { property: 'z', step: 1.5, seed: 1, message: 'fraction' },
    ]);
    expect(ms.every((m) => m.node === null)).toBe(true);
    expect(ms.find((m) => m.property === 'x')?.time).toBe(50);
  });

  it('drops the checker prefix the marker already states', () => {
    const [m] = violationMarkers(trace, [
      {
        property: 'stale-read',
        step: 17,
        seed: 42,
        message: '[stale-read] seed 42, step 17: Read op-2 returned null.',
      },
    ]);
    expect(m?.message).toBe('Read op-2 returned null.');
    expect(m?.description).toContain(': Read op-2 returned null. Seed 42.');
  });

  it('only shows markers whose step has happened', () => {
    const ms = violationMarkers(trace, [{ property: 'a', step: 5, seed: 1, message: 'm' }]);
    expect(visibleMarkers(ms, 5)).toHaveLength(0);
    expect(visibleMarkers(ms, 6)).toHaveLength(1);
  });
});
