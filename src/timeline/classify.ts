/**
 * Where a message is classified: what the browser did with one send, decided from what the
 * runtimes reported. Pure, so the rules can be read and tested without a browser.
 */
import type { WindowPath } from "../../sandboxes/protocol";
import { ENGINE_NAMES, type Engine } from "../engines/engine";
import type { DifferenceId } from "../engines/differences";
import type { DocumentSpan } from "./records";

/** Every state a row can have, in the order the filter lists them. */
export const MESSAGE_STATES = ["queued", "delivered", "blocked", "lost", "error", "messageerror", "unobserved"] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export interface Classification {
  state: MessageState;
  /** One sentence a person can read on the timeline. */
  reason: string;
  /** The target navigated between send and dispatch; the reason says what this engine did. */
  navigated?: boolean;
  /** The engines disagree about this case: a row of the table in src/engines/differences.ts. */
  difference?: DifferenceId;
}

export interface SendFacts {
  targetOrigin: string;
  senderOrigin: string;
  error?: { name: string; message: string };
  /** The receipt paired with this send, if any, and the document it fired in. */
  receipt?: { type: "message" | "messageerror"; doc: string };
  /** The target's name for sentences; null when the runtime could not name the target. */
  targetName: string | null;
  /** Documents the target window held (oldest first), as far as the host knows them. */
  targetDocuments: readonly DocumentSpan[];
  sendTime: number;
  /** Set when the target was gone at send time: the path that last led to it (without the "gone" mark). */
  gonePath?: WindowPath;
  /**
   * The sender saw the target holding its initial about:blank when it called postMessage. What
   * the sender saw is exact, where the clocks of two processes are not: the message went to that
   * document, whose origin is the sender's.
   */
  toInitial?: boolean;
  /** The data as the timeline shows it (`ArrayBuffer (detached)`): some data is where engines differ. */
  preview?: string;
  /** How many objects the transfer list held. */
  transferred?: number;
  /**
   * The engine all windows ran in (the host page's own browser): the reasons that describe an
   * engine's behaviour name it. Chromium when not given.
   */
  engine?: Engine;
  /**
   * A later send from the same document to the same target was dispatched. Messages from one
   * document to another are dispatched in the order they were sent, so this one, without a
   * receipt, never will be: it went to a document the target was leaving (a frame committing its
   * page, say), which the sender could not see.
   */
  overtaken?: boolean;
}

/**
 * Clocks of different windows are one clock (timeOrigin + now) in principle, but each sandbox
 * runs in a process of its own, and under load their times were seen to disagree by more than
 * 2 ms (a receipt stamped before its own send). Generous: it only keeps a receipt from pairing
 * with a send made clearly after it, and a send from a document it clearly came before.
 */
export const CLOCK_SLACK_MS = 25;

/** Parsed targetOrigins: a flood repeats a few of them thousands of times, and URL parsing is not free. */
const parsedOrigins = new Map<string, string>();

/** The origin a targetOrigin asks for: null for "*", the sender's own for "/". */
export function expectedOrigin(targetOrigin: string, senderOrigin: string): string | null {
  if (targetOrigin === "*") return null;
  if (targetOrigin === "/") return senderOrigin;
  const known = parsedOrigins.get(targetOrigin);
  if (known !== undefined) return known;
  let origin: string;
  try {
    origin = new URL(targetOrigin).origin;
  } catch {
    // Chromium accepts strings URL parsing refuses ("http://foo bar"), and Firefox a host without a
    // scheme; postMessage did not throw, so they match nothing (docs/engines.md).
    origin = targetOrigin;
  }
  if (parsedOrigins.size >= 1000) parsedOrigins.clear();
  parsedOrigins.set(targetOrigin, origin);
  return origin;
}

function isValidTargetOrigin(targetOrigin: string): boolean {
  if (targetOrigin === "*" || targetOrigin === "/") return true;
  try {
    new URL(targetOrigin);
    return true;
  } catch {
    return false;
  }
}

/** The document a window held at `time`: the latest to start by then. Reports arrive out of order, so no order is assumed. */
export function documentAt(docs: readonly DocumentSpan[], time: number): DocumentSpan | undefined {
  let found: DocumentSpan | undefined;
  for (const d of docs) if (d.start <= time && (!found || d.start >= found.start)) found = d;
  return found;
}

/**
 * The document a send reached when the target held it, as far as the host knows: the latest to
 * start by then. Before the first document the host knows of, a window holds its initial
 * about:blank (a frame's is not reported): `initial` then, unless the first document starts
 * within the clocks' skew of the send. Undefined when no document is known at all.
 */
