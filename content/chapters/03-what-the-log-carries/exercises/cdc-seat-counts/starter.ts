import { type Change, type DerivedView, type Value } from 'workbook';

/** The status of a seat value: 'held:ord-1042' -> 'held'; null when there is no seat. */
function status(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

export function onChange(view: DerivedView, change: Change): void {
  // TODO: keep view.free, view.held and view.sold equal to the number of
  // seats in each status. Remember that a change may arrive more than once.
}
