/**
 * Turns any JavaScript value into a JSON-safe `Inspected` tree (bounded in
 * depth and breadth, cycle-safe, never throws) and formats console arguments.
 */
import type { Inspected } from './protocol.ts';
import { safeText, thrownMessage } from './safe.ts';

export interface InspectOptions {
  /** Levels of nesting expanded before values are summarised. */
  readonly depth?: number;
  /** Items per array / entries per object kept; the rest are counted in `more`. */
  readonly breadth?: number;
  /** Characters per string kept. */
  readonly maxString?: number;
}

const DEFAULTS = { depth: 6, breadth: 100, maxString: 10_000 } as const;

function ctorName(v: object): string | null {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype) return null;
  try {
    const c = (proto as { constructor?: { name?: unknown } }).constructor;
    return typeof c?.name === 'string' && c.name !== '' ? c.name : null;
  } catch {
    return null;
  }
}

function summary(v: object): string {
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (v instanceof Map) return `Map(${v.size})`;
  if (v instanceof Set) return `Set(${v.size})`;
  return `${ctorName(v) ?? 'Object'} {…}`;
}

export function inspect(value: unknown, options: InspectOptions = {}): Inspected {
  const depth = options.depth ?? DEFAULTS.depth;
  const breadth = options.breadth ?? DEFAULTS.breadth;
  const maxString = options.maxString ?? DEFAULTS.maxString;
  const stack = new Set<object>();

  const walk = (v: unknown, level: number): Inspected => {
    switch (typeof v) {
      case 'undefined':
        return { t: 'undefined' };
      case 'boolean':
        return { t: 'boolean', v };
      case 'number':
        return { t: 'number', v: Object.is(v, -0) ? '-0' : String(v) };
      case 'bigint':
        return { t: 'bigint', v: `${v.toString()}n` };
      case 'string':
        return v.length > maxString
          ? { t: 'string', v: v.slice(0, maxString), truncated: v.length - maxString }
          : { t: 'string', v };
      case 'symbol':
        return { t: 'symbol', v: v.toString() };
      case 'function':
        return { t: 'function', name: safeText(v, 'name', '') || '(anonymous)' };
      default:
        break;
    }
    if (v === null) return { t: 'null' };
    const o = v as object;
    if (stack.has(o)) return { t: 'circular' };
    try {
      if (o instanceof Error)
        return { t: 'error', name: safeText(o, 'name', 'Error'), message: safeText(o, 'message', '') };
      if (o instanceof Date) return { t: 'date', v: Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString() };
      if (level >= depth) return { t: 'elided', summary: summary(o) };
      stack.add(o);
      if (Array.isArray(o)) {
        const n = Math.min(o.length, breadth);
        const items: Inspected[] = [];
        for (let i = 0; i < n; i++) items.push(walk(o[i], level + 1));
        return { t: 'array', length: o.length, items, more: o.length - n };
      }
      if (o instanceof Map) {
        const entries: (readonly [Inspected, Inspected])[] = [];
        for (const [k, val] of o) {
          if (entries.length >= breadth) break;
          entries.push([walk(k, level + 1), walk(val, level + 1)]);
        }
        return { t: 'map', size: o.size, entries, more: o.size - entries.length };
      }
      if (o instanceof Set) {
        const items: Inspected[] = [];
        for (const x of o) {
          if (items.length >= breadth) break;
          items.push(walk(x, level + 1));
        }
        return { t: 'set', size: o.size, items, more: o.size - items.length };
      }
      const keys = Object.keys(o);
      const n = Math.min(keys.length, breadth);
      const entries: (readonly [string, Inspected])[] = [];
      for (let i = 0; i < n; i++) {
        const k = keys[i] as string;
        let child: Inspected;
        try {
          child = walk((o as Record<string, unknown>)[k], level + 1);
        } catch (e) {
          child = { t: 'error', name: 'Getter threw', message: thrownMessage(e) };
        }
        entries.push([k, child]);
      }
      return { t: 'object', ctor: ctorName(o), entries, more: keys.length - n };
    } catch (e) {
      return { t: 'error', name: 'Uninspectable', message: thrownMessage(e) };
    } finally {
      stack.delete(o);
    }
  };
  return walk(value, 0);
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** One-line rendering of an `Inspected` tree, e.g. `{ a: 1, b: [1, 2] }`. Long output is cut with `…`. */
export function formatInline(x: Inspected, max = 2_000): string {
  const s = fmt(x, true);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function fmt(x: Inspected, top: boolean): string {
  switch (x.t) {
    case 'undefined':
    case 'null':
      return x.t;
    case 'boolean':
      return String(x.v);
    case 'number':
    case 'bigint':
    case 'symbol':
    case 'date':
      return x.v;
    case 'string':
      return top ? x.v : JSON.stringify(x.v) + (x.truncated ? '…' : '');
    case 'function':
      return `[Function ${x.name}]`;
    case 'error':
      return `${x.name}: ${x.message}`;
    case 'circular':
      return '[Circular]';
    case 'elided':
      return x.summary;
    case 'array': {
      const parts = x.items.map((i) => fmt(i, false));
      if (x.more > 0) parts.push(`… ${x.more} more`);
      return `[${parts.join(', ')}]`;
    }
    case 'set': {
      const parts = x.items.map((i) => fmt(i, false));
      if (x.more > 0) parts.push(`… ${x.more} more`);
      return `Set(${x.size}) {${parts.length ? ` ${parts.join(', ')} ` : ''}}`;
    }
    case 'map': {
      const parts = x.entries.map(([k, v]) => `${fmt(k, false)} => ${fmt(v, false)}`);
      if (x.more > 0) parts.push(`… ${x.more} more`);
      return `Map(${x.size}) {${parts.length ? ` ${parts.join(', ')} ` : ''}}`;
    }
    case 'object': {
      const parts = x.entries.map(([k, v]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${fmt(v, false)}`);
      if (x.more > 0) parts.push(`… ${x.more} more`);
      const body = parts.length ? `{ ${parts.join(', ')} }` : '{}';
      return x.ctor ? `${x.ctor} ${body}` : body;
    }
  }
}

/** Formats console arguments the way a terminal would: strings raw, other values inline-inspected, joined by spaces. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : formatInline(inspect(a, { depth: 4, breadth: 50 })))).join(' ');
}
