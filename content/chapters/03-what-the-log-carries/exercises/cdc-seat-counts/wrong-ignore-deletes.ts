import { type Change, type DerivedView, type Value } from 'workbook';

function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

function add(view: DerivedView, name: string | null, by: number): void {
  if (name === null) return;
  const current = view[name];
  view[name] = (typeof current === 'number' ? current : 0) + by;
}

// Skips deletes as "nothing to count", so a seat taken off the plan stays counted.
export function onChange(view: DerivedView, change: Change): void {
  const last = typeof view._lsn === 'number' ? view._lsn : 0;
  if (change.lsn <= last || change.op === 'delete') return;
  add(view, status(change.before), -1);
  add(view, status(change.after), +1);
  view._lsn = change.lsn;
}
