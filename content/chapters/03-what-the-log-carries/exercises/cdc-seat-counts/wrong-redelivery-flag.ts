import { type Change, type DerivedView, type Value } from 'workbook';

function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

function add(view: DerivedView, name: string | null, by: number): void {
  if (name === null) return;
  const current = view[name];
  view[name] = (typeof current === 'number' ? current : 0) + by;
}

// Expects the stream to say "you have seen this one". It never does: the log
// cannot know what a crashed consumer had handled, so every change looks new.
export function onChange(view: DerivedView, change: Change & { readonly redelivery?: boolean }): void {
  if (change.redelivery === true) return;
  add(view, status(change.before), -1);
  add(view, status(change.after), +1);
}
