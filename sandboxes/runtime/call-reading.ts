/**
 * Reading a postMessage call and an event as the browser would, without changing what the page
 * sees: brand checks that run no script code, previews and transfer lists that never throw, and
 * the browser's own MessageEvent accessors. Used by the recorder (recorder.ts) for every send and
 * receipt.
 */
import type { SendReport, ThrownError } from "../protocol";
import { asThrown } from "./listeners";
import { decodePortCall, decodeWindowCall, type DecodedCall } from "./overload";
import { preview, previewUnread, shapeOf } from "./preview";
import { snapshot } from "./snapshot";

export type PostMessage = (this: unknown, ...args: unknown[]) => void;

// Taken when the runtime loads, before user code, which may replace any global.
const apply = Reflect.apply;
const getOwn = Object.getOwnPropertyDescriptor;
const protoOf = Object.getPrototypeOf;
const isArray = Array.isArray;
const slice = Array.prototype.slice;
const portHandlerOf = getOwn(MessagePort.prototype, "onmessage")?.get;

/**
 * Whether `v` is a MessagePort, by the browser's own brand check (its onmessage getter throws for
 * anything else): no script can make an object pass for one or hide one, and it runs no Proxy trap,
 * where `instanceof` would read the prototype chain (a trap) and a replaceable global.
 */
export function isPort(v: unknown): v is MessagePort {
  if (typeof v !== "object" || v === null || !portHandlerOf) return false;
  try {
    apply(portHandlerOf, v, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an options-dictionary member (own or inherited, as the browser's conversion does) without
 * running a getter (the browser runs it once itself). A Proxy's traps do run here: there is no way
 * to tell a Proxy without touching it. Whatever they throw stays here; the browser's call still
 * decides what the page sees.
 */
function dictMember(dict: object, key: string): unknown {
  try {
    for (let o: object | null = dict; o !== null; o = protoOf(o) as object | null) {
      const d = getOwn(o, key);
      if (d) return "value" in d ? d.value : "[getter]";
    }
    return undefined;
  } catch {
    return "[unreadable]";
  }
}

// Each of these never throws: a record must not change what the page sees. (Plain try/catch
// rather than a helper taking a closure: they run for every send of a flood.)
export function previewOf(v: unknown): string {
  try {
    return preview(v);
  } catch {
    return "[unprintable]";
  }
}

function shapeOrEmpty(v: unknown): string {
  try {
    return shapeOf(v);
  } catch {
    return "";
  }
}

export function thrown(e: unknown): ThrownError {
  try {
    return asThrown(e);
  } catch {
    return { name: "Error", message: "" };
  }
}

const UNREAD: DecodedCall = { form: "positional", targetOrigin: undefined, transfer: undefined };

export function decode(args: unknown[], toWindow: boolean): DecodedCall {
  try {
    return toWindow ? decodeWindowCall(args, dictMember) : decodePortCall(args, dictMember);
  } catch {
    return UNREAD;
  }
}

export function textOf(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "undefined";
  return previewOf(v);
}

/**
 * The transfer list's items. A transfer list that is a Proxy of an array has its traps run here
 * (and again by the browser's own conversion); a revoked one is no list.
 */
export function transferItems(v: unknown): unknown[] | null {
  try {
    return isArray(v) ? (apply(slice, v, []) as unknown[]) : null;
  } catch {
    return null;
  }
}

export function transferList(v: unknown, items: unknown[] | null): string[] {
  if (v === undefined) return [];
  if (v === null) return ["null"];
  return items ? items.map(previewOf) : [textOf(v)];
}

/**
 * Whether `v` is a WindowProxy, of any realm or origin, a removed frame's too (whose `window`
 * reads null): the browser's own `closed` getter answers for every window and throws for anything
 * else, and it runs no script code.
 */
const closedOf = getOwn(window, "closed")?.get;
export function isWindowProxy(v: unknown): v is Window {
  if (typeof v !== "object" || v === null || !closedOf) return false;
  try {
    apply(closedOf, v, []);
    return true;
  } catch {
    return false;
  }
}

export function nativeAccessors() {
  const getter = (key: string) => {
    const get = Object.getOwnPropertyDescriptor(MessageEvent.prototype, key)?.get;
    if (!get) throw new Error(`MessageEvent.prototype.${key} has no getter`);
    return get;
  };
  return {
    data: getter("data"),
    origin: getter("origin"),
    source: getter("source"),
    ports: getter("ports"),
    target: Object.getOwnPropertyDescriptor(Event.prototype, "target")?.get,
    type: Object.getOwnPropertyDescriptor(Event.prototype, "type")?.get,
    addEventListener: EventTarget.prototype.addEventListener,
  };
}

/**
 * The message's preview, shape and tree. Never throws, and made when it runs no script code
 * before the browser's own call:
 * - nothing transferred: after the call. A message the browser cloned holds no Proxy (Chromium
 *   refuses one before running any of its traps), and the preview calls no getter.
 * - the call threw: a message the browser refused may hold a Proxy, whose traps the page would
 *   never have had run; it is shown without being read into (previewUnread). A SyntaxError
 *   is the exception: Chromium throws it for the targetOrigin after cloning the message.
 * - with a transfer: before the call, to show the buffers as they were sent (the call detaches
 *   them). A Proxy's traps can then run before the browser's, which no order avoids.
 */
export function describeMessage(record: SendReport, message: unknown): void {
  if (record.error && record.error.name !== "SyntaxError") {
    record.preview = previewUnread(message);
    record.shape = "unread";
    return;
  }
  record.preview = previewOf(message);
  record.shape = shapeOrEmpty(message);
  if (typeof message === "object" && message !== null) {
    try {
      record.tree = snapshot(message);
    } catch {
      // No tree: the preview still says what it was.
    }
  }
}
