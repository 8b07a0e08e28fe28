/**
 * Version vectors (chapter 7): one counter per node that wrote a key. Vector
 * `a` happened before `b` when every counter of `a` is at most `b`'s and one
 * is smaller; when each has a counter the other lacks, the writes were
 * concurrent — neither saw the other, and neither may silently win.
 *
 * Vectors are plain JSON objects (`{ "eu-1": 2, "us-1": 1 }`); a missing node
 * counts as 0. Functions never mutate their arguments.
 */
import type { NodeId } from '../trace/events.ts';

export type VersionVector = Readonly<Record<NodeId, number>>;

/** How two vectors relate: `before` means `a` happened before `b`. */
export type VvOrder = 'equal' | 'before' | 'after' | 'concurrent';

/**
 * @example
 * compareVv({ A: 1 }, { A: 1, B: 1 }); // 'before'
 * compareVv({ A: 2 }, { B: 1 });       // 'concurrent'
 */
export function compareVv(a: VersionVector, b: VersionVector): VvOrder {
  let less = false;
  let greater = false;
  for (const k in a) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x < y) less = true;
    else if (x > y) greater = true;
  }
  for (const k in b) {
    if (k in a) continue;
    if ((b[k] ?? 0) > 0) less = true;
  }
  if (less && greater) return 'concurrent';
  if (less) return 'before';
  if (greater) return 'after';
  return 'equal';
}

/** The pointwise maximum: a vector that has seen everything either one saw. */
export function mergeVv(a: VersionVector, b: VersionVector): VersionVector {
  const out: Record<NodeId, number> = { ...a };
  for (const k in b) {
    const y = b[k] ?? 0;
    if (y > (out[k] ?? 0)) out[k] = y;
  }
  return out;
}

/** `vv` with `node`'s counter advanced by one (a new write on `node`). */
export function incrementVv(vv: VersionVector, node: NodeId): VersionVector {
  return { ...vv, [node]: (vv[node] ?? 0) + 1 };
}

/** A canonical string (keys sorted), so equal vectors print and sort the same on every node. */
export function formatVv(vv: VersionVector): string {
  return (
    '{' +
    Object.keys(vv)
      .sort()
      .filter((k) => (vv[k] ?? 0) > 0)
      .map((k) => `${k}:${vv[k] ?? 0}`)
      .join(', ') +
    '}'
  );
}
