/**
 * Phrases shared by checker messages, so every message talks about reads and
 * writes the same way ("read op-12 by session s1", "write op-9 (gold=105)").
 */
import type { Operation } from './history.ts';
import { writtenValue } from './history.ts';
import { formatKeyValue, formatValue } from './values.ts';

/** `gold=102`, or `gold={102, 103}` when the read returned siblings. */
export function describeReadValue(read: Operation): string {
  if (read.siblings !== undefined && read.siblings.length > 0) {
    return `${read.key}={${read.siblings.map((v) => formatValue(v)).join(', ')}}`;
  }
  return formatKeyValue(read.key, read.output);
}

/** `write op-9 (gold=105)` / `delete op-9 (gold)`. */
export function describeWrite(write: Operation): string {
  if (write.kind === 'delete') return `delete ${write.op} (of ${write.key})`;
  return `write ${write.op} (${formatKeyValue(write.key, writtenValue(write))})`;
}

/** Where the write was acknowledged, for messages: `acknowledged at step 31`. */
export function ackedAt(write: Operation): string {
  return `acknowledged at step ${write.completeStep}`;
}

/** First letter upper-case, for messages that start with a phrase. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
