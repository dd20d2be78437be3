/**
 * The runtime agent: the first script in every sandbox window. It installs the recorder and the
 * console capture, opens a private MessageChannel to the host (the only window message it sends),
 * and runs the user's script when the host hands it over through that channel.
 */
import { resolveOrigins } from "../origins";
import { recentCounter } from "../recent-count";
import { compactReports } from "../report-batch";
import {
  BRAND,
  LOOP_GUARD,
  PARAM_UP,
  PARAM_RUN,
  PARAM_WINDOW,
  type HelloMessage,
  type HostToRuntime,
  type InitMessage,
  type ListenerResult,
  type PongMessage,
  type RetiredMessage,
  type ReceiptReport,
  type ReportBatch,
  type RuntimeReport,
  type SourcePosition,
} from "../protocol";
import { installConsoleCapture } from "./console";
import { createDescriber } from "./describe";
import { installEscapeGuards } from "./escapes";
import { installLoopGuard } from "./loop-guard";
import { installRecorder } from "./recorder";
import { retireWindow } from "./retire";

const FLUSH_EVERY = 256;
/** This many reports within the last one to two FLOOD_WINDOW_MS make a flood... */
const FLOOD_REPORTS = 64;
const FLOOD_WINDOW_MS = 50;
/** ...whose reports leave together at most this often: each post to the host costs its own IPC. */
const FLOOD_FLUSH_MS = 16;
// Taken before the recorder replaces it: the runtime's own hello is not a user message.
const nativePost = window.postMessage;
// Taken before user code runs, which may replace Reflect.apply or Function.prototype.call to
// catch the runtime's port in passing.
const apply = Reflect.apply;
const stringify = JSON.stringify;
const hasOwn = Object.prototype.hasOwnProperty;
const protoOf = Object.getPrototypeOf;
const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
/**
 * Whether JSON.stringify would write the runtime's reports as they are. It calls a `toJSON` it
 * finds on an object's prototype chain, and the reports are plain objects and arrays the runtime
 * made itself (no holes): only a script that put a toJSON on their prototypes (or a prototype
 * under Array.prototype) could change what they say. Then the batch goes as objects.
 */
const jsonIsPlain = (): boolean =>
  !apply(hasOwn, ObjectProto, ["toJSON"]) && !apply(hasOwn, ArrayProto, ["toJSON"]) && protoOf(ArrayProto) === ObjectProto;

function asBatch(reports: RuntimeReport[]): ReportBatch {
  // Without what each report shares with the one before it (report-batch.ts).
  const wire = compactReports(reports);
  if (jsonIsPlain()) {
    try {
      return { type: "reports", json: stringify(wire), count: reports.length };
    } catch {
      // Nothing in a report should stop JSON (no bigint, no cycle); if something does, objects still go.
    }
  }
  return { type: "reports", reports: wire };
}

/**
 * The playground's theme when the person forced one: a frame is drawn in the colour scheme of its
 * own document, which otherwise follows only the system's preference, so the host puts the theme
 * in the fragment of the frame's URL, and each window puts it on the scenario popups it opens
 * (escapes.ts). The fragment is removed again, so that the script sees the URL it expects.
 */
function followTheme(win: Window): "light" | "dark" | undefined {
  const scheme = /^#color-scheme=(light|dark)$/.exec(win.location.hash)?.[1] as "light" | "dark" | undefined;
  if (!scheme) return undefined;
  document.documentElement.style.colorScheme = scheme;
  try {
    win.history.replaceState(win.history.state, "", win.location.pathname + win.location.search);
  } catch {
    // A document with an opaque origin may refuse; the fragment then stays, harmlessly.
  }
  return scheme;
}

