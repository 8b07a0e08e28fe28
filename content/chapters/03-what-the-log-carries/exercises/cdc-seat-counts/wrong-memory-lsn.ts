import { type Change, type DerivedView, type Value } from 'workbook';

function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

function add(view: DerivedView, name: string | null, by: number): void {
  if (name === null) return;
  const current = view[name];
  view[name] = (typeof current === 'number' ? current : 0) + by;
}

// The right idea, kept in the wrong place: the last LSN lives in the process's
// memory, which a crash wipes, while the counts it guards live on in the view.
let lastLsn = 0;

export function onChange(view: DerivedView, change: Change): void {
  if (change.lsn <= lastLsn) return;
  add(view, status(change.before), -1);
  add(view, status(change.after), +1);
  lastLsn = change.lsn;
}
