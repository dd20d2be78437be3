/**
 * Watching a run's windows while it runs: a window whose event loop does not answer is said to be
 * busy (with a Stop button), a frame whose page never said hello is loaded again once, and a
 * window that closed or was removed is marked so.
 */
import type { HostToRuntime } from "../../../sandboxes/protocol";
import { own } from "../../own";
import { childrenOf } from "../../scenario/types";
import type { HostContext, Session } from "../session";

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

/**
 * A window whose event loop does not answer is busy: say so, and let the person stop it. `late`:
 * this beat came late, so the host's own event loop was held up, and the answers queued for it
 * with it: in WebKit every frame shares the host's process, so the host's long tasks (the editor
 * starting) and a starved CPU delay them all. That time is not the window's: its ping starts over.
 */
function heartbeat(ctx: HostContext, s: Session, t: number, late: boolean): void {
  checkFrameLoads(ctx, s, t);
  for (const [name, live] of s.live) {
    if (live.ping === undefined) {
      live.ping = { n: ++pings, sent: t };
      live.port.postMessage({ type: "ping", n: live.ping.n } satisfies HostToRuntime);
    } else if (late) {
      live.ping.sent = t;
    } else if (t - live.ping.sent > UNRESPONSIVE_AFTER_MS) {
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
      closed = live.proxy.closed;
    } catch {
      // Treat an unreadable window as gone.
    }
    const info = ctx.store.getState().windows[live.spec.name];
    const status = live.spec.kind === "popup" ? "closed" : "removed";
    if (closed && info?.status !== status) {
      ctx.store.getState().endDocument(live.spec.name, ctx.clock.wallNow());
      ctx.store.getState().setWindowStatus(live.spec.name, status);
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