function start(win: Window): void {
  // When this document surely held its window: the runtime is its first script. (Not timeOrigin:
  // the navigation starts earlier, and until it commits the window still holds its previous
  // document, e.g. a new popup's initial about:blank, which is where messages sent meanwhile go.)
  const startedAt = performance.timeOrigin + performance.now();
  const colorScheme = followTheme(win);
  const params = new URLSearchParams(win.location.search);
  const windowName = params.get(PARAM_WINDOW);
  const run = params.get(PARAM_RUN);
  // How to reach the host page: "p" is a step to the parent, "o" to the opener (e.g. "op": the
  // opener's parent). The host writes it into every URL, so navigations keep it too.
  const up = params.get(PARAM_UP) ?? "";
  if (!windowName || !run || !/^[A-Za-z][\w-]*$/.test(windowName) || !/^[po]{1,16}$/.test(up)) {
    document.body.textContent =
      "This is a postMessage Playground sandbox page. It runs scripts that the playground sends it; open the playground itself instead.";
    return;
  }

  const origins = resolveOrigins(__PLAYGROUND_CONFIG__, win.location);
  // Read once: timeOrigin is a getter into the browser, and `now` runs for every report (under a
  // flood, tens of thousands a second). Bound now, so a script's own performance.now is not ours.
  const timeOrigin = performance.timeOrigin;
  const perfNow = performance.now.bind(performance);
  const now = () => timeOrigin + perfNow();
  let seq = 0;
  const nextSeq = () => ++seq;
  const scriptFile = `${windowName}.js`;
  const inScript = new RegExp(`${scriptFile.replace(".", "\\.")}:(\\d+):(\\d+)`);
  const positionIn = (stack: string | undefined): SourcePosition | undefined => {
    if (!stack) return undefined;
    const m = inScript.exec(stack);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  };

  // Reports are batched by size as well as by time: a synchronous send loop never lets a timer run.
  // Made before the recorder wraps MessageChannel and MessagePort: the runtime's own channel
  // is not the user's, and its reports must never record themselves.
  const channel = new MessageChannel();
  const port = channel.port1;
  const portSend = MessagePort.prototype.postMessage;
  let pending: RuntimeReport[] = [];
  // Reports leave at the next microtask checkpoint: right after the current script or listener,
  // before the window can go away (a popup closed by its opener right after a message would
  // otherwise take its receipt with it).
  // Under a flood, flushes are batched by a timer instead, which lets many events pass between posts.
  // Only in a flood, counted in reports and not in flushes: a single message that comes right after
  // the last flush (a reply to this window's own send, say) is often the one before a close.
  let queued = false;
  const recentReports = recentCounter(FLOOD_WINDOW_MS);
  /** Bumped by every flush: a report made since the last one has not left yet. */
  let flushes = 0;
  const flush = () => {
    queued = false;
    if (pending.length === 0) return;
    flushes++;
    const reports = pending;
    pending = [];
    // As one string: the host reads a string at the cost of a copy and parses it when it draws
    // it, while a burst's report objects cost it as much to read as to draw (see the inbox).
    apply(portSend, port, [asBatch(reports)]);
  };
  const report = (r: RuntimeReport) => {
    pending.push(r);
    const flood = recentReports() >= FLOOD_REPORTS;
    if (pending.length >= FLUSH_EVERY) flush();
    else if (!queued) {
      queued = true;
      if (flood) setTimeout(flush, FLOOD_FLUSH_MS);
      else queueMicrotask(flush);
    }
  };
  // The latest receipt's listener results: sent once its dispatch is over, i.e. when the next
  // receipt begins (dispatches do not nest) or in the next task.
  let open: { receipt: number; listeners: ListenerResult[]; flushes: number } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sendListeners = () => {
    // A receipt still waiting to be flushed carries its results already (the same array): under a
    // flood that is most of them, and a report fewer each is less work for the host.
    if (open && open.listeners.length > 0 && open.flushes !== flushes) {
      report({ kind: "listeners", seq: nextSeq(), time: now(), receipt: open.receipt, listeners: open.listeners });
    }
    open = undefined;
  };
  const closeOpen = () => {
    timer = undefined;
    sendListeners();
  };
  const holdReceipt = (r: ReceiptReport) => {
    sendListeners();
    // Taken before report(), which may flush the receipt at once.
    const before = flushes;
    report(r);
    open = { receipt: r.seq, listeners: r.listeners, flushes: before };
    // One timer at a time: under a flood the next receipt closes this one first.
    timer ??= setTimeout(closeOpen, 0);
  };

  const nativeParent = Object.getOwnPropertyDescriptor(win, "parent")?.get;
  const nativeOpener = Object.getOwnPropertyDescriptor(win, "opener")?.get;
  const describer = createDescriber(win, {
    parent: () => (nativeParent ? (nativeParent.call(win) as Window | null) : null),
    opener: () => (nativeOpener ? (nativeOpener.call(win) as Window | null) : null),
  });
  // Before the recorder: the runtime's own port handler is not a user listener.
  port.onmessage = (event: MessageEvent<HostToRuntime>) => {
    const msg = event.data;
    if (msg.type === "init") {
      recorder.setPaused(msg.paused);
      recorder.setSites(msg.sendSites);
      runScenarioWindow(win, msg, report, now, nextSeq);
    } else if (msg.type === "dispose") {
      sendListeners();
      flush();
      escapes.closeOpened(msg.keep);
      win.close();
    } else if (msg.type === "retire") {
      sendListeners();
      flush();
      escapes.stop();
      // Answered first: the next run waits for it, and nothing else runs before the rest.
      retireWindow(win, msg.closeAfterMs, () => apply(portSend, port, [{ type: "retired" } satisfies RetiredMessage]));
      escapes.closeOpened(msg.keep);
    } else if (msg.type === "pause") recorder.setPaused(msg.paused);
    else if (msg.type === "release") recorder.release(msg.send);
    else if (msg.type === "drop") recorder.drop(msg.send);
    else if (msg.type === "resend") recorder.resend(msg.target, msg.data, msg.targetOrigin);
    // Answered at once, not batched: its whole point is to say this window's event loop turns.
    else if (msg.type === "ping") apply(portSend, port, [{ type: "pong", n: msg.n } satisfies PongMessage]);
  };
  installConsoleCapture({ win, report, now, nextSeq, positionIn });
  const recorder = installRecorder({ win, describer, report, holdReceipt, now, nextSeq, positionIn });

  const escapes = installEscapeGuards({ win, describer, recorder, report, now, nextSeq, positionIn, colorScheme });

  // No pagehide/unload listener on purpose: in Chromium one keeps a removed frame's process alive,
  // so after a busy loop the next run's frame on that origin would land in the frozen process.

  // Not `top`: an embedded playground is itself a frame of someone else's page.
  let hostWindow: Window | null = win;
  for (const step of up) {
    if (!hostWindow) break;
    const from: Window = hostWindow;
    if (step === "p") hostWindow = from === win && nativeParent ? (nativeParent.call(win) as Window) : from.parent;
    else hostWindow = nativeOpener ? (nativeOpener.call(from) as Window | null) : null;
  }
  if (!hostWindow || hostWindow === win) {
    document.body.textContent = "This sandbox window lost its playground (its opener closed). Close it and press Run again.";
    return;
  }
  const hello: HelloMessage = { brand: BRAND, type: "hello", run, window: windowName, origin: win.location.origin, start: startedAt };
  // An exact targetOrigin: the port must reach the host page and nothing else.
  apply(nativePost, hostWindow, [hello, origins.host, [channel.port2]]);
}

