/**
 * Where a message is classified: what the browser did with one send, decided from what the
 * runtimes reported. Pure, so the rules can be read and tested without a browser.
 */
import type { DocumentSpan } from "./records";

export type MessageState = "queued" | "delivered" | "blocked" | "lost" | "error" | "messageerror";

export interface Classification {
  state: MessageState;
  /** One sentence a person can read on the timeline. */
  reason: string;
}

export interface SendFacts {
  targetOrigin: string;
  senderOrigin: string;
  error?: { name: string; message: string };
  /** The receipt paired with this send, if any. */
  receipt?: { type: "message" | "messageerror" };
  /** The target's name for sentences; null when the runtime could not name the target. */
  targetName: string | null;
  /** Documents the target window held (oldest first), as far as the host knows them. */
  targetDocuments: readonly DocumentSpan[];
  sendTime: number;
}

/** The origin a targetOrigin asks for: null for "*", the sender's own for "/". */
export function expectedOrigin(targetOrigin: string, senderOrigin: string): string | null {
  if (targetOrigin === "*") return null;
  if (targetOrigin === "/") return senderOrigin;
  try {
    return new URL(targetOrigin).origin;
  } catch {
    // Chromium accepts a few strings URL parsing refuses ("http://foo bar"); they match nothing.
    return targetOrigin;
  }
}

/** The document a window held at `time`: the latest to start by then. Reports arrive out of order, so no order is assumed. */
export function documentAt(docs: readonly DocumentSpan[], time: number): DocumentSpan | undefined {
  let found: DocumentSpan | undefined;
  for (const d of docs) if (d.start <= time && (!found || d.start >= found.start)) found = d;
  return found;
}

export function classifySend(f: SendFacts): Classification {
  if (f.error) return { state: "error", reason: `postMessage threw ${f.error.name}: ${f.error.message}` };
  if (f.receipt?.type === "messageerror") {
    return { state: "messageerror", reason: "dispatched, but the data could not be deserialized in the target: messageerror fired" };
  }
  if (f.receipt) return { state: "delivered", reason: "dispatched: the target's message event fired" };
  const target = f.targetName ?? "the target";
  if (f.targetName === null) {
    return { state: "queued", reason: "sent to a window the playground does not know; no receipt was reported" };
  }
  const doc = documentAt(f.targetDocuments, f.sendTime);
  if (!doc) return { state: "queued", reason: `waiting: ${target} has not reported its document yet` };
  const expected = expectedOrigin(f.targetOrigin, f.senderOrigin);
  const where = doc.initial ? `${target}'s initial about:blank document (origin ${doc.origin})` : `${target} (${doc.origin})`;
  if (expected !== null && expected !== doc.origin) {
    return {
      state: "blocked",
      reason: `targetOrigin ${f.targetOrigin === "/" ? `"/" (${expected})` : f.targetOrigin} does not match ${where}: the browser dropped it at dispatch`,
    };
  }
  if (doc.initial) {
    return { state: "lost", reason: `reached ${where}, which had no listener and was then replaced` };
  }
  if (doc.end !== undefined) {
    return { state: "lost", reason: `${target}'s document went away (closed or navigated) before the message was dispatched` };
  }
  return { state: "queued", reason: `queued in ${target}'s event loop, not dispatched yet` };
}
