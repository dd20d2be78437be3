/**
 * Listener results: which `message` listeners ran for an event, in what order each first read
 * `event.data`, `event.origin` and `event.source`, and what each threw. Listeners are wrapped
 * when registered (on the window or on a MessagePort); the wrapper calls the user's own function
 * with the same `this` and event and rethrows what it throws, so the browser reports the
 * exception exactly as it would have.
 */
import type { ConsoleReport, ListenerResult, SourcePosition, ThrownError } from "../protocol";
import { standIn } from "./function-source";

type Read = ListenerResult["reads"][number];
type Listener = EventListenerOrEventListenerObject;

export interface ListenerTracker {
  /** Results of the listeners that run for `event` go into `into`. */
  track(event: Event, into: ListenerResult[]): void;
}

const MESSAGE_TYPES = new Set(["message", "messageerror"]);

export function asThrown(e: unknown): ThrownError {
  if (e instanceof Error || (typeof e === "object" && e !== null && "name" in e && "message" in e)) {
    const { name, message } = e;
    return { name: typeof name === "string" ? name : "Error", message: typeof message === "string" ? message : "" };
  }
  return { name: "Error", message: String(e) };
}

/** Synthetic message events noted per document: a script can dispatch them in a loop. */
const NOTED_SYNTHETIC = 20;

/**
 * A MessageEvent that a script made and dispatched itself (`isTrusted` false) is not a
 * postMessage: no window sent it, and its origin, source and data are whatever the script wrote.
 * It is never drawn as a message; the window's console says what happened instead.
 */
export function syntheticEventNotes(o: {
  report: (r: ConsoleReport) => void;
  now: () => number;
  nextSeq: () => number;
  positionIn: (stack: string | undefined) => SourcePosition | undefined;
}): (event: MessageEvent, on: string, origin: string, data: string) => void {
  let left = NOTED_SYNTHETIC;
  return (event, on, origin, data) => {
    if (left < 0) return;
    const text =
      left-- === 0
        ? "Further synthetic message events in this document are not noted."
        : `Not a postMessage: the script dispatched a synthetic "${event.type}" event on ${on} (isTrusted is false; origin ${JSON.stringify(origin)} and data ${data} are what the script wrote). Its listeners ran, but no window sent it, so the timeline does not show it.`;
    o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level: "info", text, at: o.positionIn(new Error().stack) });
  };
}

/** Whether two lists hold the same items in the same order (a listener's reads, a receipt's results). */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ownDescriptor(obj: object, key: string): { owner: object; d: PropertyDescriptor } | undefined {
  for (let o: object | null = obj; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return { owner: o, d };
  }
  return undefined;
}

