/**
 * Watching a run's windows while it runs: a window whose event loop does not answer is said to be
 * busy (with a Stop button), a frame whose page never said hello is loaded again once, and a
 * window that closed or was removed is marked so.
 */
import { HOLD_MAX_MS, type HostToRuntime } from "../../../sandboxes/protocol";
import { own } from "../../own";
import { childrenOf, isOpaque } from "../../scenario/types";
import type { HostContext, LiveWindow, Session } from "../session";

/** How often the host pings each window, and how long an answer may take before it says so. */
export const HEARTBEAT_MS = 1000;
export const UNRESPONSIVE_AFTER_MS = 2500;
/** A beat this many intervals after the last one is late (the host's own event loop was held up). */
const LATE_BEAT = 1.5;
/**
 * A frame of the page whose runtime has not said hello by then is loaded again, once: its page
 * did not arrive (the server dropped the request) or its new process failed. Its hello does not
 * wait for its script; still, a busy machine loading several windows at once can take several
 * seconds, and a needless reload would put a false line in the console.
 */
export const FRAME_LOAD_MS = 10_000;
const CLOSED_POLL_MS = 250;
/**
 * A window whose document said it was leaving (LifecycleReport "left") has this long for a
 * runtime to say hello from its new page; after that the new page is taken for one without a
 * runtime. As long as a busy window has before it is said to be unresponsive.
 */
export const LEFT_WAIT_MS = UNRESPONSIVE_AFTER_MS;

let pings = 0;

/** Frames of the page that never said hello: loaded again once, then said to be stuck (FRAME_LOAD_MS). */
function checkFrameLoads(ctx: HostContext, s: Session, t: number): void {
  const store = ctx.store.getState();
  for (const spec of childrenOf(s.scenario, undefined)) {
    if (s.live.has(spec.name) || store.windows[spec.name]?.status !== "loading") continue;
    const reloaded = s.reloaded.get(spec.name);
    if (!reloaded && t - s.started > FRAME_LOAD_MS) {
      s.reloaded.set(spec.name, { at: t, stuckSaid: false });
      store.reloadFrame(spec.name);
      ctx.note(spec.name, `${spec.name} did not start within ${FRAME_LOAD_MS / 1000} s (its page did not arrive, or its process failed); the playground loaded its frame again.`);
    } else if (reloaded && !reloaded.stuckSaid && t - reloaded.at > FRAME_LOAD_MS) {
      reloaded.stuckSaid = true;
      ctx.note(spec.name, `${spec.name} still did not start. Press Run to start over, or check that ${s.origins[spec.name] ?? "its origin"} answers.`);
    }
  }
}

/** The origin of a page at `url`, when the URL alone says it; "" when it does not (about:blank takes its creator's). */
export function destinationOrigin(url: string): string {
  if (url.startsWith("data:")) return "null";
  if (!/^(https?|blob):/.test(url)) return "";
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? "" : origin;
  } catch {
    return "";
  }
}

/** The window's page was replaced by one without a runtime: the timeline shows it as such from when the old one left. */
function leftForUnwatched(ctx: HostContext, live: LiveWindow, left: NonNullable<LiveWindow["left"]>): void {
  const name = live.spec.name;
  const store = ctx.store.getState();
  // Closed or removed since (a window closed right after it navigated), or stopped: that stays.
  const status = own(store.windows, name)?.status;
  if (status === "closed" || status === "removed" || status === "stopped") return;
  const origin = destinationOrigin(left.to);
  store.endDocument(name, left.time);
  store.addDocument(name, { origin, start: left.time, unwatched: true, ...(left.to === "" ? {} : { url: left.to }) });
  store.setWindowStatus(name, "on an unwatched page");
  if (origin !== "" && !isOpaque(live.spec)) store.setWindowOrigin(name, origin);
  const within = `no playground runtime started there within ${(LEFT_WAIT_MS / 1000).toFixed(1)} s`;
  const what = left.to === "" ? `by another, and ${within}: the new page is not one the playground watches (about:blank, a data: or blob: page, another site)` : `by ${left.to}, and ${within}`;
  ctx.note(name, `${name}'s page was replaced ${what}. What it receives there is not recorded, and messages to it show as unobserved. Press Run to start over.`);
}

/**
 * A window whose event loop does not answer is busy: say so, and let the person stop it. `late`:
 * this beat came late, so the host's own event loop was held up, and the answers queued for it
 * with it: in WebKit every frame shares the host's process, so the host's long tasks (the editor
 * starting) and a starved CPU delay them all. That time is not the window's: its ping starts over.
 */
function heartbeat(ctx: HostContext, s: Session, t: number, late: boolean): void {
  checkFrameLoads(ctx, s, t);
  for (const [name, live] of s.live) {
    if (live.left && !live.leftSaid && t - live.left.at > LEFT_WAIT_MS) {
      live.leftSaid = true;
      leftForUnwatched(ctx, live, live.left);
    }
    if (live.ping === undefined) {
      live.ping = { n: ++pings, sent: t };
      live.port.postMessage({ type: "ping", n: live.ping.n } satisfies HostToRuntime);
    } else if (late) {
      live.ping.sent = t;
    } else if (live.left === undefined && t - live.ping.sent > UNRESPONSIVE_AFTER_MS) {
      const store = ctx.store.getState();
      if (own(store.windows, name)?.status !== "running") continue;
      store.setWindowStatus(name, "unresponsive");
      ctx.note(name, `${name} has not answered for ${(UNRESPONSIVE_AFTER_MS / 1000).toFixed(1)} s: a long task or an endless loop. Stop it from the Windows panel, or press Run to start over.`);
    }
  }
}

/** A removed iframe's WindowProxy reads as closed too; an unreadable window is treated as gone. */
function markClosed(ctx: HostContext, s: Session): void {
  for (const live of s.live.values()) {
    let closed = true;
    try {
      closed = live.proxy === null || live.proxy.closed;
    } catch {
      // Treat an unreadable window as gone.
    }
    const info = ctx.store.getState().windows[live.spec.name];
    const status = live.spec.kind === "popup" ? "closed" : "removed";
    if (closed && info?.status !== status) {
      ctx.store.getState().endDocument(live.spec.name, ctx.clock.wallNow());
      ctx.store.getState().setWindowStatus(live.spec.name, status);
      if (live.held) {
        const name = live.spec.name;
        ctx.note(
          name,
          `${name} was ${status} while it flooded itself. It held the last ${live.held} or more sends and receipts of its messages to itself (at most ${HOLD_MAX_MS / 1000} s of the flood), to report when the flood paused, and they went with it: the timeline does not show them.`,
        );
        live.held = 0;
      }
    }
  }
}

/** Starts watching `s`; returns what stops it. */
export function watchRun(ctx: HostContext, s: Session): () => void {
  const closedPoll = ctx.clock.setInterval(() => markClosed(ctx, s), CLOSED_POLL_MS);
  let lastBeat: number | undefined;
  const beat = ctx.clock.setInterval(() => {
    const t = ctx.clock.now();
    const late = lastBeat !== undefined && t - lastBeat > LATE_BEAT * HEARTBEAT_MS;
    lastBeat = t;
    heartbeat(ctx, s, t, late);
  }, HEARTBEAT_MS);
  return () => {
    ctx.clock.clearInterval(closedPoll);
    ctx.clock.clearInterval(beat);
  };
}
