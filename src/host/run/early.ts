/**
 * The app's side of a first visit's early run (src/early-run.ts): taken over when it is the very
 * run the app starts (same scenario, same frame URLs, written from the same run id and start),
 * ended otherwise, as a run's windows are ended: told to close what they opened, and removed.
 */
import { isHelloMessage, type HostToRuntime } from "../../../sandboxes/protocol";
import type { FrameLookup } from "../session";

export interface EarlyRun {
  runId: string;
  /** When it began, on the page's clock (performance.timeOrigin + performance.now()). */
  runStart: number;
  scenarioId: string;
  /** The frames of the page, by window name, each with the URL it was given. */
  frames: Map<string, { element: HTMLIFrameElement; url: string }>;
  /** Window messages and messageerrors that came before the app took the run, oldest first. */
  events: MessageEvent[];
  /** Where the frames wait for the app; empty once it has moved them. */
  holder: HTMLElement;
  /** Stops keeping messages. */
  stop(): void;
}

/**
 * Where the early run waits for the app: the page loads it as a script of its own, built apart
 * (vite.config.ts), so the two share no module. A symbol of the page's realm, which only the
 * page's own scripts reach.
 */
const HANDOFF = Symbol.for("postmessage-playground:early-run");

/** What the app leaves there once it has looked: a run that starts later would be no one's. */
const TAKEN = "taken";

const handoff = () => (window as unknown as Record<symbol, EarlyRun | typeof TAKEN | undefined>)[HANDOFF];

/**
 * Set by the app's first line (main.tsx): its code has arrived and begun. The early run's script
 * reads it once the page has loaded, which waits for the app's module and every module it
 * imports: unset then, the app's code did not load or threw before it began.
 */
const APP_LOADED = Symbol.for("postmessage-playground:app-loaded");

export function markAppLoaded(): void {
  Object.defineProperty(window, APP_LOADED, { value: true, configurable: true });
}

export const appLoaded = (): boolean => (window as unknown as Record<symbol, unknown>)[APP_LOADED] === true;

/** Whether the app has looked for an early run already (it made its first run itself then). */
export const appStarted = (): boolean => handoff() === TAKEN;

/** The early run's side: the run it started, if any, for the app to take. */
export function leaveEarlyRun(early: EarlyRun | null): void {
  if (early) Object.defineProperty(window, HANDOFF, { value: early, configurable: true });
}

/** The early run, once: the app's first run takes it over or ends it; from then on none starts. */
export function takeEarlyRun(): EarlyRun | null {
  const early = handoff();
  Object.defineProperty(window, HANDOFF, { value: TAKEN, configurable: true });
  return early === undefined || early === TAKEN ? null : early;
}

/** Every key the playground writes starts so (saved work, its safe-mode notes). */
const STORAGE_PREFIX = "postmessage-playground";

/** Whether the app, loading at `location`, surely opens on the default scenario and runs it. */
export function opensOnDefault(location: Pick<Location, "search" | "hash">, storedKeys: readonly string[]): boolean {
  return location.search === "" && location.hash === "" && !storedKeys.some((k) => k.startsWith(STORAGE_PREFIX));
}

/** Whether `early` is the run about to start: its frames' URLs are the ones the app wrote. */
export function isSameRun(early: EarlyRun, scenarioId: string, frameUrls: Readonly<Record<string, string>>, pageFrames: readonly string[]): boolean {
  if (early.scenarioId !== scenarioId || early.frames.size !== pageFrames.length) return false;
  return pageFrames.every((name) => early.frames.get(name)?.url === frameUrls[name]);
}

/** The app's frames are now these elements: the windows panel moves them in (WindowsPanel). */
export function adoptEarlyRun(early: EarlyRun, frames: FrameLookup): MessageEvent[] {
  early.stop();
  frames.adopt?.(early.frames);
  return early.events;
}

/** What ending a run without the app takes: its frames' holder and the window messages kept. */
export type Ending = Pick<EarlyRun, "events" | "holder" | "stop">;

/** How long an ended early run's frames wait for their windows to answer before they go. */
export const END_WAIT_MS = 3000;

/**
 * Ends an early run the app does not take: each window that said hello is told to close what it
 * opened (a popup closes itself), and the frames go once each has answered a ping sent after
 * that, so that the word reached it before its frame went (`END_WAIT_MS` at most).
 */
export function endEarlyRun(early: Ending): void {
  early.stop();
  const ports: MessagePort[] = [];
  for (const event of early.events) {
    const port = event.ports[0];
    if (port && !ports.includes(port)) ports.push(port);
  }
  let left = ports.length;
  const done = () => {
    clearTimeout(timer);
    for (const port of ports) port.close();
    early.holder.remove();
  };
  const timer = left === 0 ? undefined : setTimeout(done, END_WAIT_MS);
  if (left === 0) done();
  for (const port of ports) {
    port.onmessage = (e: MessageEvent<unknown>) => {
      if ((e.data as { type?: unknown } | null)?.type !== "pong") return;
      port.onmessage = null;
      if (--left === 0) done();
    };
    try {
      port.postMessage({ type: "dispose", keep: [] } satisfies HostToRuntime);
      port.postMessage({ type: "ping", n: 0 } satisfies HostToRuntime);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Ends a run that no app will take once each of its windows `names` has said hello, and so can
 * be told to close what it opened (endEarlyRun): a window still loading would otherwise open its
 * popup after the end, and leave it open. A window that never says hello (a popup the browser
 * blocked) is waited for `END_WAIT_MS` at most.
 */
export function endOnceHeard(run: Ending, names: readonly string[]): void {
  const since = Date.now();
  const heard = () => names.every((name) => run.events.some((e) => e.ports.length > 0 && isHelloMessage(e.data) && e.data.window === name));
  const wait = () => {
    if (Date.now() - since < END_WAIT_MS && !heard()) setTimeout(wait, 50);
    else endEarlyRun(run);
  };
  wait();
}

/**
 * After the app failed as it started, having ended its first run: the window messages from now
 * on are kept, for the windows that say hello only now (endOnceHeard), and the early frames'
 * holder goes after them.
 */
export function endLateWindows(names: readonly string[]): void {
  const holder = document.querySelector<HTMLElement>("[data-early-holder]") ?? document.createElement("div");
  endOnceHeard({ ...keepWindowMessages(), holder }, names);
}

/** At most this many messages are kept: a run's first windows send a hello and a few reports. */
const MAX_KEPT = 256;

/** Keeps the page's window messages and messageerrors from now on, oldest first, until `stop()`. */
export function keepWindowMessages(): Pick<EarlyRun, "events" | "stop"> {
  const events: MessageEvent[] = [];
  const keep = (e: Event) => {
    if (events.length < MAX_KEPT) events.push(e as MessageEvent);
  };
  window.addEventListener("message", keep);
  window.addEventListener("messageerror", keep);
  return {
    events,
    stop() {
      window.removeEventListener("message", keep);
      window.removeEventListener("messageerror", keep);
    },
  };
}
