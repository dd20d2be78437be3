/**
 * What a function's source text says, as on a page without the playground:
 * - a function of the window's script: its text as written. The page runs a rewritten script
 *   (sends routed through the recorder, loops through the loop guard: src/run/script-edits.ts),
 *   and a function's text is read by code that matters: a worker made from `fn.toString()` would
 *   call a recorder that does not exist there, and a library that reads a function's text would
 *   see calls that exist only in the playground.
 * - a function the runtime put in place of the browser's own (window.open, addEventListener, a
 *   MessagePort's postMessage, console.log, an event's getters…): the browser's text for the
 *   function it stands for, with that function's name and length. Feature checks such as
 *   `/native code/.test(MessageChannel)` then choose what they choose on a plain page.
 *
 * `Function.prototype.toString` is replaced in every realm the runtime guards, by a function
 * that itself reads as the browser's own. One runtime runs per document, so the stand-ins are
 * kept here, for the whole document.
 */
import type { Rewritten } from "../protocol";

// Taken when the runtime loads, before any user code: a script may replace any of them.
const apply = Reflect.apply;
const nativeToString = Function.prototype.toString;
const indexOf = String.prototype.indexOf;
const stringSlice = String.prototype.slice;
const define = Object.defineProperty;
const getOwn = Object.getOwnPropertyDescriptor;
const weakGet = WeakMap.prototype.get;
const weakSet = WeakMap.prototype.set;
const weakHas = WeakMap.prototype.has;

/** Every name the host's rewrites add starts with this (SEND_CALL, LOOP_GUARD, the loop stamps). */
const REWRITE_MARK = "__pg";

/** Each stand-in, and the browser's function it stands for. */
const standsFor = new WeakMap<object, object>();
/** The script this document runs, and where it differs from the script as written. */
let running = "";
let table: readonly Rewritten[] = [];

/**
 * The written text of [start, end) of `code`, the running text, or null when that cannot be told
 * (a rewritten place reaches across the edge). `written` is in source order.
 */
export function writtenSlice(start: number, end: number, written: readonly Rewritten[], code: string): string | null {
  let text = "";
  let at = start;
  // Indexed, not for...of: an array's iterator is the page's to replace.
  for (let i = 0; i < written.length; i++) {
    const place = written[i] as Rewritten;
    const from = place[0];
    const to = place[1];
    const was = place[2];
    if (to <= start && from < start) continue;
    if (from >= end && to > end) break;
    if (from < start || to > end) return null;
    text += apply(stringSlice, code, [at, from]) + was;
    at = to;
  }
  return text + apply(stringSlice, code, [at, end]);
}

function asWritten(text: string): string {
  const at = apply(indexOf, running, [text]);
  // Not from the script (eval'd code, another document's), or found twice: left as the browser says.
  if (at < 0 || apply(indexOf, running, [text, at + 1]) >= 0) return text;
  return writtenSlice(at, at + text.length, table, running) ?? text;
}

/** A new `toString` for a realm's Function.prototype (one per realm, as the browser's are). */
function makeToString(native: object): object {
  const toString = {
    toString(this: unknown): string {
      const stood = apply(weakGet, standsFor, [this]) as object | undefined;
      const text = apply(nativeToString, stood ?? this, []);
      if (stood || table.length === 0 || apply(indexOf, text, [REWRITE_MARK]) < 0) return text;
      return asWritten(text);
    },
  }.toString;
  apply(weakSet, standsFor, [toString, native]);
  return toString;
}

/** Replaces `realm`'s Function.prototype.toString, once. */
export function guardFunctionSources(realm: Window): void {
  const proto = (realm as Window & typeof globalThis).Function?.prototype as object | undefined;
  const d = proto ? getOwn(proto, "toString") : undefined;
  if (!proto || !d || typeof d.value !== "function" || apply(weakHas, standsFor, [d.value])) return;
  try {
    define(proto, "toString", { ...d, value: makeToString(d.value as object) });
  } catch {
    // A realm the script froze first: its functions read as that realm says.
  }
}

/** `fn` reads as `native` does: its source text, its name and its length. Returns `fn`. */
export function standIn<T extends object>(fn: T, native: object): T {
  apply(weakSet, standsFor, [fn, native]);
  for (const key of ["name", "length"]) {
    const d = getOwn(native, key);
    if (d) define(fn, key, { value: d.value as unknown, writable: false, enumerable: false, configurable: true });
  }
  return fn;
}

/** The script this document runs (after the host's rewrites) and where it was rewritten. */
export function setRunningScript(code: string, written: readonly Rewritten[]): void {
  running = code;
  table = written;
}
