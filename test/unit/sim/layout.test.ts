import { describe, expect, it } from 'vitest';
import { indexTrace } from '../../../src/components/sim/model/trace-index.ts';
import { violationMarkers } from '../../../src/components/sim/model/violations.ts';
import { followWindow, sample, spaceTime } from '../../../src/components/sim/views/spacetime.ts';
import { along, layoutBoards, linkSegment } from '../../../src/components/sim/views/boards.ts';
import { detailToHash } from '../../../src/components/sim/run-request.ts';
import { parseRunHash } from '../../../src/components/sim/model/hash.ts';
import { small } from './fixtures.ts';

const G = { width: 500, laneGap: 20, top: 10, bottom: 10, left: 50, right: 0 };

describe('space-time layout', () => {
  const trace = small();
  const idx = indexTrace(trace);

  it('one lane per node, time mapped onto the width', () => {
    const m = spaceTime(idx, G);
    expect(m.lanes).toEqual([
      { node: 'A', y: 10 },
      { node: 'B', y: 30 },
      { node: 'C', y: 50 },
    ]);
    expect(m.height).toBe(60);
    expect(m.x(0)).toBe(50);
    expect(m.x(50)).toBe(500);
  });

  it('draws one arrow per delivery, from sender lane to receiver lane', () => {
    const m = spaceTime(idx, G);
    const m1 = m.arrows.filter((a) => a.msg === 'm-1');
    expect(m1).toHaveLength(1);
    expect(m1[0]).toMatchObject({ y1: 10, y2: 30, x1: m.x(11), x2: m.x(16), fate: 'deliver' });
    // m-2 was duplicated: two arrows
    expect(m.arrows.filter((a) => a.msg === 'm-2')).toHaveLength(2);
  });

  it('client ops are bars on the node lane, crashes and restarts are marks', () => {
    const m = spaceTime(idx, G);
    expect(m.ops.find((o) => o.op === 'op-1')).toMatchObject({ y: 10, outcome: 'ack', x1: m.x(10), x2: m.x(12) });
    expect(m.marks.map((k) => [k.kind, k.y])).toEqual([
      ['crash', 30],
      ['restart', 30],
    ]);
  });

  it('a window keeps only what overlaps it', () => {
    const m = spaceTime(idx, G, { t0: 30, t1: 45 });
    expect(m.arrows.map((a) => a.msg)).toEqual(['m-2', 'm-2']);
    expect(m.marks.map((k) => k.kind)).toEqual(['crash']);
    expect(m.ops.map((o) => o.op)).toEqual(['op-2']);
  });

  it('samples evenly over time when over the cap', () => {
    expect(sample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([1, 3, 5, 7, 9]);
    expect(sample([1, 2], 5)).toEqual([1, 2]);
    expect(sample([1, 2], 0)).toEqual([]);
  });

  it('drops quiet kinds first when over the arrow cap and reports the omission', () => {
    const m = spaceTime(idx, G, { maxArrows: 1 });
    expect(m.arrows).toHaveLength(1);
    expect(m.omittedArrows).toBe(2);
    expect(spaceTime(idx, G, { hideKinds: ['replicate'] }).arrows).toHaveLength(0);
  });

  it('places violation markers on their lane with related points', () => {
    const markers = violationMarkers(trace, [
      { property: 'stale-read', step: 17, seed: 1, message: 'x', related: [9] },
    ]);
    const m = spaceTime(idx, G, { markers });
    expect(m.markers[0]).toMatchObject({ x: m.x(37), y: 50 });
    expect(m.markers[0]?.related).toEqual([{ x: m.x(12), y: 10, step: 9 }]);
  });

  it('the follow window keeps the playhead inside and stays within the run', () => {
    expect(followWindow(50, 1000, 500)).toEqual({ t0: 0, t1: 1000 });
    expect(followWindow(0, 100, 1000)).toEqual({ t0: 0, t1: 100 });
    expect(followWindow(500, 100, 1000)).toEqual({ t0: 430, t1: 530 });
    expect(followWindow(999, 100, 1000)).toEqual({ t0: 900, t1: 1000 });
    expect(followWindow(300, Infinity, 1000)).toEqual({ t0: 0, t1: 1000 });
    expect(followWindow(0, Infinity, 0)).toEqual({ t0: 0, t1: 1 });
  });
});

describe('board layout', () => {
  it('places every node without overlaps', () => {
    for (const [n, width] of [1, 2, 3, 5, 8, 12, 3, 4, 7].map((n, i) => [n, i < 6 ? 720 : 360] as const)) {
      const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
      const l = layoutBoards(nodes, width);
      const boxes = [...l.boxes.values()];
      expect(boxes).toHaveLength(n);
      for (const b of boxes) {
        expect(b.cx - b.w / 2).toBeGreaterThanOrEqual(0);
        expect(b.cx + b.w / 2).toBeLessThanOrEqual(width);
        expect(b.cy - b.h / 2).toBeGreaterThanOrEqual(0);
        expect(b.cy + b.h / 2).toBeLessThanOrEqual(l.height);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap = Math.abs(a.cx - b.cx) < a.w && Math.abs(a.cy - b.cy) < a.h;
          expect(overlap, `${n} nodes: ${a.node} / ${b.node}`).toBe(false);
        }
    }
  });

  it('links run between box borders and messages move along them', () => {
    const l = layoutBoards(['A', 'B']);
    const a = l.boxes.get('A')!;
    const b = l.boxes.get('B')!;
    const s = linkSegment(a, b)!;
    expect(s.x1).toBeCloseTo(a.cx + a.w / 2 + 4);
    expect(s.x2).toBeCloseTo(b.cx - b.w / 2 - 4);
    expect(along(s, 0)).toEqual({ x: s.x1, y: s.y1 });
    expect(along(s, 1)).toEqual({ x: s.x2, y: s.y2 });
    expect(along(s, 2)).toEqual({ x: s.x2, y: s.y2 });
    expect(linkSegment(a, a)).toBeNull();
  });
});

describe('workbook:open-run detail validation', () => {
  it('turns a valid detail into a replay link that opens just after the step', () => {
    const r = detailToHash({ scenario: 'ch02-stop-and-restart', seed: 42, step: 316 });
    expect(r).toEqual({ scenario: 'ch02-stop-and-restart', hash: '#sim=ch02-stop-and-restart&seed=42&step=317' });
    expect(parseRunHash(r!.hash)).toMatchObject({ ok: true, run: { step: 317, seed: 42 } });
    expect(detailToHash({ scenario: 'a', seed: 0 })?.hash).toBe('#sim=a&seed=0');
  });

  it.each([
    null,
    undefined,
    'ch2&seed=1',
    {},
    { scenario: 'a' },
    { scenario: 'a', seed: -1 },
    { scenario: 'a', seed: 1.5 },
    { scenario: 'a', seed: '1' },
    { scenario: 'a&seed=2', seed: 1 },
    { scenario: '"]<x>', seed: 1 },
    { scenario: 'a', seed: 1, step: -1 },
    { scenario: 'a', seed: 1, step: '3' },
    { scenario: 'a', seed: 1, step: Infinity },
  ])('rejects %j', (d) => {
    expect(detailToHash(d)).toBeNull();
  });
});
