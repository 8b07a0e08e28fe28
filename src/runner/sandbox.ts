/**
 * A fresh SES Compartment for one run of learner code: its own global object,
 * holding only what cells are given (console, the notebook hooks, `require`
 * for 'workbook', and the start realm's Date and Math so `Date.now()` and
 * `Math.random()` work). It has no `postMessage`, `self`, `onmessage`,
 * `fetch`, `importScripts` or timers: learner code cannot talk to the page,
 * forge the runner's messages or reach the network. The shared intrinsics are
 * frozen by lockdown.ts, which must have run first.
 */
import { isLockedDown } from './lockdown.ts';

export interface Sandbox {
  /** The compartment's global object: set per-cell endowments (exports, module) on it. */
  readonly globals: Record<string, unknown>;
  /** Evaluates a script (strict); returns its completion value or throws what the code threw. */
  evaluate(js: string): unknown;
}

export function createSandbox(endowments: Readonly<Record<string, unknown>>): Sandbox {
  if (!isLockedDown()) throw new Error('The runner sandbox needs lockdown() first (import ./lockdown.ts).');
  const compartment = new Compartment({ __options__: true, name: 'learner' });
  const globals = compartment.globalThis;
  Object.assign(globals, { Date, Math }, endowments);
  // `i-->0` is JavaScript, not an HTML comment: let it through (SES would reject the whole cell).
  return { globals, evaluate: (js) => compartment.evaluate(js, { __evadeHtmlCommentTest__: true }) };
}
