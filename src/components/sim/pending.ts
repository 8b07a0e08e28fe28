/**
 * Hand-off of a requested run to a simulation island that may not have
 * hydrated yet. The request is a replay-link string (`#sim=...`), stored on
 * the island's element and announced with an event; the view parses and
 * validates it (model/hash.ts) when it loads. Kept tiny: the island imports it.
 */

/** Event sent to an island's element; `detail` is the run as a `#sim=...` string. */
export const SIM_OPEN_EVENT = 'workbook:sim-open';

const ATTR = 'data-sim-pending';

/** Leaves a run request on an island element (consumed when it hydrates). */
export function setPendingRun(el: Element, hash: string): void {
  el.setAttribute(ATTR, hash);
}

/** The run request in an event detail, or the one left on the element (which is consumed). */
export function readPendingRun(el: Element, detail?: unknown): string | null {
  if (typeof detail === 'string' && detail.startsWith('#sim=')) {
    el.removeAttribute(ATTR);
    return detail;
  }
  const v = el.getAttribute(ATTR);
  if (v === null) return null;
  el.removeAttribute(ATTR);
  return v.startsWith('#sim=') ? v : null;
}
