/**
 * A rerun keeps the last run's popups open for a moment, retired: nameless, with nothing of their
 * script left running (sandboxes/runtime/retire.ts). While a document of a site is alive in the
 * page's browsing context group, Chromium puts the next document of that site into its process
 * instead of starting one, and closing a window just as the next run's frames load kept the
 * browser busy as well: the rerun's first message comes sooner (docs/performance.md).
 */
import type { HostToRuntime } from "../../../sandboxes/protocol";
import { isGone } from "../channel/identity";
import type { WindowStatus } from "../../store/types";
import type { Clock, LiveWindow, Session } from "../session";

/** How long a retired popup stays open. */
const RETIRE_MS = 1000;
/** How long a rerun waits for the popups to say they retired; one that does not is closed. */
const RETIRE_WAIT_MS = 100;
/**
 * How long closing a stuck popup may take before the next run starts anyway. The navigation that
 * takes the window over usually lands within half a second, but on a loaded machine it has taken
 * longer than one, and a next run that starts before it lands finds the stuck window by its name.
 */
export const EVICT_MS = 5000;
/** How long the next run waits for an evicted popup to be closed after it was asked to close. */
export const CLOSE_WAIT_MS = 2000;

/**
 * How long a rerun waits for the last run's windows that are still starting: a frame of the page
 * whose page has not said hello, and a popup being opened (its opener called window.open, its
 * page has not said hello). Until a frame has said hello it cannot be told that its run ended,
 * so it cannot close the popups its script opened: they stayed open. And in Chromium,
 * removing that frame while its popup loaded, with the next run's frame of its site loading at
 * once, left the new frame stuck in "loading" for ten seconds, about once in a hundred reruns
 * made right after the run began. A popup that has said hello by then is retired with the others.
 */
export const STARTING_WAIT_MS = 1500;

/**
 * Whether a frame of the page or a popup of the run is starting: loading, and not yet said hello.
 * Not a nested frame: one that a script makes may never come, and would hold up every rerun.
 */
export function stillStarting(s: Session, statusOf: (name: string) => WindowStatus | undefined): boolean {
  return s.scenario.windows.some((w) => (w.kind === "popup" || w.parent === undefined) && !s.live.has(w.name) && statusOf(w.name) === "loading");
}

/** Calls `then` once `done` holds, checked every 10 ms, or once `limitMs` is over. */
function pollUntil(clock: Clock, done: () => boolean, limitMs: number, then: () => void): void {
  const started = clock.now();
  const poll = clock.setInterval(() => {
    if (!done() && clock.now() - started < limitMs) return;
    clock.clearInterval(poll);
    then();
  }, 10);
}

/** Calls `then` once `starting` (some window of the run is starting) is false, or after STARTING_WAIT_MS. */
export function afterWindowsStarted(clock: Clock, starting: () => boolean, then: () => void): void {
  if (starting()) pollUntil(clock, () => !starting(), STARTING_WAIT_MS, then);
  else then();
}

/**
 * Closes a popup, even one whose page is stuck in a loop. close() alone waits for that page,
 * forever in Chromium, and a named window.open of the next run would find the window again (and
 * navigate it, in the stuck process). Sent to about:blank by this page, the window holds a
 * document of the host's origin in the host's process, which closes at once. Must be started
 * while the popup's opener is still on the page: that is what lets this page navigate it.
 */
export function evictPopup(clock: Clock, proxy: Window | null, then?: () => void): void {
  if (proxy === null || isGone(proxy)) {
    then?.();
    return;
  }
  try {
    proxy.location.replace("about:blank");
  } catch {
    // Gone already.
  }
  const ours = () => {
    try {
      return proxy.closed || proxy.location.href === "about:blank";
    } catch {
      return false;
    }
  };
  pollUntil(clock, ours, EVICT_MS, () => {
    try {
      proxy.close();
    } catch {
      // Gone already.
    }
    // The window closes a moment later, and keeps its name until then: a named window.open of
    // the next run would find it, and the window would close under the next run's page.
    pollUntil(clock, () => isGone(proxy), CLOSE_WAIT_MS, () => then?.());
  });
}

/**
 * Asks each popup of the run that answers pings to retire, and calls `then` with those that did,
 * once all have answered or RETIRE_WAIT_MS is over. A retired popup no longer has a name, so the
 * next run's scripts cannot find it, and it closes itself after RETIRE_MS.
 */
export function retirePopups(clock: Clock, s: Session, then: (retired: LiveWindow[]) => void): void {
  const popups = [...s.live.values()].filter((l) => l.spec.kind === "popup");
  if (popups.length === 0) {
    then([]);
    return;
  }
  // Answered its last ping, or was pinged only just now: a busy window is closed, not kept.
  const answering = popups.filter((l) => l.ping === undefined || clock.now() - l.ping.sent < 500);
  const keep = answering.map((l) => l.spec.name);
  const retired: LiveWindow[] = [];
  // Those that did not retire are closed before the next run starts: until they are, a named
  // window.open of its scripts would find them.
  const done = () => {
    clock.clearTimeout(timer);
    for (const live of answering) delete live.onRetired;
    const stuck = popups.filter((l) => !retired.includes(l));
    let left = stuck.length;
    if (left === 0) then(retired);
    for (const live of stuck) evictPopup(clock, live.proxy, () => --left === 0 && then(retired));
  };
  const timer = clock.setTimeout(done, answering.length === 0 ? 0 : RETIRE_WAIT_MS);
  for (const live of answering) {
    live.onRetired = () => {
      if (retired.includes(live)) return;
      retired.push(live);
      if (retired.length === answering.length) done();
    };
    live.port.postMessage({ type: "retire", keep, closeAfterMs: RETIRE_MS } satisfies HostToRuntime);
  }
}

/**
 * The page is going away (a reload, another address): the run's popups close with it, as at
 * the end of any run. Only close() can still be asked for now; a popup stuck in a loop stays.
 */
export function closePopups(s: Session): void {
  for (const live of s.live.values()) {
    if (live.spec.kind !== "popup" || live.proxy === null) continue;
    try {
      live.proxy.close();
    } catch {
      // Gone already.
    }
  }
}

/** Ends a run: its windows are told so, its frames go with the next render, its popups close (but those `retired`). */
export function endRun(clock: Clock, s: Session, retired: readonly LiveWindow[] = []): void {
  s.stopTimers();
  const keep = retired.map((l) => l.spec.name);
  for (const live of s.live.values()) {
    if (retired.includes(live)) {
      // It closes itself (RetireMessage.closeAfterMs): nothing more to say to it.
      live.port.close();
      continue;
    }
    try {
      live.port.postMessage({ type: "dispose", keep } satisfies HostToRuntime);
    } catch {
      // Already gone.
    }
    if (live.spec.kind === "popup") evictPopup(clock, live.proxy, undefined);
    live.port.close();
  }
  // Documents whose hellos still wait (channel/hello.ts) are of this run too: told it ended.
  for (const { message } of s.waiting.splice(0)) {
    try {
      message.port?.postMessage({ type: "dispose", keep } satisfies HostToRuntime);
    } catch {
      // Already gone.
    }
    message.port?.close();
  }
}
