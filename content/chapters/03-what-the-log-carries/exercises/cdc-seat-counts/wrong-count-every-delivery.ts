import { type Change, type DerivedView, type Value } from 'workbook';

function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

function add(view: DerivedView, name: string | null, by: number): void {
  if (name === null) return;
  const current = view[name];
  view[name] = (typeof current === 'number' ? current : 0) + by;
}

// Right arithmetic, but it trusts the stream to deliver each change once.
export function onChange(view: DerivedView, change: Change): void {
  add(view, status(change.before), -1);
  add(view, status(change.after), +1);
}