export function documentReached(docs: readonly DocumentSpan[], time: number): DocumentSpan | "initial" | undefined {
  const at = documentAt(docs, time);
  if (at && !(at.initial && documentAt(docs, time + CLOCK_SLACK_MS) !== at)) return at;
  const next = documentAt(docs, time + CLOCK_SLACK_MS);
  if (next && !next.initial) return next;
  if (at) return at;
  return docs.length > 0 ? "initial" : undefined;
}

/** Whether an unwatched page could be the one `expected` asks for: "*", or its origin unknown or that one. */
const unwatchedMayMatch = (expected: string | null, doc: DocumentSpan): boolean => expected === null || doc.origin === "" || expected === doc.origin;

/** How a sentence names an unwatched page: by its URL or its origin, as far as the browser said where the window went. */
const unwatchedText = (doc: DocumentSpan): string =>
  doc.url ? doc.url : doc.origin === "" ? "another page" : doc.origin === "null" ? "a page with an opaque origin" : `a page of ${doc.origin}`;

/** A send to a window that was gone (a stale WindowProxy): the browser does nothing with it. */
export function classifyGone(path: WindowPath, targetName: string | null): Classification {
  const last = path.at(-1);
  const target = targetName ?? "the target";
  if (last?.startsWith("frames:")) {
    return { state: "lost", reason: `the frame was removed: ${target}'s WindowProxy outlived its frame, and postMessage to it does nothing` };
  }
  if (last !== undefined) return { state: "lost", reason: `the window was closed: postMessage to ${target}'s WindowProxy does nothing` };
  return { state: "lost", reason: "the window was gone (a removed frame or a closed window): postMessage to its WindowProxy does nothing" };
}

/** Why Chromium's answer differs from the standard's in a navigation race (shown with it). */
export const CHROMIUM_NAVIGATION_NOTE =
  "The standard queues the message for the document the target held at send time, so it would be lost with that document; " +
  "Chromium sends a message to a window in another process only when the sender's task ends, and then hands it to whatever document the target holds at that moment.";

/** What the engine did in a navigation race, said of that engine. */
export function navigationNote(engine: Engine): string {
  if (engine === "chromium") return CHROMIUM_NAVIGATION_NOTE;
  return (
    "The standard queues the message for the document the target held at send time; " +
    `here ${ENGINE_NAMES[engine]} handed it to the document the target held at dispatch.`
  );
}

/** A targetOrigin with a scheme and "//" whose host URL parsing refuses ("http://foo bar"). */
function isUnparsableHostUrl(targetOrigin: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(targetOrigin) && !isValidTargetOrigin(targetOrigin);
}

/** How the timeline shows data the engines treat differently (sandboxes/runtime/preview.ts). */
const DETACHED = "ArrayBuffer (detached)";
const WASM_MODULE = "WebAssembly.Module";

/** A targetOrigin that is a blob: URL: its origin is the inner URL's, but not in every engine (docs/engines.md). */
const isBlobUrl = (targetOrigin: string): boolean => /^blob:/i.test(targetOrigin);

/** A targetOrigin that parses as a URL whose origin is opaque ("about:blank", "data:,x"). */
function isOpaqueUrl(targetOrigin: string): boolean {
  if (targetOrigin === "*" || targetOrigin === "/") return false;
  try {
    return new URL(targetOrigin).origin === "null";
  } catch {
    return false;
  }
}

const originText = (doc: DocumentSpan) => (doc.initial ? `its initial about:blank (${doc.origin})` : doc.origin);

