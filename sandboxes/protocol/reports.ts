/**
 * What a runtime reports about its own window: sends, receipts, console lines, lifecycle. Plain,
 * structured-cloneable data; the host checks every report (src/host/ingest/report-check.ts) since a
 * script can tamper with the runtime in its realm.
 */
import type { WindowPath } from "./messages";

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

/** The longest destination a "left" report gives (LifecycleReport): a data: URL can be a whole page. */
export const MAX_DESTINATION = 300;

/** `url`, cut to MAX_DESTINATION characters and an ellipsis. */
export const boundedDestination = (url: string): string => (url.length > MAX_DESTINATION ? `${url.slice(0, MAX_DESTINATION)}…` : url);

export interface LifecycleReport {
  kind: "lifecycle";
  seq: number;
  time: number;
  /**
   * `left`: the document is being replaced by a navigation (`pageswap`, or where an engine has no
   * such event, `pagehide`, which a removed frame or a closed window fires too); `detail` is the
   * new page's URL when the browser says it (a same-origin navigation), "" otherwise.
   */
  what: "script-started" | "popup-blocked" | "popup-opened" | "port-started" | "port-closed" | "left";
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
