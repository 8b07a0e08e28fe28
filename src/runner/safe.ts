/**
 * Reading values learner code made, without letting them throw at us. A cell
 * can throw (or return) `Object.create(null)`, an object whose `toString`
 * throws, a revoked Proxy, or an Error whose `message` getter throws; every
 * read the runner does on such a value goes through here, so the learner gets
 * a normal error report instead of a crashed worker.
 */

/** `v[key]`, or `undefined` when reading it throws (getter, Proxy trap, revoked Proxy). */
export function safeGet(v: unknown, key: string): unknown {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return undefined;
  try {
    return (v as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `v instanceof C`, or false when asking throws (a Proxy's getPrototypeOf trap). */
export function safeInstanceOf(v: unknown, C: abstract new (...args: never[]) => unknown): boolean {
  try {
    return v instanceof C;
  } catch {
    return false;
  }
}

/** A string for any value: `String(v)`, else its `[object Tag]`, else a placeholder. Never throws. */
export function safeString(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    try {
      return Object.prototype.toString.call(v);
    } catch {
      return '[a value that cannot be shown]';
    }
  }
}

/** A property that should be a string (an error's name or message), or `fallback`. */
export function safeText(v: unknown, key: string, fallback: string): string {
  const x = safeGet(v, key);
  return x === undefined ? fallback : safeString(x);
}

/** How a thrown value reads in one line: `TypeError: x is not a function`, or `Uncaught "text"`. */
export function describeThrown(e: unknown): string {
  if (safeInstanceOf(e, Error)) return `${safeText(e, 'name', 'Error')}: ${safeText(e, 'message', '')}`;
  if (typeof e === 'string') return `Uncaught ${JSON.stringify(e)}`;
  return `Uncaught ${safeString(e)}`;
}

/** The message of a thrown Error, or how a thrown non-Error reads (`Uncaught …`). */
export function thrownMessage(e: unknown): string {
  return safeInstanceOf(e, Error) ? safeText(e, 'message', '') : describeThrown(e);
}
