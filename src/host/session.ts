/**
 * What the parts of the host share: the run being watched (a Session), each window of it that said
 * hello (a LiveWindow), and the host's own surroundings (HostContext), given to createHost so that
 * no part reads a global.
 */
import type { StoreApi } from "zustand";
import type { ResolvedOrigins } from "../../sandboxes/origins";
import { documentId, hostRecordKey } from "../../sandboxes/protocol";
import type { Scenario, ScenarioWindow } from "../scenario/types";
import type { WindowMessage } from "./channel/hello";
import type { EarlyRun } from "./run/early";
import type { PlaygroundState } from "../store/types";

export interface LiveWindow {
  spec: ScenarioWindow;
  /** null: the window was gone before its hello was dispatched, and the engine gave no source (hello.ts, goneAtHello). */
  proxy: Window | null;
  port: MessagePort;
  origin: string;
  /** 1 for the window's first document; a reload or navigation gets the next number. */
  doc: number;
  /** The token of its hello: the document's early reports carry it (EarlyReportsMessage). */
  token?: string;
  /** The seqs of the reports taken in from its early batches, which come twice (EarlyReportsMessage). */
  earlySeqs?: Set<number>;
  warnedMalformed?: boolean;
  /**
   * Its runtime said the document is being replaced (LifecycleReport "left"): when (shared clock,
   * and the host's clock.now()), and the new page's URL if the browser said it.
   */
  left?: { time: number; at: number; to: string };
  /** The heartbeat took its new page for one without a runtime, and said so. */
  leftSaid?: boolean;
  /** The heartbeat ping still unanswered, and when it left. */
  ping?: { n: number; sent: number };
  /**
   * How many events of its messages to itself its runtime said it holds, not sent yet
   * (UnsentMessage.held): 0 once a batch came after that word, as every batch follows what was
   * held. A window closed or removed while it holds some takes them with it (run/heartbeat.ts).
   */
  held?: number;
  /** The share of the event cap it was told to hold while it holds (run/hold-shares.ts); none: all of it. */
  holdShare?: number;
  /** Set while a rerun waits for this popup to say it retired (run/retire.ts). */
  onRetired?: () => void;
}

/** The document a live window holds now (`alice#2`), as records made in it name it. */
export const docOf = (live: LiveWindow): string => documentId(live.spec.name, live.doc);

export interface Session {
  runId: string;
  scenario: Scenario;
  origins: Record<string, string>;
  urls: Record<string, string>;
  live: Map<string, LiveWindow>;
  /** How many documents each window has had in this run. */
  documentsOf: Map<string, number>;
  /** Windows already told that their forged hellos are ignored. */
  impostors: Set<string>;
  /**
   * The tokens of documents a window no longer holds, at most MAX_PAST_TOKENS: what such a
   * document still posts as it goes (its "left", beside the port) is the runtime's own, not a
   * message to draw, even when it comes after its successor's hello.
   */
  pastTokens: Set<string>;
  /** When the run started, and when the host loaded each frame again (clock.now()). */
  started: number;
  reloaded: Map<string, { at: number; stuckSaid: boolean }>;
  /** The windows that open popups wait for a person's click before their scripts run. */
  clickToOpen: boolean;
  /**
   * The inits written into first documents' URLs (sandboxes/first-document.ts), exactly as their
   * hellos must quote them, by window: the frames of the page's at the start, the windows a
   * document makes or opens as its init is sent (run/init.ts payloadsOf).
   */
  payloads: Map<string, WrittenInit>;
  /**
   * Hellos that wait for the hello of the window they must be the frame or popup of (channel/hello.ts),
   * with when they came; at most MAX_WAITING_HELLOS, closed when the run ends.
   */
  waiting: WaitingHello[];
  /** Stops the run's timers (heartbeat, closed-window poll). */
  stopTimers: () => void;
}

/** An init as written into a first document's URL: the payload its hello must quote, and whether delivery was paused then. */
export interface WrittenInit {
  text: string;
  paused: boolean;
}

export interface WaitingHello {
  creator: string;
  message: WindowMessage;
  time: number;
  /**
   * Its document's early reports that came while it waited (at most MAX_EARLY_WAITING), taken in
   * once the hello is: they come again on the port, except from a document already gone, whose
   * port WebKit loses.
   */
  early?: MessageEvent[];
  /**
   * What its window posted to the page itself while it waited (at most MAX_EARLY_WAITING): drawn
   * as the page's receipts once the hello is taken in, when the window has a name to be drawn by.
   */
  posted?: { message: WindowMessage; type: string; time: number }[];
}

export const MAX_EARLY_WAITING = 64;

export const MAX_PAST_TOKENS = 256;

/** Hellos a run keeps waiting at once: a scenario has fewer windows, a flood of forged ones is refused. */
export const MAX_WAITING_HELLOS = 32;

/** Time and timers, given so that the inbox and the commit buffer can be tested without waiting. */
export interface Clock {
  /** Monotonic milliseconds (performance.now()). */
  now(): number;
  /** On the clock the sandboxes share (performance.timeOrigin + now()), as records are stamped. */
  wallNow(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const browserClock = (win: Window): Clock => ({
  now: () => win.performance.now(),
  wallNow: () => win.performance.timeOrigin + win.performance.now(),
  setTimeout: (fn, ms) => win.setTimeout(fn, ms),
  clearTimeout: (h) => win.clearTimeout(h as number | undefined),
  setInterval: (fn, ms) => win.setInterval(fn, ms),
  clearInterval: (h) => win.clearInterval(h as number | undefined),
});

/** Frames of the host page by window name, filled by the view that renders them (frames.ts). */
export interface FrameLookup {
  get(name: string): HTMLIFrameElement | undefined;
  /** The frames a first visit's early run made (src/early-run.ts) are the run's frames. */
  adopt?(early: ReadonlyMap<string, { element: HTMLIFrameElement; url: string }>): void;
}

export interface HostConfig {
  origins: ResolvedOrigins;
  /** An embed that runs on click: its scenarios with popups wait for the reader's click. */
  runOnClick?: boolean;
  /** Told the title of each run as it starts (host/safe-mode.ts notes it for the next load). */
  onRunStart?: (title: string) => void;
  /** A first visit's run started before the app loaded (src/early-run.ts), for the first run to take. */
  takeEarlyRun?: () => EarlyRun | null;
}

export interface HostContext {
  store: StoreApi<PlaygroundState>;
  win: Window;
  config: HostConfig;
  clock: Clock;
  frames: FrameLookup;
  /** The run being watched, if any. */
  session(): Session | null;
  /** A line from the playground itself, shown with the window's console output. */
  note(window: string, text: string): void;
}

let notes = 0;
/** The console record of a host note, keyed apart from every runtime's own records. */
export const noteRecord = (window: string, time: number, text: string) => ({
  kind: "console" as const,
  key: hostRecordKey(window, `note${++notes}`),
  window,
  time,
  level: "warn" as const,
  text,
});
