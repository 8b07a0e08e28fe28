/**
 * Turns any JavaScript value into a JSON-safe `Inspected` tree (bounded in
 * depth, breadth, total nodes and total string characters (bounds.ts),
 * cycle-safe, never throws) and formats console arguments.
 */
import type { Inspected } from './protocol.ts';
import { safeText, thrownMessage } from './safe.ts';
import { MAX_VALUE_CHARS, MAX_VALUE_NODES } from './bounds.ts';

export interface InspectOptions {
  /** Levels of nesting expanded before values are summarised. */
  readonly depth?: number;
  /** Items per array / entries per object kept; the rest are counted in `more`. */
  readonly breadth?: number;
  /** Characters per string kept. */
  readonly maxString?: number;
  /** Nodes in the whole tree; past it, values are summarised (`elided`). */
  readonly maxNodes?: number;
  /** String characters in the whole tree. */
  readonly maxChars?: number;
}

const DEFAULTS = {
  depth: 6,
  breadth: 100,
  maxString: 10_000,
  maxNodes: MAX_VALUE_NODES,
  maxChars: MAX_VALUE_CHARS,
} as const;

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
  let charsLeft = options.maxChars ?? DEFAULTS.maxChars;
  let count = 0;
  const stack = new Set<object>();

  /**
   * `allow` is how many nodes this subtree may use. A container splits what it
   * has left evenly among the children still to come, so a big first child
   * cannot starve its siblings: a 100×100×100 array shows all 100 rows,
   * each summarised, rather than the first row in full and "… 99 more".
   */
  const children = <T>(xs: Iterable<T>, allow: number, each: (x: T, share: number) => void): number => {
    const start = count;
    const n = Math.max(0, Math.min(breadth, allow - 1));
    let i = 0;
    for (const x of xs) {
      if (i >= n) break;
      const share = Math.floor((allow - 1 - (count - start)) / (n - i));
      if (share < 1) break;
      each(x, share);
      i++;
    }
    return i;
  };

  const walk = (v: unknown, level: number, allow: number): Inspected => {
    count++;
    switch (typeof v) {
      case 'undefined':
        return { t: 'undefined' };
      case 'boolean':
        return { t: 'boolean', v };
      case 'number':
        return { t: 'number', v: Object.is(v, -0) ? '-0' : String(v) };
      case 'bigint':
        return { t: 'bigint', v: `${v.toString()}n` };
      case 'string': {
        const keep = Math.max(0, Math.min(maxString, charsLeft));
        charsLeft -= Math.min(v.length, keep);
        return v.length > keep ? { t: 'string', v: v.slice(0, keep), truncated: v.length - keep } : { t: 'string', v };
      }
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
      if (level >= depth || allow < 2) return { t: 'elided', summary: summary(o) };
      stack.add(o);
      if (Array.isArray(o)) {
        const items: Inspected[] = [];
        const indices = {
          *[Symbol.iterator]() {
            for (let i = 0; i < o.length; i++) yield i;
          },
        };
        children(indices, allow, (i, share) => items.push(walk(o[i], level + 1, share)));
        return { t: 'array', length: o.length, items, more: o.length - items.length };
      }
      if (o instanceof Map) {
        const entries: (readonly [Inspected, Inspected])[] = [];
        children(o, allow, ([k, val]: [unknown, unknown], share) => {
          const key = walk(k, level + 1, Math.max(1, share >> 1));
          entries.push([key, walk(val, level + 1, Math.max(1, share - (share >> 1)))]);
        });
        return { t: 'map', size: o.size, entries, more: o.size - entries.length };
      }
      if (o instanceof Set) {
        const items: Inspected[] = [];
        children(o, allow, (x, share) => items.push(walk(x, level + 1, share)));
        return { t: 'set', size: o.size, items, more: o.size - items.length };
      }
      const keys = Object.keys(o);
      const entries: (readonly [string, Inspected])[] = [];
      children(keys, allow, (k, share) => {
        let child: Inspected;
        try {
          child = walk((o as Record<string, unknown>)[k], level + 1, share);
        } catch (e) {
          child = { t: 'error', name: 'Getter threw', message: thrownMessage(e) };
        }
        entries.push([k, child]);
      });
      return { t: 'object', ctor: ctorName(o), entries, more: keys.length - entries.length };
    } catch (e) {
      return { t: 'error', name: 'Uninspectable', message: thrownMessage(e) };
    } finally {
      stack.delete(o);
    }
  };
  return walk(value, 0, options.maxNodes ?? DEFAULTS.maxNodes);
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** One-line rendering of an `Inspected` tree, e.g. `{ a: 1, b: [1, 2] }`. Long output is cut with `…`. */
export function formatInline(x: Inspected, max = 2_000): string {
  // the budget stops the walk early: a preview of a huge tree costs `max`, not the tree
  const s = fmt(x, true, { left: max + 1 });
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

interface Budget {
  left: number;
}

/** Joins the parts `each` renders, stopping once the budget is spent. */
function joinParts<T>(xs: readonly T[], each: (x: T) => string, more: number, budget: Budget): string {
  const parts: string[] = [];
  for (const x of xs) {
    if (budget.left <= 0) break;
    const p = each(x);
    budget.left -= p.length + 2;
    parts.push(p);
  }
  const cut = xs.length - parts.length + more;
  if (cut > 0) parts.push(`… ${cut} more`);
  return parts.join(', ');
}

function fmt(x: Inspected, top: boolean, budget: Budget): string {
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
    case 'string': {
      const v = x.v.length > budget.left ? x.v.slice(0, Math.max(0, budget.left)) : x.v;
      const cut = Boolean(x.truncated) || v.length < x.v.length;
      return top ? v + (cut ? '…' : '') : JSON.stringify(v) + (cut ? '…' : '');
    }
    case 'function':
      return `[Function ${x.name}]`;
    case 'error':
      return `${x.name}: ${x.message}`;
    case 'circular':
      return '[Circular]';
    case 'elided':
      return x.summary;
    case 'array':
      return `[${joinParts(x.items, (i) => fmt(i, false, budget), x.more, budget)}]`;
    case 'set': {
      const body = joinParts(x.items, (i) => fmt(i, false, budget), x.more, budget);
      return `Set(${x.size}) {${body ? ` ${body} ` : ''}}`;
    }
    case 'map': {
      const body = joinParts(
        x.entries,
        ([k, v]) => `${fmt(k, false, budget)} => ${fmt(v, false, budget)}`,
        x.more,
        budget,
      );
      return `Map(${x.size}) {${body ? ` ${body} ` : ''}}`;
    }
    case 'object': {
      const body = joinParts(
        x.entries,
        ([k, v]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${fmt(v, false, budget)}`,
        x.more,
        budget,
      );
      const braces = body ? `{ ${body} }` : '{}';
      return x.ctor ? `${x.ctor} ${braces}` : braces;
    }
  }
}

/** Formats console arguments the way a terminal would: strings raw, other values inline-inspected, joined by spaces. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : formatInline(inspect(a, { depth: 4, breadth: 50 })))).join(' ');
}
