/**
 * The private protocol between the host page and the runtime agent in each sandbox window.
 * One plain-data union per direction, keyed on `type`/`kind`. Everything here crosses a realm
 * boundary, so it must stay structured-cloneable: no functions, no DOM objects, no class instances.
 */

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
}

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
  return d.brand === BRAND && d.type === "hello" && isShortText(d.run) && isShortText(d.window) && isShortText(d.origin);
}

export interface NestedFrameInit {
  name: string;
  url: string;
  origin: string;
  sandbox: string;
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
}

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
 * gets its process (src/host/bridge.ts): it drops its name, answers `retired`, stops everything
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

export type HostToRuntime = InitMessage | DisposeMessage | RetireMessage | PauseMessage | HeldSendMessage | ResendMessage | PingMessage;

/** Message data as the inspector shows it: a bounded tree (see runtime/snapshot.ts). */
export type DataNode =
  | { t: "leaf"; text: string }
  | { t: "ref"; id: number }
  | { t: "node"; id: number; tag: string; size?: number; entries: [string, DataNode][]; more: number };

export interface ThrownError {
  name: string;
  message: string;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * MessagePorts are named per document: `c3.1`/`c3.2` are the two ends of the third channel this
 * document created, `r2` the second port it received. The host joins the names into lineage.
 */
export type PortId = string;

/** A `postMessage` call seen in the sender, whether or not it threw. */
export interface SendReport {
  kind: "send";
  /** Unique within the sending document. */
  seq: number;
  time: number;
  /** The window posted to; empty for a send on a MessagePort. */
  target: WindowPath;
  /** Set when the send was `port.postMessage`: the sending end. */
  port?: PortId;
  /** Exactly what the caller passed, rendered as text (`undefined` when omitted). */
  targetOrigin: string;
  form: "positional" | "options";
  preview: string;
  /** A summary both sides compute alike from the data, used to pair a send with its receipt. */
  shape: string;
  transfer: string[];
  /** The transfer list again right after the call: a transferred buffer now reads as detached. */
  transferAfter: string[];
  /** Ports in the transfer list, in order (they arrive in this order in `event.ports`). */
  portsSent: PortId[];
  error?: ThrownError;
  at?: SourcePosition;
  /** The data as a tree, for objects (primitives are fully shown by the preview). */
  tree?: DataNode;
  /** Delivery was paused: the call was held and the browser's postMessage has not run yet. */
  held?: boolean;
  /** Sent again from the inspector. */
  resent?: boolean;
  /**
   * The target still held its initial about:blank document when postMessage ran, as the sender
   * saw it (that document has the creator's origin, so only a same-origin sender can see it).
   */
  toInitial?: boolean;
}

/** A held send was released (postMessage ran now) or dropped (it never will). */
export interface HeldReport {
  kind: "released" | "dropped";
  seq: number;
  /** The held send's seq. */
  send: number;
  time: number;
  error?: ThrownError;
  transferAfter?: string[];
  portsSent?: PortId[];
}

/** What one `message` listener did with an event. */
export interface ListenerResult {
  name: string;
  via: "addEventListener" | "onmessage";
  /** `data`, `origin` and `source` in the order the listener first read them. */
  reads: ("data" | "origin" | "source")[];
  /** An exception the listener threw (reported in the receiver only; the sender never sees it). */
  threw?: ThrownError;
  /** Where the listener was registered in the user's script. */
  at?: SourcePosition;
}

/**
 * A message or messageerror event as the receiving window saw it, before any user listener.
 * `listeners` is empty here; a ListenersReport fills it in once the dispatch is over.
 */
export interface ReceiptReport {
  kind: "receipt";
  seq: number;
  time: number;
  type: "message" | "messageerror";
  origin: string;
  /** `null` when event.source was null. */
  source: WindowPath | null;
  preview: string;
  shape: string;
  /** Names given to the ports in `event.ports`, in order. */
  ports: PortId[];
  /** Set when the event fired on a MessagePort: the receiving end. */
  port?: PortId;
  /** The listeners that ran, in order. */
  listeners: ListenerResult[];
  tree?: DataNode;
}

export interface ConsoleReport {
  kind: "console";
  seq: number;
  time: number;
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
  at?: SourcePosition;
}

export interface LifecycleReport {
  kind: "lifecycle";
  seq: number;
  time: number;
  what: "script-started" | "script-finished" | "popup-blocked" | "popup-opened" | "port-started" | "port-closed";
  detail: string;
}

/** What the listeners did with a receipt already reported (sent once its dispatch is over). */
export interface ListenersReport {
  kind: "listeners";
  seq: number;
  time: number;
  /** The receipt's seq. */
  receipt: number;
  listeners: ListenerResult[];
}

export type RuntimeReport = SendReport | ReceiptReport | ConsoleReport | LifecycleReport | HeldReport | ListenersReport;

/**
 * Reports as objects, or as their JSON (`count` of them), which costs both sides less to pass;
 * either way each leaves out what it shares with the report before it (report-batch.ts).
 */
export type ReportBatch = { type: "reports"; reports: object[] } | { type: "reports"; json: string; count: number };
