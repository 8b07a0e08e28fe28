import { type Change, type DerivedView, type Value } from 'workbook';

function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

// Counts where each seat went, never where it came from (the before image is ignored).
export function onChange(view: DerivedView, change: Change): void {
  const last = typeof view._lsn === 'number' ? view._lsn : 0;
  if (change.lsn <= last) return;
  view._lsn = change.lsn;
  const after = status(change.after);
  if (after === null) return;
  const current = view[after];
  view[after] = (typeof current === 'number' ? current : 0) + 1;
}