function runScenarioWindow(
  win: Window,
  init: InitMessage,
  report: (r: RuntimeReport) => void,
  now: () => number,
  nextSeq: () => number,
): void {
  const lookup = (table: Record<string, string>, name: string, what: string): string => {
    // Own entries only: "constructor" or "toString" is no window of the scenario.
    const value = apply(hasOwn, table, [name]) ? table[name] : undefined;
    if (value === undefined) {
      throw new Error(`No ${what} named "${name}" in this scenario (known: ${Object.keys(table).join(", ")})`);
    }
    return value;
  };
  // Window names first, then sandbox site names (e.g. "evil"), which need not have a window.
  const allOrigins = { ...init.sites, ...init.origins };
  const playground = Object.freeze({
    window: init.window,
    site: init.site,
    documentNumber: init.documentNumber,
    origins: Object.freeze(allOrigins),
    origin: (name: string): string => lookup(allOrigins, name, "window or site"),
    /** The page of window `name`; with `site`, that window's page served from another site (to navigate to). */
    url: (name: string, site?: string): string => {
      const url = new URL(lookup(init.urls, name, "window"));
      if (site === undefined) return url.href;
      const there = new URL(lookup(init.sites, site, "site"));
      url.protocol = there.protocol;
      url.host = there.host;
      return url.href;
    },
  });
  Object.defineProperty(win, "playground", { value: playground, enumerable: false, configurable: false, writable: false });

  if (init.html) document.body.insertAdjacentHTML("beforeend", init.html);
  for (const frame of init.frames) {
    const el = document.createElement("iframe");
    el.name = frame.name;
    el.id = frame.name;
    el.title = `${frame.name} (${frame.origin})`;
    el.setAttribute("sandbox", frame.sandbox);
    el.src = frame.url;
    document.body.append(el);
  }

  const file = `${init.window}.js`;
  const cannotRun = (why: string, at?: SourcePosition) =>
    report({ kind: "console", seq: nextSeq(), time: now(), level: "error", text: `${file} did not run: ${why}`, at });
  if (init.syntaxError) {
    const { line, column, message } = init.syntaxError;
    cannotRun(`line ${line}, column ${column}: ${message}. Fix the script and it runs again.`, { line, column });
    return;
  }
  if (init.loopGuardMs > 0) installLoopGuard(win, LOOP_GUARD, init.loopGuardMs);
  const run = () => {
    report({ kind: "lifecycle", seq: nextSeq(), time: now(), what: "script-started", detail: init.window });
    const script = document.createElement("script");
    // sourceURL names the script in stack traces, which is how sends find their line.
    script.textContent = `${init.script}\n//# sourceURL=${file}`;
    // The page's own markup may have taken the body away; the script still needs a place.
    const place = document.body ?? document.documentElement;
    try {
      place.append(script);
    } catch (e) {
      // Thrown by the insertion itself, not by the script (whose errors go to the error event).
      cannotRun(`it could not be started (${e instanceof Error ? e.message : String(e)}). Fix the script, or run the scenario again.`);
    }
    report({ kind: "lifecycle", seq: nextSeq(), time: now(), what: "script-finished", detail: init.window });
  };
  if (init.waitForClick) waitForClick(init.window, run);
  else run();
}

/**
 * A button over the window's page: the script runs inside its click handler, while the click's
 * user activation lets the browser open the popup the script opens. Removed before the script
 * runs, so the script sees its page as it would without the playground.
 */
function waitForClick(windowName: string, run: () => void): void {
  const box = document.createElement("div");
  box.setAttribute("style", "position:fixed;inset:0;display:grid;place-content:center;gap:8px;padding:12px;text-align:center;background:Canvas;color:CanvasText;z-index:2147483647");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `▶ Run ${windowName}.js`;
  button.setAttribute("style", "font:inherit;font-size:1.15rem;padding:8px 16px;cursor:pointer");
  const why = document.createElement("p");
  why.textContent = `${windowName} opens a popup. Your browser allows popups only after a click in the window that opens them: this click is that click.`;
  why.setAttribute("style", "margin:0;max-width:32em");
  box.append(button, why);
  button.addEventListener("click", () => {
    box.remove();
    run();
  }, { once: true });
  (document.body ?? document.documentElement).append(box);
}

start(window);
