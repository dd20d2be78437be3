/**
 * What the host stores: runtime reports with their windows resolved to scenario window names.
 * `HOST` names the playground page itself when a sandbox posts to it (e.g. `parent` of a
 * top-level frame).
 */
import type { SourcePosition, ThrownError } from "../../sandboxes/protocol";

export const HOST = "(playground)";

export interface SendRecord {
  kind: "send";
  /** Unique per run: window, document and the runtime's sequence number. */
  key: string;
  window: string;
  /** The sender document's origin (what event.origin will say). */
  origin: string;
  time: number;
  /** The target window's name, or null when the runtime could not name it. */
  target: string | null;
  targetLabel: string;
  targetOrigin: string;
  form: "positional" | "options";
  preview: string;
  shape: string;
  transfer: string[];
  error?: ThrownError;
  at?: SourcePosition;
}

export interface ReceiptRecord {
  kind: "receipt";
  key: string;
  window: string;
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
  ports: number;
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

export type MessageRecord = SendRecord | ReceiptRecord;

/** One document a window held, on the shared clock. A popup's first is its initial about:blank. */
export interface DocumentSpan {
  origin: string;
  start: number;
  end?: number;
  /** True for a window's initial about:blank, which inherits its creator's origin. */
  initial?: boolean;
}
