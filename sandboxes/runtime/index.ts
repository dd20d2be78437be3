/**
 * The runtime agent: the first script in every sandbox window. It installs the recorder and the
 * console capture, opens a private MessageChannel to the host with its hello (the only window
 * message it sends, but for a copy of the reports it makes before the host answers on that
 * channel: EarlyReportsMessage), and runs the user's script: at once, as the page loads, when the init is in the URL (a window's
 * first document, sandboxes/first-document.ts), or when the host hands it over through that channel.
 */
import { decodeInit, readFragment } from "../first-document";
import { resolveOrigins } from "../origins";
import {
  BRAND,
  PARAM_UP,
  PARAM_RUN,
  PARAM_WINDOW,
  type EarlyReportsMessage,
  type HelloMessage,
  type HostToRuntime,
  type PongMessage,
  type RetiredMessage,
  type SourcePosition,
} from "../protocol";
import { installConsoleCapture } from "./console";
import { watchLeaving } from "./leaving";
import { createDescriber } from "./describe";
import { installEscapeGuards } from "./escapes";
import { guardFunctionSources } from "./function-source";
import { createOutbox } from "./outbox";
import { installRecorder } from "./recorder";
import { retireWindow } from "./retire";
import { runScenarioWindow } from "./scenario-window";

// Taken before the recorder replaces it: the runtime's own hello is not a user message.
const nativePost = window.postMessage;
// Taken before user code runs, which may replace Reflect.apply or Function.prototype.call to
// catch the runtime's port in passing.
const apply = Reflect.apply;
const randomValues = crypto.getRandomValues.bind(crypto);

/** A name no other document of the run has: 64 random bits. */
function randomToken(): string {
  const words = randomValues(new Uint32Array(2));
  return `${(words[0] ?? 0).toString(36)}.${(words[1] ?? 0).toString(36)}`;
}
/**
 * What the playground put in the fragment of this document's URL, which is then removed, so that
 * the script sees the URL it expects:
 * - the init of a window's first document (sandboxes/first-document.ts);
 * - the playground's theme when the person forced one: a frame is drawn in the colour scheme of
 *   its own document, which otherwise follows only the system's preference, so the host puts the
 *   theme in the fragment of the frame's URL, and each window puts it on the scenario popups it
 *   opens (escapes.ts).
 */
function readOwnFragment(win: Window): { payload: string | null; colorScheme: "light" | "dark" | undefined } {
  const found = readFragment(win.location.hash);
  if (found.payload === null && found.colorScheme === undefined) return found;
  if (found.colorScheme) document.documentElement.style.colorScheme = found.colorScheme;
  try {
    win.history.replaceState(win.history.state, "", win.location.pathname + win.location.search);
  } catch {
    // A document with an opaque origin may refuse; the fragment then stays, harmlessly.
  }
  return found;
}

