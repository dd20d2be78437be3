/**
 * The rewritten call of a script's `x.postMessage(…)` (src/run/send-sites.ts): one read of the
 * method, then the script's own call. When the method is a window's own postMessage, the call goes
 * to the recorder (`windowSend`, recorder.ts); anything else (a script's own function, a port, a
 * non-window) is called as written.
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

export function installSendCall(
  win: Window,
  nativePostMessage: PostMessage,
  windowSend: (post: PostMessage, target: Window, args: unknown[], at: SourcePosition | undefined) => void,
): { setSites(sites: readonly SendSite[]): void } {
  let sites: readonly SendSite[] = [];
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
    if (!isWindow(target) || !isNativePost(f)) return bare ? f : plainCall(f, object);
    const at = sites[site];
    return function postMessage(...args: unknown[]): void {
      windowSend(f as PostMessage, target, args, at);
    };
  }
  define(win, SEND_CALL, { value: sendCall, enumerable: false, configurable: false, writable: false });
  return {
    setSites(s) {
      sites = s;
    },
  };
}
