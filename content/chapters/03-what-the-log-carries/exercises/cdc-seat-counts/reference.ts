import { type Change, type DerivedView, type Value } from 'workbook';

/** The status of a seat value: 'held:ord-1042' -> 'held'; null when there is no seat. */
function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

function add(view: DerivedView, name: string | null, by: number): void {
  if (name === null) return;
  const current = view[name];
  view[name] = (typeof current === 'number' ? current : 0) + by;
}

export function onChange(view: DerivedView, change: Change): void {
  // The view remembers the last change it reflects; anything at or below it
  // was already counted before the consumer restarted.
  const last = typeof view._lsn === 'number' ? view._lsn : 0;
  if (change.lsn <= last) return;
  add(view, status(change.before), -1);
  add(view, status(change.after), +1);
  view._lsn = change.lsn;
}
