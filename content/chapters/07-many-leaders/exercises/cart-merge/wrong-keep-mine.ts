import { type Value } from 'workbook';

// "My version is the one I trust": keeps the first argument and ignores the other.
export function merge(a: Value, b: Value): Value {
  return a;
}
