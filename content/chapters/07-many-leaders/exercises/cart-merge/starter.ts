import { type Value } from 'workbook';

/**
 * A cart looks like
 *   { added: { eu: { '12A': 2 }, gate: { '12A': 1 } }, removed: { eu: { '12A': 1 } } }
 * (per leader, per seat: how many times that leader's clients added or removed it).
 * Seat 12A's quantity here is 2 + 1 - 1 = 2.
 */
export function merge(a: Value, b: Value): Value {
  // TODO: combine two concurrent versions of the cart so that every leader
  // ends with the same cart and no add or remove is lost.
  return a;
}
