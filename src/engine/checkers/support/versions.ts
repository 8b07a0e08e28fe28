/**
 * Which write does a read's value come from, and is one write older than another?
 *
 * Workloads write unique values, so a value read maps back to the write that
 * produced it (its *source*). A read of `null` / nothing maps to the key's
 * initial state, and to any delete. When a value maps to several writes (a
 * workload that reused values) every candidate is kept and checkers give the
 * read the benefit of the doubt: it is only "older" if every candidate is.
 *
 * Write order is a partial order, chosen so that it never invents an order
 * that did not exist:
 * - two writes that both carry a log position (`lsn` on their acks, single
 *   leader) are ordered by `(epoch, lsn)` — the log order, which survives
 *   concurrent clients; epochs are compared first only when both writes
 *   have one and they differ (a new leader's log continues in a higher epoch);
 * - otherwise, A is older than B when A was acknowledged before B was
 *   invoked (real-time order). Concurrent writes are unordered, so a read
 *   may return either.
 */
import type { Value } from '../../trace/events.ts';
import { isRegisterWrite, precedes, writtenValue } from './history.ts';
import type { Operation } from './history.ts';
import { valueKey } from './values.ts';

/** Where a read value can have come from. */
export type Source = { readonly kind: 'initial' } | { readonly kind: 'write'; readonly write: Operation };

const INITIAL: Source = { kind: 'initial' };

/** -1 when `a` is older than `b`, 1 when newer, 0 when the trace does not order them. */
export function compareWrites(a: Operation, b: Operation): -1 | 0 | 1 {
  if (a === b) return 0;
  if (a.lsn !== undefined && b.lsn !== undefined) {
    if (a.epoch !== undefined && b.epoch !== undefined && a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
    if (a.lsn !== b.lsn) return a.lsn < b.lsn ? -1 : 1;
  }
  if (precedes(a, b)) return -1;
  if (precedes(b, a)) return 1;
  return 0;
}

/** True when the version `source` is strictly older than the write `w`. */
export function sourceOlderThanWrite(source: Source, w: Operation): boolean {
  return source.kind === 'initial' ? true : compareWrites(source.write, w) === -1;
}

/** True when version `a` is strictly older than version `b`. */
export function sourceOlder(a: Source, b: Source): boolean {
  if (b.kind === 'initial') return false;
  return sourceOlderThanWrite(a, b.write);
}

/** Index from (key, value) to the register writes that wrote it. */
export interface VersionIndex {
  /** Candidate sources of `value` read from `key`; empty when nobody wrote it. */
  sources(key: string, value: Value | undefined): readonly Source[];
  /** Register writes of `key`, in invoke order. */
  writes(key: string): readonly Operation[];
}

export function versionIndex(ops: readonly Operation[]): VersionIndex {
  const byValue = new Map<string, Operation[]>();
  const byKey = new Map<string, Operation[]>();
  for (const o of ops) {
    if (!isRegisterWrite(o)) continue;
    const k = `${o.key}\u0000${valueKey(writtenValue(o))}`;
    const list = byValue.get(k) ?? [];
    list.push(o);
    byValue.set(k, list);
    const perKey = byKey.get(o.key) ?? [];
    perKey.push(o);
    byKey.set(o.key, perKey);
  }
  return {
    sources(key, value) {
      const writes = byValue.get(`${key}\u0000${valueKey(value)}`) ?? [];
      const found: Source[] = writes.map((write) => ({ kind: 'write', write }));
      if (value === undefined || value === null) found.push(INITIAL);
      return found;
    },
    writes(key) {
      return byKey.get(key) ?? [];
    },
  };
}

/**
 * Every value an acknowledged read returned: its value plus any siblings. A
 * read with siblings saw all of them, so it is only stale if all are.
 */
export function valuesRead(read: Operation): readonly (Value | undefined)[] {
  if (read.siblings !== undefined && read.siblings.length > 0) {
    return read.output === undefined ? read.siblings : [...read.siblings, read.output];
  }
  return [read.output];
}

/** All candidate sources of everything a read returned. */
export function readSources(index: VersionIndex, read: Operation): Source[] {
  return valuesRead(read).flatMap((v) => index.sources(read.key, v));
}

/** A short description of a source for messages, for example `op-9 (gold=105)`. */
export function describeSource(source: Source, key: string): string {
  if (source.kind === 'initial') return `the initial empty ${key}`;
  return `${source.write.op}`;
}