export function classifySend(f: SendFacts): Classification {
  const engine = f.engine ?? "chromium";
  const name = ENGINE_NAMES[engine];
  if (f.error) {
    const reason = `postMessage threw ${f.error.name}: ${f.error.message}`;
    if (f.error.name === "DataCloneError" && !isValidTargetOrigin(f.targetOrigin)) {
      return {
        state: "error",
        difference: "clone-before-target-origin",
        reason: `${reason}. The targetOrigin ${JSON.stringify(f.targetOrigin)} is invalid too: the standard checks it first and throws SyntaxError, but ${name} serializes the message first.`,
      };
    }
    // Not when it is in the transfer list too: every engine throws DataCloneError for that.
    if (f.preview === DETACHED && !f.transferred && (f.error.name === "TypeError" || f.error.name === "DataCloneError")) return { state: "error", reason, difference: "detached-message" };
    if (f.error.name === "SyntaxError" && isOpaqueUrl(f.targetOrigin)) return { state: "error", reason, difference: "opaque-target-origin" };
    if (f.error.name === "SyntaxError" && isUnparsableHostUrl(f.targetOrigin)) return { state: "error", reason, difference: "unparsable-target-origin" };
    return { state: "error", reason };
  }
  if (f.gonePath) return classifyGone(f.gonePath, f.targetName);
  const target = f.targetName ?? "the target";
  // An about:blank the sender could read is the target's initial document, unless the target's
  // page had been replaced by then by one without a runtime: that is the about:blank it read,
  // with the sender's origin (a parent that sent its frame there; or, in WebKit, a frame that
  // sent itself there: engines/differences.ts, "replaced-by-about-blank").
  const heldAtSend = f.toInitial ? documentAt(f.targetDocuments, f.sendTime) : undefined;
  const reached: DocumentSpan | "initial" | undefined = heldAtSend?.unwatched
    ? { ...heldAtSend, origin: f.senderOrigin, url: "about:blank" }
    : f.toInitial
      ? { origin: f.senderOrigin, start: f.sendTime, initial: true }
      : documentReached(f.targetDocuments, f.sendTime);
  const atSend = typeof reached === "object" ? reached : undefined;
  if (f.receipt) {
    const fired = f.targetDocuments.find((d) => d.id === f.receipt?.doc);
    const what = f.receipt.type === "messageerror" ? "messageerror fired (the data could not be deserialized there)" : "its message event fired";
    if (f.toInitial && fired?.origin !== f.senderOrigin) {
      // Only pairing in an engine that does this (reach.ts, InitialReach) gives such a send a receipt.
      return {
        state: f.receipt.type === "messageerror" ? "messageerror" : "delivered",
        difference: "initial-hand-over",
        reason: `sent while ${target} still held its initial about:blank document, and ${name} handed it to the page that replaced it (${fired?.origin ?? "its page"} arrived before the dispatch), where ${what}`,
      };
    }
    if (atSend?.id !== undefined && fired && fired !== atSend) {
      return {
        state: f.receipt.type === "messageerror" ? "messageerror" : "delivered",
        navigated: true,
        difference: "navigation-race",
        reason: `delivered to the NEW document: ${target} navigated from ${originText(atSend)} to ${fired.origin} between the send and the dispatch, and ${what}. ${navigationNote(engine)}`,
      };
    }
    if (f.receipt.type === "messageerror") {
      const wasm = f.preview === WASM_MODULE ? { difference: "wasm-module-elsewhere" as const } : {};
      return { state: "messageerror", ...wasm, reason: "dispatched, but the data could not be deserialized in the target: messageerror fired instead of message" };
    }
    if (f.preview === WASM_MODULE) return { state: "delivered", difference: "wasm-module-elsewhere", reason: `dispatched: the target's message event fired, with the module (${name} deserialized it in another site's window)` };
    if (isBlobUrl(f.targetOrigin)) return { state: "delivered", difference: "blob-target-origin", reason: `dispatched: the target's message event fired (${name} matched the blob: URL's inner origin)` };
    return { state: "delivered", reason: "dispatched: the target's message event fired" };
  }
  if (f.targetName === null) {
    // Not "queued": such a window has no runtime, so a message it got would never be reported.
    return {
      state: "unobserved",
      reason:
        "sent to a window the playground does not watch (none of the scenario's windows, e.g. a frame or window the script made itself): whether the browser delivered it, the playground cannot see",
    };
  }
  if (reached === "initial") {
    return { state: "lost", reason: `sent before ${target}'s page had loaded: the message went to its initial about:blank document, which the page replaced` };
  }
  const doc = atSend;
  if (!doc) return { state: "queued", reason: `waiting: ${target} has not reported its document yet` };
  const expected = expectedOrigin(f.targetOrigin, f.senderOrigin);
  const where = doc.initial ? `${target}'s initial about:blank document (origin ${doc.origin})` : `${target} (${doc.origin})`;
  if (engine === "firefox" && isBlobUrl(f.targetOrigin)) {
    return {
      state: "blocked",
      difference: "blob-target-origin",
      reason: `targetOrigin ${f.targetOrigin} does not match ${where} in ${name}, which matches a blob: URL with no window (Chromium and Safari match its inner origin, ${expected ?? "?"}): the browser dropped it at dispatch`,
    };
  }
  if (doc.unwatched) {
    // Not tagged with the engines' difference about such an about:blank: a parent that navigates
    // its frame to about:blank gets one of its own origin in every engine, and the two cannot be
    // told apart from here.
    if (!unwatchedMayMatch(expected, doc)) {
      return { state: "blocked", reason: `targetOrigin ${f.targetOrigin} does not match ${unwatchedText(doc)} (origin ${doc.origin}), which replaced ${target}'s page: the browser dropped it at dispatch` };
    }
    return {
      state: "unobserved",
      reason: `sent after ${target}'s page was replaced by ${unwatchedText(doc)}, which has no playground runtime: whether its listeners got it, the playground cannot see`,
    };
  }
  if (expected !== null && expected !== doc.origin) {
    const reason = `targetOrigin ${f.targetOrigin === "/" ? `"/" (${expected})` : f.targetOrigin} does not match ${where}: the browser dropped it at dispatch`;
    if (isOpaqueUrl(f.targetOrigin)) return { state: "blocked", difference: "opaque-target-origin", reason: `${reason}. ${name} accepted a targetOrigin whose origin is opaque, which matches no window` };
    if (isUnparsableHostUrl(f.targetOrigin)) return { state: "blocked", difference: "unparsable-target-origin", reason: `${reason}. ${name} accepted a targetOrigin whose host is not valid, which matches no window` };
    return { state: "blocked", reason };
  }
  if (doc.initial) {
    return { state: "lost", reason: `sent before ${target}'s page had loaded: the message went to ${where}, which has no listener and is replaced by the page` };
  }
  if (doc.end !== undefined) {
    const next = f.targetDocuments.filter((d) => d.start >= (doc.end ?? 0)).sort((a, b) => a.start - b.start)[0];
    if (next?.unwatched && unwatchedMayMatch(expected, next)) {
      return {
        state: "unobserved",
        reason: `${target}'s page was replaced by ${unwatchedText(next)}, which has no playground runtime, before the message was dispatched: it went to that page or nowhere, which the playground cannot see`,
      };
    }
    if (next && expected !== null && expected !== next.origin) {
      return {
        state: "blocked",
        navigated: true,
        difference: "navigation-race",
        reason: `${target} navigated from ${doc.origin} to ${next.origin} before dispatch; the targetOrigin check runs at dispatch time, so ${f.targetOrigin} no longer matched and the browser dropped it. ${navigationNote(engine)}`,
      };
    }
    if (next) return { state: "lost", reason: `${target} navigated to a new document (${next.origin}) before the message was dispatched` };
    return { state: "lost", reason: `${target}'s document went away (window closed or frame removed) before the message was dispatched` };
  }
  if (f.overtaken) {
    return {
      state: "lost",
      reason: `a later message from the same sender to ${target} was dispatched first: messages between two windows arrive in the order they were sent, so this one never reached ${target}'s page (it went to the document the frame was leaving)`,
    };
  }
  return { state: "queued", reason: `queued in ${target}'s event loop, not dispatched yet` };
}

