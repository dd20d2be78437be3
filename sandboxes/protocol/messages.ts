/**
 * The private protocol between the host page and the runtime agent in each sandbox window.
 * One plain-data union per direction, keyed on `type` (HostToRuntime, RuntimeToHost); the reports
 * a runtime sends are in reports.ts. Everything here crosses a realm
 * boundary, so it must stay structured-cloneable: no functions, no DOM objects, no class instances.
 */
import type { SourcePosition } from "./reports";

/** Brand on the one window message a runtime ever sends to the host (the hello). */
export const BRAND = "postmessage-playground/runtime@1";

/** Query parameters on a sandbox URL. */
export const PARAM_WINDOW = "pgw";
export const PARAM_RUN = "pgrun";
/** The way from this window to the host page: "p" (parent) and "o" (opener) steps, e.g. "op". */
export const PARAM_UP = "pgup";

/**
 * How one window reaches another, as the steps a script would write: `["parent", "frames:1"]`
 * is `parent.frames[1]`, `["popup:bob"]` is the popup this window opened for window "bob".
 * `"gone"` comes first only: the window is gone (a removed frame, a closed window), and the rest
 * is the path that last led to it, if one was known (`["gone", "frames:0"]`, or just `["gone"]`).
 */
export type PathStep = "self" | "parent" | "top" | "opener" | "gone" | `frames:${number}` | `popup:${string}`;
export type WindowPath = PathStep[];

export function pathLabel(path: WindowPath | null): string {
  if (path === null) return "null";
  if (path[0] === "gone") return path.length === 1 ? "a window that is gone" : `${pathLabel(path.slice(1))} (gone)`;
  if (path.length === 0) return "unknown";
  return path
    .map((step, i) => {
      if (step.startsWith("frames:")) return `${i === 0 ? "frames" : ".frames"}[${step.slice(7)}]`;
      if (step.startsWith("popup:")) return `${i === 0 ? "" : "."}popup ${step.slice(6)}`;
      return i === 0 ? step : `.${step}`;
    })
    .join("");
}

/** The hello: sent once, by window.postMessage to the host with the host's exact origin, carrying a port. */
export interface HelloMessage {
  brand: typeof BRAND;
  type: "hello";
  run: string;
  window: string;
  /** The document's own origin as it sees it (the host checks it against event.origin). */
  origin: string;
  /** A time this document surely held its window (its runtime started), on the shared clock. */
  start: number;
  /**
   * The init this document found in its URL and has run (first-document.ts), exactly as written
   * there: the host accepts the document only if it wrote that very text for this window.
   */
  payload?: string;
  /** This document's own random name: its EarlyReports say it, so none is credited to a later document of the window. */
  token?: string;
}

/**
 * Reports a document made before the host's first message on its port reached it, sent beside the
 * hello as window messages as well as on the port. When the document goes away right after its
 * script ran (a frame removed at once), WebKit loses a message posted on a port whose other end is
 * still travelling to the host page, and Firefox a window message the removed frame posted: such
 * batches say they are `early`, and the host takes the first copy of each of their reports that
 * arrives (by seq). It takes these only from the window and origin whose hello it accepted, with
 * that hello's token.
 */
export interface EarlyReportsMessage {
  brand: typeof BRAND;
  type: "early-reports";
  run: string;
  window: string;
  token: string;
  batch: ReportBatch;
}

/** Longer URLs than this are refused by some engines: a window's init then comes over the channel (first-document.ts). */
export const MAX_INIT_URL = 1_000_000;

/** A run id, window name or origin is far shorter; anything longer is not a hello (and is never quoted). */
const MAX_HELLO_FIELD = 200;
const isShortText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_HELLO_FIELD;

/**
 * Whether a window message is a runtime's hello. Any window can post one, so every field is
 * bounded here: the host quotes the claimed window name in a console note.
 */
export function isHelloMessage(data: unknown): data is HelloMessage {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.brand === BRAND &&
    d.type === "hello" &&
    isShortText(d.run) &&
    isShortText(d.window) &&
    isShortText(d.origin) &&
    (d.token === undefined || isShortText(d.token)) &&
    (d.payload === undefined || (typeof d.payload === "string" && d.payload.length <= MAX_INIT_URL))
  );
}

export interface NestedFrameInit {
  name: string;
  url: string;
  origin: string;
  sandbox: string;
  /** The frame's own init, for its URL (first-document.ts); absent when it would make the URL too long. */
  init?: InitMessage;
}

