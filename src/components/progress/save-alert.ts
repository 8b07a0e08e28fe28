/**
 * The moment a save fails (storage full or blocked), every page says so at
 * once, wherever the learner is (a chapter page has no StorageNotice banner),
 * and offers Export: a quiz attempt or an exercise pass recorded after that
 * lives only in this tab. Plain DOM, shown once per page load, from whichever
 * island first sees the failure (they all go through useProgress).
 */
import { NOTICE_TEXT, type ProgressStore } from '../../progress/index.ts';
import { downloadText } from './download.ts';

let shown = false;

export function showSaveAlertIfFailed(store: ProgressStore): void {
  if (shown || typeof document === 'undefined') return;
  if (!store.notices().some((n) => n.kind === 'write-failed')) return;
  shown = true;
  const box = document.createElement('div');
  box.className = 'wb-save-alert';
  box.setAttribute('role', 'alert');
  Object.assign(box.style, {
    position: 'fixed',
    insetInline: '1rem',
    bottom: '1rem',
    zIndex: '1000',
    maxWidth: '40rem',
    margin: '0 auto',
    padding: '0.75rem 1rem',
    background: 'var(--surface, #fff)',
    color: 'var(--fg, #1d2330)',
    border: '2px solid var(--bad, #b3261e)',
    borderRadius: '8px',
    boxShadow: '0 4px 16px rgba(0, 0, 0, 0.25)',
  });
  const text = document.createElement('p');
  text.style.margin = '0 0 0.5rem';
  text.textContent = NOTICE_TEXT['write-failed'];
  const exportButton = document.createElement('button');
  exportButton.type = 'button';
  exportButton.textContent = 'Export progress';
  exportButton.addEventListener('click', () => {
    const f = store.exportFile();
    downloadText(f.name, f.text);
  });
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.style.marginInlineStart = '0.5rem';
  dismiss.addEventListener('click', () => box.remove());
  box.append(text, exportButton, dismiss);
  document.body.append(box);
}
