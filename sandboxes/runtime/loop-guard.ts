/**
 * The sandbox side of the loop guard (the host instruments the script, src/run/loop-guard.ts):
 * a loop that keeps its window busy for longer than the budget gets an error at its next turn.
 * Only time in which the page could do nothing else counts: a loop that awaits or yields lets a
 * timer run, and that timer moves the mark, so `while (true) { await sleep(1000) }` runs on.
 */
export class LoopGuardError extends Error {
  override name = "LoopGuardError";
}

export function installLoopGuard(win: Window, name: string, budgetMs: number): void {
  // Taken now: the user's script may replace both.
  const now = performance.now.bind(performance);
  const later = win.setTimeout.bind(win);
  let lastTurn = 0;
  let tickPending = false;
  const guard = (_id: number, line: number, start?: number): number | undefined => {
    const t = now();
    if (start === undefined) return t;
    const busy = t - Math.max(start, lastTurn);
    if (busy < budgetMs / 2) return undefined;
    if (!tickPending) {
      tickPending = true;
      later(() => {
        tickPending = false;
        lastTurn = now();
      }, 0);
    }
    if (busy > budgetMs) {
      throw new LoopGuardError(
        `the loop on line ${line} kept this window busy for over ${budgetMs} ms, so the playground stopped it (set "loopGuardMs" in the scenario to allow longer loops, 0 for none)`,
      );
    }
    return undefined;
  };
  Object.defineProperty(win, name, { value: guard, enumerable: false, configurable: false, writable: false });
}
