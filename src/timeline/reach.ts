/**
 * Which send may have caused which receipt, document by document: the rules the pairing engine
 * (pair.ts, pairing.ts) pairs by. Pure.
 */
import { CLOCK_SLACK_MS, expectedOrigin } from "./classify";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";

/**
 * The earliest time a send can have been made and reach document `doc` of a window whose
 * documents are `docs`: a document's `start` is when it surely held the window (its runtime
 * started). A message sent while the window still held its initial about:blank (a frame before
 * its page arrived, a popup before it loaded) went to that about:blank, which lives in its
 * creator's process and takes the message at once: the page that replaces it never gets it. A
 * message sent while the window held an earlier page may still reach the next one (Chromium hands
 * a message for another process to the document the target holds when the sender's task ends),
 * but not one after that. -Infinity when `doc` is not among `docs`.
 */
export function reachableFrom(docs: readonly DocumentSpan[] | undefined, doc: string): number {
  const d = docs?.find((x) => x.id === doc);
  if (!docs || !d) return -Infinity;
  let before: DocumentSpan | undefined;
  for (const x of docs) if (x !== d && x.start <= d.start && (!before || x.start >= before.start)) before = x;
  return before && !before.initial && before.id !== undefined ? before.start : d.start;
}

/** Whether document `doc` is its window's first page: only the initial about:blank (if anything) came before it. */
export function isFirstPage(docs: readonly DocumentSpan[] | undefined, doc: string): boolean {
  const d = docs?.find((x) => x.id === doc);
  if (!docs || !d) return false;
  return !docs.some((x) => x !== d && x.start <= d.start && !x.initial && x.id !== undefined);
}

/**
 * Which documents a send its sender saw go to the target's initial about:blank (`toInitial`) may
 * still reach, besides a first page of the about:blank's own origin, which keeps its Window.
 * Chromium and WebKit dispatch it to that about:blank, which a page of another origin replaces:
 * none. Firefox may hand it to the page that replaces the about:blank, when that page commits
 * before the dispatch (conformance/27): then the first page, and no later one.
 */
export type InitialReach = "none" | "first page";

/**
 * Whether `send` may have caused `receipt`, in a document that sends made before `floor` could not
 * reach; `firstPage`: that document is its window's first page (no page before it, only the initial
 * about:blank).
 */
export function couldProduce(send: SendRecord, receipt: ReceiptRecord, floor = -Infinity, initial: InitialReach = "none", firstPage = false): boolean {
  if (send.error || send.targetGone || send.port !== undefined || receipt.port !== undefined || send.target !== receipt.window || send.window !== receipt.source) return false;
  if (send.toInitial === true) {
    // A first page of the about:blank's own origin (the sender's, which could read it) takes over
    // its Window, and with it the messages queued for it, in every engine.
    if (!firstPage || (initial === "none" && receipt.origin !== send.origin)) return false;
    floor = -Infinity;
  }
  // A messageerror carries data null, so its shape says nothing about the send.
  if ((receipt.type !== "messageerror" && send.shape !== receipt.shape) || send.origin !== receipt.eventOrigin) return false;
  if (send.time > receipt.time + CLOCK_SLACK_MS || send.time + CLOCK_SLACK_MS < floor) return false;
  const expected = expectedOrigin(send.targetOrigin, send.origin);
  return expected === null || expected === receipt.origin;
}