export function installListenerTracking(o: {
  win: Window;
  positionIn: (stack: string | undefined) => SourcePosition | undefined;
  /** Setting a port's onmessage starts the port. */
  onPortHandler: (port: MessagePort) => void;
}): ListenerTracker {
  const { win } = o;
  // The one event whose listeners are being recorded: browser dispatches of message events never
  // nest (a synthetic one inside a listener is not recorded), so one slot is enough, and it costs
  // a flood nothing per message, where a map of events did.
  let tracking: { event: Event; into: ListenerResult[] } | undefined;
  /** The listener calls in progress, innermost last, each with the event it was given. */
  const running: { event: Event; reads: Read[] }[] = [];

  // Reads are noted on the event's own getters, so any way a listener reaches them counts.
  for (const key of ["data", "origin", "source"] as const) {
    const found = ownDescriptor(MessageEvent.prototype, key);
    const get = found?.d.get;
    if (!found || !get) continue;
    const noted = {
      get(this: MessageEvent) {
        const top = running[running.length - 1];
        if (top && top.event === this && !top.reads.includes(key)) top.reads.push(key);
        return get.call(this) as unknown;
      },
    };
    Object.defineProperty(found.owner, key, { configurable: true, enumerable: true, get: standIn(noted.get, get) });
  }

  // One wrapper per listener and way of registering, so removeEventListener finds it again.
  const wrappers = { addEventListener: new WeakMap<object, EventListener>(), onmessage: new WeakMap<object, EventListener>() };
  function wrap(listener: Listener, via: ListenerResult["via"], at: SourcePosition | undefined): EventListener {
    const known = wrappers[via].get(listener);
    if (known) return known;
    const name = typeof listener === "function" ? listener.name || "(anonymous)" : "handleEvent";
    /** This listener's last result, given again while nothing about it changes (see protocol/batch.ts). */
    let last: ListenerResult | undefined;
    const wrapped = function (this: unknown, event: Event): unknown {
      const into = tracking?.event === event ? tracking.into : undefined;
      if (!into) return typeof listener === "function" ? Reflect.apply(listener, this, [event]) : listener.handleEvent(event);
      const frame = { event, reads: [] as Read[] };
      running.push(frame);
      let threw: ThrownError | undefined;
      try {
        return typeof listener === "function" ? Reflect.apply(listener, this, [event]) : listener.handleEvent(event);
      } catch (e) {
        threw = asThrown(e);
        throw e;
      } finally {
        running.pop();
        if (!threw && last && sameItems(last.reads, frame.reads)) into.push(last);
        else {
          // Optional fields set after, not spread in: this runs for every listener of every message.
          const result: ListenerResult = { name, via, reads: frame.reads };
          if (threw) result.threw = threw;
          if (at) result.at = at;
          into.push(result);
          last = threw ? undefined : result;
        }
      }
    };
    wrappers[via].set(listener, wrapped);
    return wrapped;
  }

  const tracked = (target: unknown): boolean => target === win || target instanceof MessagePort;
  const proto = EventTarget.prototype;
  const nativeAdd = proto.addEventListener;
  const nativeRemove = proto.removeEventListener;
  // A bare `addEventListener(...)` in a script calls with `this` undefined, which the browser's
  // own function reads as the window: so must these.
  // Methods, as the browser's are (no prototype, not constructors), each reading as the browser's.
  const methods = {
    addEventListener(this: EventTarget | undefined, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      const target = this ?? win;
      if (listener && MESSAGE_TYPES.has(type) && tracked(target)) {
        return nativeAdd.call(target, type, wrap(listener, "addEventListener", o.positionIn(new Error().stack)), options);
      }
      return nativeAdd.call(target, type, listener, options);
    },
    removeEventListener(this: EventTarget | undefined, type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
      const target = this ?? win;
      const wrapped = listener ? wrappers.addEventListener.get(listener) : undefined;
      return nativeRemove.call(target, type, wrapped && MESSAGE_TYPES.has(type) && tracked(target) ? wrapped : listener, options);
    },
  };
  proto.addEventListener = standIn(methods.addEventListener, nativeAdd);
  proto.removeEventListener = standIn(methods.removeEventListener, nativeRemove);

  // `onmessage` lives on the window itself (a [Global] object) and on MessagePort.prototype.
  for (const [target, key] of [
    [win, "onmessage"],
    [win, "onmessageerror"],
    [MessagePort.prototype, "onmessage"],
    [MessagePort.prototype, "onmessageerror"],
  ] as const) {
    const found = ownDescriptor(target, key);
    if (!found?.d.set || !found.d.get) continue;
    const { get, set } = found.d;
    const users = new WeakMap<object, unknown>();
    const accessor = {
      // A bare `onmessage = f` in a script: WebKit calls the accessor with `this` undefined, which
      // the browser's own accessor reads as the window: so must these.
      get(this: object | undefined) {
        const self = this ?? win;
        return users.has(self) ? users.get(self) : (get.call(self) as unknown);
      },
      set(this: object | undefined, value: unknown) {
        const self = this ?? win;
        users.set(self, value);
        if (key === "onmessage" && typeof value === "function" && self instanceof MessagePort) o.onPortHandler(self);
        set.call(self, typeof value === "function" ? wrap(value as EventListener, "onmessage", o.positionIn(new Error().stack)) : value);
      },
    };
    Object.defineProperty(found.owner, key, {
      configurable: true,
      enumerable: found.d.enumerable ?? true,
      get: standIn(accessor.get, get),
      set: standIn(accessor.set, set),
    });
  }

  return {
    track(event, into) {
      tracking = { event, into };
    },
  };
}
