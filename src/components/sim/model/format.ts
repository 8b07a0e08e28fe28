/** Virtual time for people: 120 -> "120 ms", 12.345 -> "12.3 ms". */
export function formatMs(t: number): string {
  const r = Math.round(t * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)} ms`;
}