export interface PortSendFacts {
  error?: { name: string; message: string };
  receipt?: { type: "message" | "messageerror" };
  /** Whether the receiving end was started (port.start() or setting onmessage) by the send's time or later. */
  receiverStarted: boolean;
  /** Whether either end was closed. */
  closed: boolean;
}

export function classifyPortSend(f: PortSendFacts): Classification {
  if (f.error) return { state: "error", reason: `port.postMessage threw ${f.error.name}: ${f.error.message}` };
  if (f.receipt?.type === "messageerror") {
    return { state: "messageerror", reason: "dispatched on the other port, but the data could not be deserialized there: messageerror fired" };
  }
  if (f.receipt) return { state: "delivered", reason: "dispatched on the entangled port" };
  if (f.closed) return { state: "lost", reason: "a port of this channel was closed, which drops the messages not yet delivered" };
  if (!f.receiverStarted) {
    return {
      state: "queued",
      reason: "held in the receiving port's queue: that port was never started (addEventListener needs port.start(); setting onmessage starts it)",
    };
  }
  return { state: "queued", reason: "queued on the entangled port, not dispatched yet" };
}

/** A send held while delivery was paused: the browser's postMessage has not run (or never will). */
export function classifyHeld(dropped: boolean): Classification {
  return dropped
    ? { state: "lost", reason: "dropped by you while delivery was paused: postMessage never ran" }
    : { state: "queued", reason: "held: delivery is paused. Step or release it to run the browser's own postMessage now" };
}
