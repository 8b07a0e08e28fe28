/**
 * How much output one run may send to the page, enforced in the worker before
 * anything crosses (a cell printing 1,000 lines of 100 KB, or returning a
 * nested array with a million leaves, must cost the page a few hundred KB, not
 * hundreds of MB of DOM). What is cut is always said: "… N more characters
 * not shown", "… N more lines not shown".
 */

/** Characters kept of one console line. */
export const MAX_LINE_CHARS = 5_000;
/** Characters of console text one run sends, over all its cells. */
export const MAX_RUN_CONSOLE_CHARS = 200_000;
/** Nodes (values) one inspected value may have; the rest are summarised. */
export const MAX_VALUE_NODES = 2_000;
/** Characters of string content one inspected value may carry. */
export const MAX_VALUE_CHARS = 100_000;

/** `text` cut to `max` characters, saying how many were cut. */
export function clipLine(text: string, max = MAX_LINE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)} … ${text.length - max} more characters not shown`;
}

/**
 * The console budget of one run: lines are clipped one by one, and once the
 * run's total is spent, later lines are dropped (the caller counts them).
 */
export class ConsoleBudget {
  private left: number;
  constructor(total = MAX_RUN_CONSOLE_CHARS) {
    this.left = total;
  }
  get spent(): boolean {
    return this.left <= 0;
  }
  /** The line to keep, or null when the run's budget is spent. */
  take(text: string): string | null {
    if (this.left <= 0) return null;
    const line = clipLine(text, Math.min(MAX_LINE_CHARS, this.left));
    this.left -= line.length;
    return line;
  }
}
