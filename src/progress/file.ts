/**
 * The export file format and the checks an import must pass.
 *
 * An export is `{ format, exportedAt, progress }`. An import is read with the
 * same defensive parser as storage; a file that is not a workbook export, is
 * from a newer workbook, or holds nothing readable is refused with a reason,
 * and refusal never touches the current progress (the caller only writes on
 * `ok: true`).
 */
import { sanitizeProgress } from './parse.ts';
import { LIMITS, PROGRESS_VERSION, own, type ProgressData } from './schema.ts';

export const EXPORT_FORMAT = 'replication-workbook-progress';

export interface ExportFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly progress: ProgressData;
}

/** The text of an export file. */
export function toExportText(data: ProgressData, now: number): string {
  const file: ExportFile = { format: EXPORT_FORMAT, exportedAt: new Date(now).toISOString(), progress: data };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** File name for a download, e.g. `replication-workbook-progress-2026-11-22.json`. */
export function exportFileName(now: number): string {
  return `${EXPORT_FORMAT}-${new Date(now).toISOString().slice(0, 10)}.json`;
}

export type ImportCheck =
  | { readonly ok: true; readonly data: ProgressData; readonly skipped: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): ImportCheck => ({
  ok: false,
  reason: `${reason} Your current progress was not changed.`,
});

function isEmpty(data: ProgressData): boolean {
  return Object.keys(data.chapters).length + Object.keys(data.exercises).length + Object.keys(data.cells).length === 0;
}

/** Reads the text of a file the learner chose to import. */
export function readImportText(text: string, newSeed: () => number): ImportCheck {
  if (text.trim() === '') return refuse('The file is empty.');
  if (text.length > LIMITS.rawChars) return refuse('The file is too large to be a progress export.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('The file is not valid JSON, so it cannot be a progress export.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('The file is not a Replication Workbook progress export.');
  }
  const record = value as Record<string, unknown>;
  let doc: unknown;
  if (own(record, 'format') !== undefined) {
    if (own(record, 'format') !== EXPORT_FORMAT)
      return refuse('The file is not a Replication Workbook progress export.');
    doc = own(record, 'progress');
  } else if (own(record, 'version') !== undefined && own(record, 'chapters') !== undefined) {
    doc = record; // a bare stored document, e.g. copied out of the browser's storage
  } else {
    return refuse('The file is not a Replication Workbook progress export.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return refuse('The file has no progress in it.');
  }
  const version = own(doc as Record<string, unknown>, 'version');
  if (typeof version === 'number' && version > PROGRESS_VERSION) {
    return refuse('The file was exported by a newer version of the workbook. Reload the workbook and try again.');
  }
  const { data, problems } = sanitizeProgress(doc, { newSeed });
  if (isEmpty(data)) {
    return problems.length > 0
      ? refuse('Nothing in the file could be read as progress.')
      : refuse('The file holds no progress (no chapters, exercises or notebook edits).');
  }
  return { ok: true, data, skipped: problems };
}
