import type { Clock } from "../src/host/session";

/** Timers that run when the test moves the clock past them, in order. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let t = 1000;
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  return {
    now: () => t,
    wallNow: () => 1_700_000_000_000 + t,
    setTimeout: (fn, ms) => (timers.set(++next, { at: t + ms, fn }), next),
    clearTimeout: (h) => void timers.delete(h as number),
    setInterval: (fn, ms) => (timers.set(++next, { at: t + ms, fn, every: ms }), next),
    clearInterval: (h) => void timers.delete(h as number),
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, timer] = due;
        t = Math.max(t, timer.at);
        if (timer.every) timer.at += timer.every;
        else timers.delete(id);
        timer.fn();
      }
      t = end;
    },
  };
}
