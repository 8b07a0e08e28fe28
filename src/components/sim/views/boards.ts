/**
 * Geometry of the node boards: where each node's card sits and where a
 * message in flight is drawn on the link between two cards. Pure.
 */
import type { NodeId } from '../../../engine/trace/events.ts';

export interface BoardBox {
  readonly node: NodeId;
  /** Centre. */
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

export interface BoardLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<NodeId, BoardBox>;
}

export const BOARD_W = 170;
export const BOARD_H = 128;

/** Below this drawing width the cards go in a grid (a phone): an ellipse would overlap them. */
export const NARROW = 560;

/**
 * Up to 2 nodes side by side; 3 to 8 on an ellipse with the first node at the
 * top (links between any two cards stay visible); more, or a narrow drawing,
 * in a grid.
 */
export function layoutBoards(nodes: readonly NodeId[], width = 720): BoardLayout {
  const boxes = new Map<NodeId, BoardBox>();
  const n = nodes.length;
  const h = BOARD_H;
  if (width < NARROW) {
    const cols = n <= 1 ? 1 : 2;
    const w = Math.min(BOARD_W, (width - 12 * (cols + 1)) / cols);
    const rows = Math.ceil(n / cols);
    const height = rows * (h + 28) + 8;
    nodes.forEach((id, i) => {
      const c = i % cols;
      const r = Math.floor(i / cols);
      boxes.set(id, { node: id, cx: (width / cols) * (c + 0.5), cy: 14 + r * (h + 28) + h / 2, w, h });
    });
    return { width, height, boxes };
  }
  const w = BOARD_W;
  if (n <= 2) {
    const height = h + 40;
    nodes.forEach((id, i) =>
      boxes.set(id, { node: id, cx: n === 1 ? width / 2 : width * (i === 0 ? 0.25 : 0.75), cy: height / 2, w, h }),
    );
    return { width, height, boxes };
  }
  if (n <= 8) {
    const height = n === 3 ? 340 : n === 4 ? 420 : 580;
    const rx = (width - w) / 2 - 8;
    const ry = (height - h) / 2 - 8;
    nodes.forEach((id, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      boxes.set(id, { node: id, cx: width / 2 + rx * Math.cos(a), cy: height / 2 + ry * Math.sin(a), w, h });
    });
    return { width, height, boxes };
  }
  const cols = Math.max(1, Math.floor(width / (w + 16)));
  const rows = Math.ceil(n / cols);
  const height = rows * (h + 24) + 16;
  nodes.forEach((id, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    boxes.set(id, { node: id, cx: (width / cols) * (c + 0.5), cy: 12 + r * (h + 24) + h / 2, w, h });
  });
  return { width, height, boxes };
}

/** Fraction of the centre-to-centre segment at which it leaves a box of half-size (hw, hh). */
function exitFraction(dx: number, dy: number, hw: number, hh: number): number {
  const fx = dx === 0 ? Infinity : hw / Math.abs(dx);
  const fy = dy === 0 ? Infinity : hh / Math.abs(dy);
  return Math.min(1, fx, fy);
}

export interface LinkSegment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * The visible part of the link from box `a` to box `b` (between their
 * borders), shifted sideways by `offset` so the two directions of a link
 * do not overlap. `null` when the boxes overlap.
 */
export function linkSegment(a: BoardBox, b: BoardBox, offset = 0): LinkSegment | null {
  const dx = b.cx - a.cx;
  const dy = b.cy - a.cy;
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  const f1 = exitFraction(dx, dy, a.w / 2 + 4, a.h / 2 + 4);
  const f2 = 1 - exitFraction(dx, dy, b.w / 2 + 4, b.h / 2 + 4);
  if (f2 <= f1) return null;
  const nx = (-dy / len) * offset;
  const ny = (dx / len) * offset;
  return { x1: a.cx + dx * f1 + nx, y1: a.cy + dy * f1 + ny, x2: a.cx + dx * f2 + nx, y2: a.cy + dy * f2 + ny };
}

/** A point `progress` (0..1) along a segment. */
export function along(s: LinkSegment, progress: number): { x: number; y: number } {
  const p = Math.max(0, Math.min(1, progress));
  return { x: s.x1 + (s.x2 - s.x1) * p, y: s.y1 + (s.y2 - s.y1) * p };
}
