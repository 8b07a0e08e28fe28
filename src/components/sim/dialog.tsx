/**
 * A modal dialog showing one run, for `workbook:open-run` requests on pages
 * without a simulation of that scenario (a quiz page, an exercise result),
 * and for ready-made exercise runs (`openTraceDialog`), which have no
 * scenario to re-run. Native <dialog>: focus moves in, Escape closes, focus
 * returns on close.
 */
import { render } from 'preact';
import SimulationApp from './SimulationApp.tsx';
import type { TraceRun } from './model/exercise-run.ts';

const ID = 'workbook-run-dialog';

/**
 * The control that opened the dialog: focus goes back to it on close. The
 * browser's own return can miss, since the opener may have lost focus while
 * the run was being prepared; callers say who opened it.
 */
let opener: HTMLElement | null = null;

function showModal(dlg: HTMLDialogElement, from: HTMLElement | null): void {
  if (dlg.open) return;
  opener = from;
  dlg.showModal();
}

function ensureDialog(): { dlg: HTMLDialogElement; title: HTMLElement; mount: HTMLElement } | null {
  let dlg = document.getElementById(ID) as HTMLDialogElement | null;
  if (!dlg) {
    dlg = document.createElement('dialog');
    dlg.id = ID;
    dlg.className = 'sim-dialog';
    dlg.setAttribute('aria-labelledby', `${ID}-title`);
    const head = document.createElement('div');
    head.className = 'sim-dialog-head';
    const h = document.createElement('h2');
    h.id = `${ID}-title`;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => dlg?.close());
    head.append(h, close);
    const mount = document.createElement('div');
    mount.className = 'sim-dialog-body';
    dlg.append(head, mount);
    dlg.addEventListener('close', () => {
      render(null, mount);
      const back = opener;
      opener = null;
      if (back?.isConnected) back.focus();
    });
    document.body.append(dlg);
  }
  const title = dlg.querySelector('h2');
  const mount = dlg.querySelector<HTMLElement>('.sim-dialog-body');
  if (!title || !mount) return null;
  return { dlg, title, mount };
}

export function openRunDialog(scenario: string, hash: string, from: HTMLElement | null = null): void {
  const d = ensureDialog();
  if (!d) return;
  d.title.textContent = `Run of ${scenario}`;
  d.dlg.dataset.kind = 'scenario';
  render(null, d.mount);
  render(
    <SimulationApp
      key={hash}
      scenario={scenario}
      faults={[]}
      title={scenario}
      seed={0}
      initialHash={hash}
      focusOnLoad
      showInfo
    />,
    d.mount,
  );
  showModal(d.dlg, from);
}

let traceRuns = 0;

/** Opens a ready-made (validated) run, such as a failed exercise seed with the learner's code, at its step. */
export function openTraceDialog(run: TraceRun, from: HTMLElement | null = null): void {
  const d = ensureDialog();
  if (!d) return;
  const f = run.failure;
  const owner = run.whose === undefined ? 'Your run' : `${run.whose}’s run`;
  d.title.textContent = `${owner}: ${run.title}${f ? ` — ${f.property} failed at step ${f.step}` : ''}`;
  d.dlg.dataset.kind = 'trace';
  render(null, d.mount);
  render(
    <SimulationApp
      key={`trace-${++traceRuns}`}
      scenario={run.trace.label}
      faults={[]}
      title={run.title}
      seed={run.trace.seed}
      fixedRun={run}
      focusOnLoad
    />,
    d.mount,
  );
  showModal(d.dlg, from);
}
