/**
 * Wider self-loops. ELK routes a transition that stays in its state as a
 * hook barely wider than the arrowhead, which reads as a glitch; this turns
 * the hook into a curve that bulges clearly out of the box, and moves the
 * label out by the same amount so they do not collide.
 */
import type { Point } from './layout.ts';

const BULGE = 22;
const SPREAD = 9;
const LABEL_SHIFT = 10;

export interface Loop {
  /** Cubic Bézier: start, two control points, end. */
  readonly points: readonly [Point, Point, Point, Point];
  /** How far to move the loop's label. */
  readonly shift: Point;
}

/** Turns ELK's polyline self-loop (start, bends…, end) into a cubic curve; undefined if it is not a loop. */
export function widenLoop(points: readonly Point[]): Loop | undefined {
  const p0 = points[0];
  const p1 = points[1];
  const p3 = points[points.length - 1];
  if (!p0 || !p1 || !p3 || points.length < 3) return undefined;
  const dx = p1.x - p0.x;
  const dy = p1.y - p0.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return undefined;
  // ELK's first bend leaves the box straight outwards: that is the bulge's direction.
  const out = { x: dx / len, y: dy / len };
  const r = (n: number) => Math.round(n * 10) / 10;
  // Spreading the control points along the box side makes the loop round, not a thin hook.
  const gap = Math.hypot(p3.x - p0.x, p3.y - p0.y) || 1;
  const along = { x: (p3.x - p0.x) / gap, y: (p3.y - p0.y) / gap };
  const c1 = { x: r(p0.x + out.x * BULGE - along.x * SPREAD), y: r(p0.y + out.y * BULGE - along.y * SPREAD) };
  const c2 = { x: r(p3.x + out.x * BULGE + along.x * SPREAD), y: r(p3.y + out.y * BULGE + along.y * SPREAD) };
  return { points: [p0, c1, c2, p3], shift: { x: r(out.x * LABEL_SHIFT), y: r(out.y * LABEL_SHIFT) } };
}
