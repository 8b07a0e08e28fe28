/**
 * Subscribes an island to the shared progress store.
 *
 * Returns null during server rendering and the first client render (so the
 * hydrated markup matches the server's), then the live store and document;
 * re-renders whenever progress changes in this tab or another.
 */
import { useEffect, useState } from 'preact/hooks';
import { getProgressStore, type ProgressData, type ProgressStore } from '../../progress/index.ts';
import { showSaveAlertIfFailed } from './save-alert.ts';

export interface ProgressView {
  readonly store: ProgressStore;
  readonly data: ProgressData;
}

export function useProgress(): ProgressView | null {
  const [view, setView] = useState<ProgressView | null>(null);
  useEffect(() => {
    const store = getProgressStore();
    const update = () => {
      setView({ store, data: store.get() });
      showSaveAlertIfFailed(store);
    };
    update();
    return store.subscribe(update);
  }, []);
  return view;
}

/** Formats a saved time as a short local date, e.g. "22 Nov 2026". */
export function formatDate(ms: number): string {
  try {
    return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

export { downloadText } from './download.ts';
