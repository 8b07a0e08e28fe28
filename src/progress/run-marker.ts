/**
 * "A run is in progress" marker, for the one failure the page cannot catch:
 * learner code that exhausts memory kills the whole tab (the runner worker
 * lives in the page's renderer process), so no error message can be shown at
 * the time. The notebook sets the marker just before a run and clears it
 * when the result arrives; a marker still there when a page loads means the
 * last run took the tab down, and the cell says so. Tiny and schema-free: it
 * loads with the cell island, before any interaction.
 */

export const RUN_MARKER_KEY = 'workbook:running';

export interface RunMarker {
  /** The cell whose Run (or Run all) was pressed. */
  readonly cell: string;
  readonly at: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function markRunStarted(cell: string, now = Date.now()): void {
  try {
    storage()?.setItem(RUN_MARKER_KEY, JSON.stringify({ cell, at: now } satisfies RunMarker));
  } catch {
    // storage full or blocked: the run goes ahead, only the crash note is lost
  }
}

export function markRunFinished(): void {
  try {
    storage()?.removeItem(RUN_MARKER_KEY);
  } catch {
    /* nothing to do */
  }
}

/**
 * The marker left by a run of `cell` that never finished, taken (removed) so
 * it is reported once; null when there is none or it names another cell.
 * (Another tab's run in progress looks the same; that rare case gets a
 * needless note, never a lost edit.)
 */
export function takeCrashedRun(cell: string): RunMarker | null {
  const s = storage();
  try {
    const raw = s?.getItem(RUN_MARKER_KEY);
    if (!raw) return null;
    const m = JSON.parse(raw) as Partial<RunMarker>;
    if (m.cell !== cell) return null;
    s?.removeItem(RUN_MARKER_KEY);
    return typeof m.at === 'number' ? { cell, at: m.at } : null;
  } catch {
    return null;
  }
}