function start(win: Window): void {
  // When this document surely held its window: the runtime is its first script. (Not timeOrigin:
  // the navigation starts earlier, and until it commits the window still holds its previous
  // document, e.g. a new popup's initial about:blank, which is where messages sent meanwhile go.)
  const startedAt = performance.timeOrigin + performance.now();
  const { payload, colorScheme } = readOwnFragment(win);
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

  // Made before the recorder wraps MessageChannel and MessagePort: the runtime's own channel
  // is not the user's, and its reports must never record themselves.
  const channel = new MessageChannel();
  const port = channel.port1;
  const portSend = MessagePort.prototype.postMessage;
  /** This document's own random name, in its hello and its early reports. */
  const token = randomToken();
  /** Until the host's first message on the port, reports go beside the hello too (EarlyReportsMessage). */
  let joined = false;
  let hostWindow: Window | null = win;
  /** Set while the batch that says the document is being replaced leaves: both ways, as before the host answered. */
  let leaving = false;
  const outbox = createOutbox({
    now,
    nextSeq,
    mayHold: () => joined && !leaving,
    selfPath: () => describer.describe(win),
    post: (message) => {
      if (message.type === "reports" && (!joined || leaving)) {
        // Not self: the host may see an early batch twice, and would count it twice.
        delete message.self;
        message.early = true;
        // Until the host answers, and as the document goes, both ways: WebKit loses what was posted
        // on a port still travelling when its document goes away, Firefox what a removed frame
        // posted as a window message.
        if (hostWindow && hostWindow !== win) {
          const early: EarlyReportsMessage = { brand: BRAND, type: "early-reports", run, window: windowName, token, batch: message };
          apply(nativePost, hostWindow, [early, origins.host]);
        }
      }
      apply(portSend, port, [message]);
    },
  });
  const { report, holdReceipt } = outbox;

  const nativeParent = Object.getOwnPropertyDescriptor(win, "parent")?.get;
  const nativeOpener = Object.getOwnPropertyDescriptor(win, "opener")?.get;
  const describer = createDescriber(win, {
    parent: () => (nativeParent ? (nativeParent.call(win) as Window | null) : null),
    opener: () => (nativeOpener ? (nativeOpener.call(win) as Window | null) : null),
  });
  // An init from the URL, for this very window and run; the host checks it is the one it wrote.
  const decoded = payload === null ? null : decodeInit(payload);
  const preloaded = decoded !== null && decoded.window === windowName && decoded.run === run ? decoded : null;
  const loaded: Record<string, true> = Object.create(null) as Record<string, true>;
  // Before the recorder: the runtime's own port handler is not a user listener.
  port.onmessage = (event: MessageEvent<HostToRuntime>) => {
    const msg = event.data;
    joined = true;
    if (msg.type === "init") {
      if (preloaded) return;
      recorder.setPaused(msg.paused);
      recorder.setSites(msg.sendSites);
      runScenarioWindow(win, msg, report, now, nextSeq, loaded);
    } else if (msg.type === "dispose") {
      outbox.endReceipt();
      outbox.flush();
      escapes.closeOpened(msg.keep);
      win.close();
    } else if (msg.type === "retire") {
      outbox.endReceipt();
      outbox.flush();
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
    else if (msg.type === "opened") loaded[msg.window] = true;
    else if (msg.type === "hold") outbox.holdAtMost(msg.events);
  };
  // First: every function the runtime puts in place of the browser's reads as the browser's.
  guardFunctionSources(win);
  installConsoleCapture({ win, report, now, nextSeq, positionIn });
  watchLeaving(win, (to) => {
    outbox.endReceipt();
    report({ kind: "lifecycle", seq: nextSeq(), time: now(), what: "left", detail: to });
    // This batch only: a document kept in the back/forward cache may come back, and every later
    // batch sent twice would cost the host twice.
    leaving = true;
    outbox.flush();
    leaving = false;
  });
  const recorder = installRecorder({ win, describer, report, holdReceipt, outbox, now, nextSeq, positionIn });

  const escapes = installEscapeGuards({ win, describer, recorder, report, now, nextSeq, positionIn, colorScheme });

  // No unload listener, and pagehide only where there is no pageswap (leaving.ts): in Chromium
  // either keeps a removed frame's process alive, so after a busy loop the next run's frame on
  // that origin would land in the frozen process.

  // Not `top`: an embedded playground is itself a frame of someone else's page.
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
  const hello: HelloMessage = { brand: BRAND, type: "hello", run, window: windowName, origin: win.location.origin, start: startedAt, token };
  if (preloaded && payload !== null) hello.payload = payload;
  // An exact targetOrigin: the port must reach the host page and nothing else.
  apply(nativePost, hostWindow, [hello, origins.host, [channel.port2]]);
  // Reports made from here on go beside the hello until the host answers on the port.
  if (preloaded) {
    recorder.setPaused(preloaded.paused);
    recorder.setSites(preloaded.sendSites);
    runScenarioWindow(win, preloaded, report, now, nextSeq, loaded);
  }
}

start(window);
