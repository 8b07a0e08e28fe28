/**
 * Saved cell edits, through the progress module (src/progress: key
 * `workbook:progress`, schema-checked). That module (with its schema library)
 * loads only when needed: a cheap peek at the raw storage text tells whether
 * this cell could have a saved edit at all, so pages with untouched cells ship
 * none of it before the learner interacts.
 */
type Progress = typeof import('../../progress/index.ts');
let progress: Promise<Progress> | null = null;
const load = () => (progress ??= import('../../progress/index.ts'));

/** Must match PROGRESS_KEY in src/progress/schema.ts. */
const PROGRESS_KEY = 'workbook:progress';

function mightHaveEdit(cellId: string): boolean {
  try {
    return localStorage.getItem(PROGRESS_KEY)?.includes(JSON.stringify(cellId)) ?? false;
  } catch {
    return false;
  }
}

export async function getSavedEdit(cellId: string): Promise<string | undefined> {
  if (!mightHaveEdit(cellId)) return undefined;
  try {
    return (await load()).getCellEdit(cellId);
  } catch {
    return undefined;
  }
}

/** Saves the edit; false when it was refused (too large, or over the total for saved edits) or storage failed. */
export async function saveEdit(cellId: string, code: string): Promise<boolean> {
  try {
    const p = await load();
    return p.saveCellEdit(cellId, code) && p.getProgressStore().persistent();
  } catch {
    // storage unavailable: the edit lives on in memory for this visit
    return false;
  }
}

export async function clearEdit(cellId: string): Promise<void> {
  try {
    (await load()).clearCellEdit(cellId);
  } catch {
    // nothing to clear
  }
}
