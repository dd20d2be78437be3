/**
 * What the host stores: runtime reports with their windows resolved to scenario window names.
 * `HOST` names the playground page itself when a sandbox posts to it (e.g. `parent` of a
 * top-level frame).
 */
import type { DataNode, ListenerResult, SendReport, SourcePosition, WindowPath } from "../../sandboxes/protocol";

export type { DataNode, ListenerResult };

export const HOST = "(playground)";

/**
 * Ports are named `<window>#<document>/<name in that document>`, e.g. `alice#1/c1.2` (the second
 * end of alice's first channel) or `bob#2/r1` (the first port bob's second document received).
 */
export type PortName = string;

/** The fields of a send that the host keeps as the runtime reported them (documented there). */
type SendCall = Pick<SendReport, "targetOrigin" | "form" | "preview" | "shape" | "transfer" | "transferAfter" | "error" | "at" | "tree" | "resent" | "toInitial">;

export interface SendRecord extends SendCall {
  kind: "send";
  /** Unique per run: window, document and the runtime's sequence number. */
  key: string;
  window: string;
  /** The sending document: `<window>#<n>`. */
  doc: string;
  /** The sender document's origin (what event.origin will say). */
  origin: string;
  time: number;
  /** The target window's name, or null when the runtime could not name it. */
  target: string | null;
  targetLabel: string;
  /** How the sender reached the target (for resending from the same window). */
  path?: WindowPath;
  /** The target was gone when this was sent (a removed frame's or a closed window's stale WindowProxy). */
  targetGone?: boolean;
  /** Set for `port.postMessage`: the sending end. */
  port?: PortName;
  /** Ports in the transfer list, in order. */
  portsSent: PortName[];
  /** Delivery was paused: held in the sender until released (postMessage ran then) or dropped. */
  held?: boolean;
  releasedAt?: number;
  dropped?: boolean;
}

export interface ReceiptRecord {
  kind: "receipt";
  key: string;
  window: string;
  /** The receiving document: `<window>#<n>`. */
  doc: string;
  /** The receiving document's origin. */
  origin: string;
  time: number;
  type: "message" | "messageerror";
  eventOrigin: string;
  /** event.source resolved to a window name; null when event.source was null or unknown. */
  source: string | null;
  sourceLabel: string;
  preview: string;
  shape: string;
  /** Names given to the ports in event.ports. */
  ports: PortName[];
  /** Set when the event fired on a MessagePort: the receiving end. */
  port?: PortName;
  listeners: ListenerResult[];
  tree?: DataNode;
}

/** A port was started (start() or onmessage) or closed. */
export interface PortEventRecord {
  kind: "port";
  key: string;
  window: string;
  time: number;
  port: PortName;
  what: "started" | "closed";
}

export interface ConsoleRecord {
  kind: "console";
  key: string;
  window: string;
  time: number;
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
  at?: SourcePosition;
}

/** A send held by paused delivery that was neither released nor dropped yet. */
export const isHeld = (s: SendRecord): boolean => s.held === true && s.releasedAt === undefined && s.dropped !== true;

/** One document a window held, on the shared clock. A popup's first is its initial about:blank. */
export interface DocumentSpan {
  /** `<window>#<n>`, as on the records made in it; absent for a popup's initial about:blank. */
  id?: string;
  origin: string;
  start: number;
  end?: number;
  /** True for a window's initial about:blank, which inherits its creator's origin. */
  initial?: boolean;
  /**
   * A page without the playground's runtime that replaced the window's last watched document
   * (run/heartbeat.ts): nothing it receives is reported. `origin` is "" when the browser did not
   * say where the window went.
   */
  unwatched?: boolean;
  /** An unwatched page's URL, when the browser said it (a same-origin navigation); at most 300 characters and an ellipsis. */
  url?: string;
}
