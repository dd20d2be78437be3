/**
 * How many events came lately: those of the current window of `ms` plus those of the one before
 * (if it was the one just before), so the count does not drop to nothing each time a window
 * starts. Shared by the runtime (is this window flooding?) and the host (is a burst arriving?).
 */
export function recentCounter(ms: number, now: () => number = () => performance.now()): (n?: number) => number {
  let start = -Infinity;
  let current = 0;
  let previous = 0;
  return (n = 1) => {
    const t = now();
    if (t - start >= ms) {
      previous = t - start < 2 * ms ? current : 0;
      start = t;
      current = 0;
    }
    current += n;
    return current + previous;
  };
}
