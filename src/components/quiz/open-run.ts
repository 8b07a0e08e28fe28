/**
 * "Run this scenario" in a quiz review: dispatches a bubbling, cancelable
 * `workbook:open-run` CustomEvent with `detail: { scenario, seed }` from the
 * button; the simulation view calls `preventDefault()` on it to say it took
 * the run. Answers the sentence to show next to the button either way.
 */
import type { RunRef } from '../../assessment/quiz/types.ts';

export function openRun(run: RunRef, button: HTMLButtonElement): string {
  const event = new CustomEvent('workbook:open-run', {
    detail: { scenario: run.scenario, seed: run.seed },
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  const handled = !button.dispatchEvent(event);
  return handled
    ? `Opened scenario “${run.scenario}” with seed ${run.seed} in the simulation view.`
    : `The simulation view is not on this page: open it and run scenario “${run.scenario}” with seed ${run.seed}.`;
}
