/**
 * Page-wide listener for `workbook:open-run` (fired by quiz and exercise
 * islands to show a specific run, e.g. a failing grader seed) and for replay
 * links in the URL hash. It finds the simulation island for the scenario
 * (the one nearest the viewport), scrolls to it and hands it the run; with no
 * such island on the page it opens the run in a dialog. Tiny on purpose:
 * the dialog and the view load only when needed.
 *
 *   window.dispatchEvent(new CustomEvent('workbook:open-run', {
 *     detail: { scenario: 'ch02-stop-and-restart', seed: 42, step: 317 },
 *   }));
 *
 * A detail may instead carry a ready trace (a failed exercise seed rebuilt
 * with the learner's code by the code runner, see Exercise.tsx):
 *
 *   { trace, step, title, failure: { property, message, seed, step }, violations, properties }
 *
 * That run is not in the scenario registry and cannot be re-run, so it always
 * opens in the dialog, fixed (no fault injection, no other seeds).
 *
 * `step` is a trace step (an event index, as in a checker's Violation): the
 * view opens with that event just applied. Everything in `detail` and in the
 * hash is validated as data; nothing is evaluated and nothing auto-plays.
 */
import { setPendingRun, SIM_OPEN_EVENT } from './pending.ts';

export const OPEN_RUN_EVENT = 'workbook:open-run';
export type { OpenRunDetail, OpenTraceDetail } from './run-request.ts';

/** The island for `scenario` nearest to the middle of the viewport. */
export function findIsland(scenario: string, doc: Document = document): HTMLElement | null {
  const all = [...doc.querySelectorAll<HTMLElement>('[data-sim-scenario]')].filter(
    (el) => el.dataset.simScenario === scenario,
  );
  if (all.length <= 1) return all[0] ?? null;
  const mid = (doc.defaultView?.innerHeight ?? 800) / 2;
  let best = all[0] as HTMLElement;
  let bestD = Infinity;
  for (const el of all) {
    const r = el.getBoundingClientRect();
    const d = Math.abs((r.top + r.bottom) / 2 - mid);
    if (d < bestD) {
      bestD = d;
      best = el;
    }
  }
  return best;
}

/**
 * The element that last had focus. A run is often requested from a button
 * that loses focus while the request is prepared (it is disabled, or
 * re-rendered), so the dialog returns focus here rather than to the body.
 */
let lastFocused: HTMLElement | null = null;

/** What should get focus back when a run dialog closes. */
function openerNow(): HTMLElement | null {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body) return active;
  return lastFocused?.isConnected ? lastFocused : null;
}

export function openRun(scenario: string, hash: string): void {
  const el = findIsland(scenario);
  if (el) {
    setPendingRun(el, hash);
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
    el.dispatchEvent(new CustomEvent(SIM_OPEN_EVENT, { detail: hash }));
    return;
  }
  const opener = openerNow();
  void import('./dialog.tsx').then((m) => m.openRunDialog(scenario, hash, opener));
}

function fromHash(): void {
  // Cheap test first: the parser is only fetched for replay links.
  if (!location.hash.startsWith('#sim=')) return;
  const hash = location.hash;
  void import('./model/hash.ts').then(({ parseRunHash }) => {
    const r = parseRunHash(hash);
    if (!r) return;
    if (!r.ok) {
      console.warn(`Replay link ignored: ${r.error}.`);
      return;
    }
    openRun(r.run.scenario, hash);
  });
}

/** Whether an open-run detail brings a ready trace (then it is read by model/exercise-run.ts, never re-run). */
export function carriesTrace(detail: unknown): boolean {
  try {
    return typeof detail === 'object' && detail !== null && Object.prototype.hasOwnProperty.call(detail, 'trace');
  } catch {
    return false;
  }
}

/** Installs the listeners once per page. */
export function installRunListener(): void {
  const w = window as unknown as { __workbookRunListener?: boolean };
  if (w.__workbookRunListener) return;
  w.__workbookRunListener = true;
  document.addEventListener('focusin', (ev) => {
    if (ev.target instanceof HTMLElement) lastFocused = ev.target;
  });
  window.addEventListener(OPEN_RUN_EVENT, (ev) => {
    const detail: unknown = (ev as CustomEvent).detail;
    if (carriesTrace(detail)) {
      const opener = openerNow();
      void Promise.all([import('./model/exercise-run.ts'), import('./dialog.tsx')]).then(([{ readTraceRun }, m]) => {
        const r = readTraceRun(detail);
        if (!r.ok) {
          console.warn(`workbook:open-run ignored: ${r.error}.`);
          return;
        }
        m.openTraceDialog(r.run, opener);
      });
      return;
    }
    void import('./run-request.ts').then(({ detailToHash }) => {
      const r = detailToHash(detail);
      if (!r) {
        console.warn(
          'workbook:open-run ignored: detail must be { scenario, seed, step? } with a valid scenario name and a 32-bit seed.',
        );
        return;
      }
      openRun(r.scenario, r.hash);
    });
  });
  window.addEventListener('hashchange', fromHash);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fromHash, { once: true });
  else fromHash();
}