/** What the host tells a runtime once its port is accepted. */
export interface InitMessage {
  type: "init";
  run: string;
  window: string;
  script: string;
  html: string;
  /** Time origin of the run on the shared clock (performance.timeOrigin + now). */
  runStart: number;
  /** Window name -> origin, and window name -> URL that loads it, for the `playground` global. */
  origins: Record<string, string>;
  urls: Record<string, string>;
  /** Every configured sandbox site -> origin, so scripts can name origins that have no window. */
  sites: Record<string, string>;
  /** Iframes this window holds, created before its script runs. */
  frames: NestedFrameInit[];
  /**
   * The first documents' inits of the windows this document's script opens or makes itself (its
   * popups, the frames it makes), by name: `playground.url(name)` puts them in the URL, until the
   * host says that window has loaded (OpenedMessage). Only in a window's first document.
   */
  opens?: Record<string, InitMessage>;
  /** The configured site this document is served from (it changes when a window navigates). */
  site: string;
  /** 1 for a window's first document, 2 after its first navigation or reload, and so on. */
  documentNumber: number;
  /** Delivery is paused: hold sends from the start. */
  paused: boolean;
  /** The loop guard's budget in ms; 0 when the script was not instrumented. */
  loopGuardMs: number;
  /**
   * The script waits for a click in this window before it runs: it opens a popup, and the browser
   * allows that only with a person's click in the window that opens it.
   */
  waitForClick?: boolean;
  /**
   * Where the host found the script does not parse (src/run/syntax-check.ts). The runtime then
   * does not insert it (the browser would refuse it whole) and says so in words.
   */
  syntaxError?: { line: number; column: number; message: string };
  /** Where each send the host routed through SEND_CALL is in the script as written, by site number. */
  sendSites: SendSite[];
  /**
   * Where `script` differs from the script as written (src/run/script-edits.ts), so that a
   * function's source text reads as written; left out when nothing was rewritten.
   */
  written?: Rewritten[];
}

/** A rewritten place of the running script: [start, end) of its text, and the text written there. */
export type Rewritten = [start: number, end: number, written: string];

/** The global function each `x.postMessage(…)` of a script is routed through (src/run/send-sites.ts). */
export const SEND_CALL = "__pgPost";

/** A send's place in the script as written (1-based line and column). */
export type SendSite = SourcePosition;

/** The global function the loop guard's instrumented loops call (src/run/loop-guard.ts). */
export const LOOP_GUARD = "__pgLoopGuard";

/** The run is over: flush, close the popups this window opened, and close itself if it is a popup. */
export interface DisposeMessage {
  type: "dispose";
  /** Scenario popups the host retired (see RetireMessage): their openers leave them open. */
  keep?: string[];
}

/**
 * A popup the host keeps for a moment after its run, so that the next run's popup on its origin
 * gets its process (src/host/run/retire.ts): it drops its name, answers `retired`, stops everything
 * its run does, and closes itself after `closeAfterMs`.
 */
export interface RetireMessage {
  type: "retire";
  /** Other scenario popups retired with it, which it leaves open if it opened them. */
  keep: string[];
  closeAfterMs: number;
}

export interface RetiredMessage {
  type: "retired";
}

/** Pause delivery: sends are held in the sender, unsent, until released or dropped. */
export interface PauseMessage {
  type: "pause";
  paused: boolean;
}

/** Run a held send now (the browser's own postMessage, so its own checks decide), or forget it. */
export interface HeldSendMessage {
  type: "release" | "drop";
  /** The held send's seq. */
  send: number;
}

/** Send again from this window, with data given as JSON text. */
export interface ResendMessage {
  type: "resend";
  target: WindowPath;
  data: string;
  targetOrigin: string;
}

/** The host's heartbeat: a window that does not answer for a while is busy (e.g. in a loop). */
export interface PingMessage {
  type: "ping";
  n: number;
}

export interface PongMessage {
  type: "pong";
  n: number;
}

/** A window this document opens or makes has loaded: `playground.url` gives its plain URL from now on. */
export interface OpenedMessage {
  type: "opened";
  window: string;
}

/**
 * The host took this document into the run. The handshake's last step for a document that ran the
 * init in its URL (any first message says the same; the init is the first for the others): reports
 * travel on the port from now on, never beside it.
 */
export interface JoinedMessage {
  type: "joined";
}

/**
 * How many events of its messages to itself a window flooding itself may hold (runtime/outbox.ts),
 * from 1 to EVENT_CAP: its share of the event cap while other windows flood themselves too
 * (src/host/run/hold-shares.ts). It holds EVENT_CAP again once its flood pauses.
 */
export interface HoldMessage {
  type: "hold";
  events: number;
}

export type HostToRuntime =
  | InitMessage
  | JoinedMessage
  | DisposeMessage
  | RetireMessage
  | PauseMessage
  | HeldSendMessage
  | ResendMessage
  | PingMessage
  | OpenedMessage
  | HoldMessage;

