/**
 * An observed-remove set CRDT, add-wins (chapter 7). Every `add` creates a
 * unique tag; `remove` tombstones the tags of the element that the removing
 * replica has seen. An add that a remove did not see survives it (add wins),
 * so concurrent add and remove keep the element, and merging (union of tags
 * and tombstones) is commutative, associative and idempotent.
 */
import type { Value } from '../trace/events.ts';

export interface OrSet {
  /** tag -> element added under that tag. */
  readonly adds: Readonly<Record<string, Value>>;
  /** tags removed. */
  readonly removed: Readonly<Record<string, true>>;
}

export const EMPTY_SET: OrSet = { adds: {}, removed: {} };

/** A stable identity for an element (JSON with sorted object keys). */
export function elementKey(v: Value): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + (v as readonly Value[]).map(elementKey).join(',') + ']';
  const o = v as { readonly [k: string]: Value };
  return (
    '{' +
    Object.keys(o)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + elementKey(o[k] ?? null))
      .join(',') +
    '}'
  );
}

export function addElement(s: OrSet, element: Value, tag: string): OrSet {
  return { adds: { ...s.adds, [tag]: element }, removed: s.removed };
}

/** Tombstones every tag of `element` this replica has seen. */
export function removeElement(s: OrSet, element: Value): OrSet {
  const key = elementKey(element);
  const removed: Record<string, true> = { ...s.removed };
  for (const tag of Object.keys(s.adds)) if (elementKey(s.adds[tag] ?? null) === key) removed[tag] = true;
  return { adds: s.adds, removed };
}

export function mergeSets(a: OrSet, b: OrSet): OrSet {
  return { adds: { ...a.adds, ...b.adds }, removed: { ...a.removed, ...b.removed } };
}

/** The visible elements in a canonical order (numbers ascending, then by identity), the same on every replica. */
export function setValue(s: OrSet): Value[] {
  const live = new Map<string, Value>();
  for (const tag of Object.keys(s.adds)) {
    if (s.removed[tag]) continue;
    const el = s.adds[tag] ?? null;
    live.set(elementKey(el), el);
  }
  return [...live.values()].sort(compareElements);
}

/** Numbers in numeric order first, then everything else by identity. */
function compareElements(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const ka = elementKey(a);
  const kb = elementKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** True when both states hold the same tags and tombstones. */
export function sameSet(a: OrSet, b: OrSet): boolean {
  const ka = Object.keys(a.adds);
  const ra = Object.keys(a.removed);
  if (ka.length !== Object.keys(b.adds).length || ra.length !== Object.keys(b.removed).length) return false;
  return ka.every((t) => t in b.adds) && ra.every((t) => t in b.removed);
}
