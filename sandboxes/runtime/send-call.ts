/**
 * The rewritten call of a script's `x.postMessage(…)` (src/run/send-sites.ts): one read of the
 * method, then the script's own call. When the method is a window's own postMessage, the recorder
 * records the call (`WindowSends`, recorder.ts) and the function here makes it, with the
 * caller's exact arguments; anything else (a script's own function, a port, a non-window) is
 * called as written.
 *
 * The browser's call is made here, one frame under the script's, not further down: with the
 * console agent on (DevTools open, or a test driver that reads the console), Chromium captures a
 * stack trace at every window postMessage, whose cost grows with its depth.
 */
import { SEND_CALL, type SendSite, type SourcePosition } from "../protocol";
import { isWindowProxy, type PostMessage } from "./call-reading";

// Taken when the runtime loads, before user code, which may replace any global.
const apply = Reflect.apply;
const define = Object.defineProperty;
const fnToString = Function.prototype.toString;
const NATIVE_POST = /^function postMessage\(\) \{\s*\[native code\]\s*\}$/;
// The flags of a rewritten call (src/run/send-sites.ts).
const OPTIONAL_OBJECT = 1;
const OPTIONAL_CALL = 2;
const BARE = 4;

/** What WindowSends.begin() returns for a message held in brief (the recorder keeps its fields). */
export const BRIEF = 0;

/** The recorder's side of a window's own postMessage called by the script; `Call` is its record of a call under way. */
export interface WindowSends<Call extends object> {
  /** Records the call before it is made: undefined when it is held (paused), and not made now. */
  begin(post: PostMessage, target: Window, args: unknown[], site: SourcePosition | undefined): Call | typeof BRIEF | undefined;
  /** The call was made: whether it threw, and what. */
  end(call: Call | typeof BRIEF, args: unknown[], threw: boolean, error?: unknown): void;
}

export function installSendCall<Call extends object>(win: Window, nativePostMessage: PostMessage, sends: WindowSends<Call>): { setSites(sites: readonly SendSite[]): void } {
  let sites: readonly SendSite[] = [];
  /** By site: the last window called there, its postMessage, and the function made for them. */
  let calls: ({ target: Window; post: PostMessage; call: (...args: unknown[]) => void } | undefined)[] = [];
  /** Windows seen as send targets: the test reads a property across origins, which is slow. */
  const windows = new WeakSet<object>();
  const others = new WeakSet<object>();
  const isWindow = (v: unknown): v is Window => {
    if (typeof v !== "object" || v === null || others.has(v)) return false;
    if (windows.has(v)) return true;
    if (isWindowProxy(v)) windows.add(v);
    else others.add(v);
    return windows.has(v);
  };
  /**
   * A window's own postMessage, of any realm: a cross-origin window's cannot be replaced, and a
   * same-origin one's is the browser's when it prints as one (a script's own function, a bound
   * one or a Proxy never does).
   */
  const natives = new WeakSet<object>([nativePostMessage]);
  const isNativePost = (f: unknown): boolean => {
    if (typeof f !== "function") return false;
    if (natives.has(f)) return true;
    let text: string;
    try {
      text = String(apply(fnToString, f, []));
    } catch {
      return false;
    }
    if (!NATIVE_POST.test(text)) return false;
    natives.add(f);
    return true;
  };
  const plainCall = (f: unknown, self: unknown) =>
    function (...args: unknown[]): unknown {
      if (typeof f !== "function") throw new TypeError("postMessage is not a function");
      return apply(f, self, args);
    };
  function sendCall(object: unknown, site: number, flags = 0): unknown {
    if (flags & OPTIONAL_OBJECT && (object === null || object === undefined)) return undefined;
    const bare = (flags & BARE) !== 0;
    const f: unknown = bare ? object : (object as { postMessage: unknown }).postMessage;
    if (flags & OPTIONAL_CALL && (f === null || f === undefined)) return undefined;
    const target = bare ? win : object;
    // A flood calls the same window's postMessage from the same line, again and again. (Only a
    // site the rewrite numbered: a script may call this itself, with anything as its site.)
    const numbered = site >>> 0 === site && site < sites.length;
    const known = numbered ? calls[site] : undefined;
    if (known !== undefined && known.target === target && known.post === f) return known.call;
    if (!isWindow(target) || !isNativePost(f)) return bare ? f : plainCall(f, object);
    const post = f as PostMessage;
    const at = sites[site];
    const call = function postMessage(...args: unknown[]): void {
      const open = sends.begin(post, target, args, at);
      if (open === undefined) return;
      try {
        apply(post, target, args);
      } catch (e) {
        sends.end(open, args, true, e);
        throw e;
      }
      sends.end(open, args, false);
    };
    if (numbered) calls[site] = { target, post, call };
    return call;
  }
  define(win, SEND_CALL, { value: sendCall, enumerable: false, configurable: false, writable: false });
  return {
    setSites(s) {
      sites = s;
      calls = [];
    },
  };
}
