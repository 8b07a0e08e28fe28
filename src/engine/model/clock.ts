/**
 * Node clocks. Virtual time is the truth; each node reads it through a skew
 * (chapter 7: last-write-wins trusts these readings, so a node whose clock runs
 * behind loses updates it made later in real time).
 */

/** What `NOW()` returns on a node whose clock is `skew` ms off. */
export function localTime(now: number, skew: number): number {
  return Math.round((now + skew) * 1000) / 1000;
}