/**
 * Reports as objects, or as their JSON (`count` of them), which costs both sides less to pass;
 * either way each leaves out what it shares with the report before it (batch.ts).
 */
export type ReportBatch = ({ type: "reports"; reports: object[] } | { type: "reports"; json: string; count: number }) & {
  /** Made before the host's first message on the port: sent both ways, so the host may see its reports twice (EarlyReportsMessage). */
  early?: true;
  /**
   * Every report of the batch is of the window's messages to itself (a send to itself, its
   * receipt, or that receipt's listener results; nothing else): the last one's time, and how many
   * are sends and receipts. The host may count such a batch as dropped by the event cap without
   * reading it (src/host/ingest/inbox.ts): whatever it says, it can only speak of the window's
   * messages to itself.
   */
  self?: { last: number; events: number };
};

/**
 * The timeline's event cap: the sends and receipts a run keeps, its newest (src/timeline/event-cap.ts).
 * A window flooding itself holds at most this many of those messages' reports (runtime/outbox.ts),
 * or its share of them while other windows flood themselves too (HoldMessage).
 */
export const EVENT_CAP = 20_000;
/**
 * How long a window flooding itself may hold the reports of those messages (runtime/outbox.ts):
 * what it holds is lost if its document goes without a word (a frame removed, a popup closed),
 * so that is at most this much of its flood.
 */
export const HOLD_MAX_MS = 3000;

/**
 * Sends and receipts of the window's messages to itself that it has not sent (runtime/outbox.ts).
 * `events` it counted and never sends: at least as many newer ones of the same kind came after them
 * as it may hold (EVENT_CAP, or its share: HoldMessage), so the event cap would keep none; `last`
 * is the time of the last of them (0 when none).
 * `held` it holds, to send when its flood pauses: while it says so, the host takes its flood for
 * still going on. Like ReportBatch.self, whatever it says can only speak of the window's messages
 * to itself.
 */
export interface UnsentMessage {
  type: "unsent";
  last: number;
  events: number;
  held: number;
}

/** What a runtime sends over its port: heartbeat answers, the answer to a retire, reports, and what it did not send. */
export type RuntimeToHost = PongMessage | RetiredMessage | ReportBatch | UnsentMessage;

const MAX_BATCH_COUNT = 100_000;
/** A window's count of events it did not send, bounded: more than a browser posts in a day. */
const MAX_UNSENT = 1_000_000_000;
const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= MAX_UNSENT;

/**
 * Reads what arrived on a runtime's port as one of the RuntimeToHost messages, or null. The port
 * belongs to a window whose script can post anything on it: only the envelope is checked here; a
 * batch's reports are checked one by one when they are taken in. A batch's `count` only paces
 * drawing, so it is bounded rather than trusted.
 */
/** Whether a window message is a runtime's early reports: every field is checked, as for a hello. */
export function parseEarlyReports(data: unknown): EarlyReportsMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.brand !== BRAND || d.type !== "early-reports" || !isShortText(d.run) || !isShortText(d.window) || !isShortText(d.token)) return null;
  const batch = parseRuntimeMessage(d.batch);
  if (batch?.type !== "reports") return null;
  return { brand: BRAND, type: "early-reports", run: d.run, window: d.window, token: d.token, batch };
}

export function parseRuntimeMessage(data: unknown): RuntimeToHost | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.type === "pong") return typeof d.n === "number" ? { type: "pong", n: d.n } : null;
  if (d.type === "retired") return { type: "retired" };
  if (d.type === "unsent") {
    const { last, events, held } = d;
    const valid = typeof last === "number" && Number.isFinite(last) && isCount(events) && isCount(held) && events + held > 0;
    return valid ? { type: "unsent", last, events, held } : null;
  }
  if (d.type !== "reports") return null;
  const early = d.early === true ? ({ early: true } as const) : {};
  if (Array.isArray(d.reports)) return { type: "reports", reports: d.reports as object[], ...early };
  if (typeof d.json !== "string") return null;
  const count = typeof d.count === "number" && d.count >= 1 ? Math.min(Math.floor(d.count), MAX_BATCH_COUNT) : 1;
  // Only a batch read as JSON: one sent as objects is rare (a script gave objects a toJSON) and is read anyway.
  const claim = typeof d.self === "object" && d.self !== null ? (d.self as Record<string, unknown>) : undefined;
  const last = claim?.last;
  const events = claim?.events;
  const self =
    d.early !== true && typeof last === "number" && Number.isFinite(last) && typeof events === "number" && Number.isInteger(events) && events >= 0 && events <= count
      ? { self: { last, events } }
      : {};
  return { type: "reports", json: d.json, count, ...early, ...self };
}
