/**
 * The only way the page should reach Monaco: a cached dynamic import, so the
 * editor's ~2.5 MB load only when a learner clicks or focuses code.
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
