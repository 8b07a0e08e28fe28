/**
 * Value helpers shared by the checkers: canonical keys for equality and short
 * renderings for learner-facing messages.
 *
 * Trace values are plain JSON, so two values are "the same" when their
 * canonical JSON (object keys sorted) is the same. A missing value (a read of a
 * key nobody wrote yet) is treated as `null`, the register's initial value.
 */
import type { Value } from '../../trace/events.ts';

/** Canonical string for a value, usable as a Map key. `undefined` counts as `null`. */
export function valueKey(value: Value | undefined): string {
  return canonical(value ?? null);
}

function canonical(value: Value): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Value) => canonical(v)).join(',')}]`;
  const record = value as { readonly [k: string]: Value };
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k] ?? null)}`).join(',')}}`;
}

/** Deep equality of two trace values (`undefined` equals `null`). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return valueKey(a) === valueKey(b);
}

/**
 * A short rendering for messages: numbers, booleans and simple words print
 * bare (`gold=105`), anything else as JSON, and a missing value as `nothing`.
 */
export function formatValue(value: Value | undefined): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return /^[\w.:-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = canonical(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `key=value` the way messages show it. */
export function formatKeyValue(key: string, value: Value | undefined): string {
  return `${key}=${formatValue(value)}`;
}

/** The elements of a set-like value: arrays are sets, anything else has none. */
export function elementsOf(value: Value | undefined): readonly Value[] {
  return Array.isArray(value) ? (value as readonly Value[]) : [];
}
