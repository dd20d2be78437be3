/**
 * The app's side of a first visit's early run (src/early-run.ts): taken over when it is the very
 * run the app starts (same scenario, same frame URLs, written from the same run id and start),
 * ended otherwise, as a run's windows are ended: told to close what they opened, and removed.
 */
import type { HostToRuntime } from "../../../sandboxes/protocol";
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

/** Ends an early run the app does not take: its windows close what they opened, its frames go. */
export function endEarlyRun(early: EarlyRun): void {
  early.stop();
  for (const event of early.events) {
    try {
      event.ports[0]?.postMessage({ type: "dispose", keep: [] } satisfies HostToRuntime);
    } catch {
      // Already gone.
    }
  }
  early.holder.remove();
}
