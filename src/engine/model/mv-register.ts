/**
 * A multi-value register with version vectors (chapter 7): each version of a
 * key carries the version vector of the write that made it. A new local write
 * has seen every version the replica holds, so it replaces them all. Merging
 * two replicas keeps every version that no other version happened after:
 * concurrent writes survive side by side as *siblings* for the application to
 * resolve (by writing a resolved value back, which supersedes them).
 */
import type { NodeId, Value } from '../trace/events.ts';
import { compareVv, formatVv, incrementVv, mergeVv, type VersionVector } from './version-vector.ts';

export interface VvVersion {
  readonly value: Value;
  readonly vv: VersionVector;
}

/** The vector that has seen every version (what a read hands back as context). */
export function joinVersions(versions: readonly VvVersion[]): VersionVector {
  let vv: VersionVector = {};
  for (const v of versions) vv = mergeVv(vv, v.vv);
  return vv;
}

/** A write on `node`: one version that happened after everything the replica held. */
export function writeVersion(versions: readonly VvVersion[], node: NodeId, value: Value): VvVersion[] {
  return [{ value, vv: incrementVv(joinVersions(versions), node) }];
}

/** Canonical order (by vector), so every replica lists siblings the same way. */
function sortVersions(vs: VvVersion[]): VvVersion[] {
  return vs
    .map((v) => [formatVv(v.vv), v] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, v]) => v);
}

/** Keeps every version not dominated by another; equal vectors are one version (the first seen wins). */
export function mergeVersions(a: readonly VvVersion[], b: readonly VvVersion[]): VvVersion[] {
  const all = [...a, ...b];
  const keep: VvVersion[] = [];
  for (let i = 0; i < all.length; i++) {
    const v = all[i] as VvVersion;
    let drop = false;
    for (let j = 0; j < all.length && !drop; j++) {
      if (i === j) continue;
      const o = compareVv(v.vv, (all[j] as VvVersion).vv);
      if (o === 'before' || (o === 'equal' && j < i)) drop = true;
    }
    if (!drop) keep.push(v);
  }
  return sortVersions(keep);
}

/** Folds siblings into one version with `merge` (a learner's hook); the result has seen all of them. */
export function resolveVersions(versions: readonly VvVersion[], merge: (a: Value, b: Value) => Value): VvVersion[] {
  const first = versions[0];
  if (versions.length <= 1 || first === undefined) return [...versions];
  let value = first.value;
  for (let i = 1; i < versions.length; i++) value = merge(value, (versions[i] as VvVersion).value);
  return [{ value, vv: joinVersions(versions) }];
}
