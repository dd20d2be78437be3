/**
 * A whole number as the views write counts, with a comma every three digits: what
 * `n.toLocaleString("en-US")` writes for it. The browser loads its number formatting data on the
 * first toLocaleString of a page, 25 to 50 ms measured here, and the console's line count is drawn
 * in the same render as the run's first message.
 */
export function countText(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${digits}` : digits;
}
