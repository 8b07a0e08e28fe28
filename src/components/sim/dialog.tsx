/**
 * A modal dialog showing one run, for `workbook:open-run` requests on pages
 * without a simulation of that scenario (a quiz page, an exercise result).
 * Native <dialog>: focus moves in, Escape closes, focus returns on close.
 */
import { render } from 'preact';
import SimulationApp from './SimulationApp.tsx';

const ID = 'workbook-run-dialog';

export function openRunDialog(scenario: string, hash: string): void {
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
    dlg.addEventListener('close', () => render(null, mount));
    document.body.append(dlg);
  }
  const title = dlg.querySelector('h2');
  const mount = dlg.querySelector<HTMLElement>('.sim-dialog-body');
  if (!title || !mount) return;
  title.textContent = `Run of ${scenario}`;
  render(null, mount);
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
    mount,
  );
  if (!dlg.open) dlg.showModal();
}
