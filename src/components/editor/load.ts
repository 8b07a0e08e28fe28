/**
 * The only way the page should reach Monaco: a cached dynamic import, so the
 * editor's ~2.5 MB load only when a learner clicks or focuses code. This file
 * itself is tiny and imported statically by the islands that open editors.
 */
export type EditorModule = typeof import('./monaco.ts');

let pending: Promise<EditorModule> | null = null;

export function loadEditor(): Promise<EditorModule> {
  pending ??= import('./monaco.ts').catch((e: unknown) => {
    pending = null; // allow a retry
    throw e;
  });
  return pending;
}

/**
 * Runs `then` once no editor load is in flight: at once if none was asked
 * for, otherwise after Monaco has loaded (or failed). Evaluating Monaco holds
 * the main thread for most of a second on a 2-core machine; booting the
 * runner's spare workers (src/runner/pool.ts) at the same moment took about
 * 250 ms more from click to editor ready (median of 10: 1.40 s against 1.17 s
 * without), so they wait.
 */
export function afterEditorLoads(then: () => void): void {
  if (!pending) return then();
  void pending.then(then, then);
}
