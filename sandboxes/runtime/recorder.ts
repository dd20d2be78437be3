/**
 * Where a message is recorded. Runs in the sandbox before any user code and sees:
 * - sends: every `x.postMessage(…)` and bare `postMessage(…)` written in the window's script. The
 *   host rewrites those calls (src/run/send-sites.ts) into calls of the function send-call.ts
 *   defines, which reads the method as the script would have and, when it is a window's own
 *   postMessage, has this record the call and make it with the browser's own function. The
 *   objects a script sees (`parent`, `opener`, `frames[i]`, `event.source`, `contentWindow`) are
 *   the browser's own; a call the rewrite cannot see (`eval`ed code, `Reflect.apply`) is seen
 *   only where it arrives. A flood of a window's messages to itself is held in brief (outbox.ts,
 *   self-ring.ts).
 *   MessagePort sends are recorded by patching the port prototype (ports.ts).
 * - receipts: every `message`/`messageerror` event on this window, before any user listener.
 * The browser's own function always does the work, with the caller's exact arguments, so
 * exceptions, defaults and delivery are the browser's, not ours.
 */
import { type ListenerResult, type ReceiptReport, type SendReport, type SendSite, type SourcePosition, type WindowPath } from "../protocol";
import type { Describer } from "./describe";
import { decode, describeMessage, isPort, isWindowProxy, nativeAccessors, previewOf, textOf, thrown, transferItems, transferList, type PostMessage } from "./call-reading";
import { installListenerTracking, syntheticEventNotes } from "./listeners";
import { installPortRecording } from "./ports";
import { BRIEF, installSendCall, type WindowSends } from "./send-call";
import { targetOriginText } from "./overload";
import { preview, shapeOf } from "./preview";
import type { Outbox } from "./outbox";
import type { Positioned, Reporting } from "./reporting";
import { isBrief } from "./self-ring";
import { snapshot } from "./snapshot";

export interface RecorderOptions extends Reporting, Positioned {
  describer: Describer;
  /** Receipts wait until their listeners have run, so that their results travel with them. */
  holdReceipt: (r: ReceiptReport, self?: boolean) => void;
  /** Where a flood of this window's messages to itself is held in brief. */
  outbox: Pick<Outbox, "holdsSelf" | "selfSend" | "selfReceipt">;
}

export interface Recorder {
  /** Where each rewritten call of the script is, by site number (src/run/send-sites.ts). */
  setSites(sites: readonly SendSite[]): void;
  /** While paused, sends are recorded and held: the browser's postMessage runs on release. */
  setPaused(paused: boolean): void;
  release(send: number): void;
  drop(send: number): void;
  /** Sends `data` (JSON text) again from this window to the window at `target`. */
  resend(target: WindowPath, data: string, targetOrigin: string): void;
  /** Puts the receipt listeners back after document.open() erased the window's listeners. */
  relisten(): void;
}

/** A send recorded before the browser's call, to be finished after it (closeSend). */
interface OpenSend {
  record: SendReport;
  items: unknown[];
  message: unknown;
  /** Its data was described before the call (it transfers, or is held): after, it may be gone. */
  described: boolean;
  self: boolean;
}

interface HeldSend {
  native: PostMessage;
  target: object;
  args: unknown[];
  items: unknown[];
}

/** Sends per document whose source position (file:line) is recorded. */
const POSITIONED_SENDS = 1000;

// Taken when the runtime loads, before user code, which may replace any global: these run for
// every send and receipt.
const apply = Reflect.apply;

export function installRecorder(o: RecorderOptions): Recorder {
  const { win } = o;
  const nativePostMessage = win.postMessage as unknown as PostMessage;
  // The browser's own accessors, taken before anything is patched: the runtime reads events with
  // these, so its own reads never count as a listener's.
  const native = nativeAccessors();
  const tracker = installListenerTracking({ win, positionIn: o.positionIn, onPortHandler: (p) => ports.started(p) });
  const noteSynthetic = syntheticEventNotes(o);

  let paused = false;
  let positionBudget = POSITIONED_SENDS;
  const held = new Map<number, HeldSend>();

  // A stack trace is the costliest part of a record: a flood keeps positions for its first sends only.
  const positionOf = (site: SourcePosition | undefined) => site ?? (positionBudget-- > 0 ? o.positionIn(new Error().stack) : undefined);

  /** The record of one call, before it is made. */
  function sendRecord(
    time: number,
    seq: number,
    args: unknown[],
    where: Pick<SendReport, "target" | "port" | "toInitial">,
    toWindow: boolean,
    at: SourcePosition | undefined,
  ): { record: SendReport; items: unknown[] } {
    const call = decode(args, toWindow);
    const listed = call.transfer === undefined ? null : transferItems(call.transfer);
    const items = listed ?? [];
    const record: SendReport = {
      kind: "send",
      seq,
      time,
      target: where.target,
      targetOrigin: toWindow ? targetOriginText(call, textOf) : "",
      form: call.form,
      preview: "",
      shape: "",
      transfer: transferList(call.transfer, listed),
      transferAfter: [],
      portsSent: items.filter(isPort).map((p) => ports.idOf(p)),
      at,
    };
    return { record, items };
  }

  /**
   * Records one call, before it is made: undefined when it is held (paused), and is then not
   * made. `toWindow` false means a MessagePort send, which has no targetOrigin.
   */
  function openSend(
    native: PostMessage,
    target: object,
    args: unknown[],
    where: Pick<SendReport, "target" | "port" | "toInitial">,
    toWindow: boolean,
    resent = false,
    site?: SourcePosition,
  ): OpenSend | undefined {
    const time = o.now();
    const message = args[0];
    const { record, items } = sendRecord(time, o.nextSeq(), args, where, toWindow, positionOf(site));
    // Optional fields set after, not spread in: a spread object literal is built on a slow path.
    if (where.port !== undefined) record.port = where.port;
    if (resent) record.resent = resent;
    // A message to this window itself, sent now and carrying nothing the timeline follows further
    // (a transferred port is): the event cap may drop a flood of these unread.
    const self = toWindow && target === win && where.port === undefined && items.length === 0 && !resent && !paused;
    const described = items.length > 0 || paused;
    if (described) describeMessage(record, message);
    if (where.toInitial && !paused) record.toInitial = true;
    if (paused) {
      // Held, not sent: nothing is serialized or transferred until the person releases it.
      record.held = true;
      record.transferAfter = items.map(previewOf);
      held.set(record.seq, { native, target, args, items });
      o.report(record);
      return undefined;
    }
    return { record, items, message, described, self };
  }

  /** The call made: its record says how it went (`error`, when it threw), and leaves. */
  function closeSend(call: OpenSend, threw: boolean, error?: unknown): void {
    const { record } = call;
    if (threw) {
      record.error = thrown(error);
      record.portsSent = [];
    }
    if (!call.described) describeMessage(record, call.message);
    record.transferAfter = call.items.map(previewOf);
    o.report(record, call.self);
  }

  /** Records one call and makes it with the browser's own function and the caller's exact arguments. */
  function recordedCall(
    native: PostMessage,
    target: object,
    args: unknown[],
    where: Pick<SendReport, "target" | "port" | "toInitial">,
    toWindow: boolean,
    resent = false,
  ): void {
    const call = openSend(native, target, args, where, toWindow, resent);
    if (!call) return;
    try {
      apply(native, target, args);
    } catch (e) {
      closeSend(call, true, e);
      throw e;
    }
    closeSend(call, false);
  }

  /**
   * Whether `target` holds its initial about:blank now. That document has its creator's origin,
   * so only a same-origin sender can read it, and it comes once per window: a window seen past it
   * (another document, or one this sender cannot read) is not read again, and a flood reads its
   * target once. Nothing a script defines runs: `location` and `href` are unforgeable.
   */
  const pastInitial = new WeakSet<object>([win]);
  const holdsInitial = (target: Window): boolean => {
    if (pastInitial.has(target)) return false;
    try {
      if (target.location.href === "about:blank") return true;
    } catch {
      // Another origin's document, or a removed frame's (location is null).
    }
    pastInitial.add(target);
    return false;
  };

  // A message of this window to itself in a flood, between begin() and end(): its data is a
  // primitive, so the browser's call runs no script in between, and one at a time is enough.
  let briefTime = 0;
  let briefSeq = 0;
  let briefAt: SourcePosition | undefined;

  /**
   * A window's own postMessage, called by the script (send-call.ts), which makes the browser's
   * call itself between begin() and end(): `post` is the function the script's own call would
   * have made, the target's own postMessage, of the target's realm for a same-origin window,
   * never this window's in its place. The browser gets exactly the call it would get without the
   * playground.
   */
  const windowSends: WindowSends<OpenSend> = {
    begin(post, target, args, site) {
      // To itself, with a targetOrigin and nothing transferred, in a flood: held in brief (self-ring.ts).
      if (target === win && args.length === 2 && typeof args[1] === "string" && !paused && isBrief(args[0]) && o.outbox.holdsSelf()) {
        briefTime = o.now();
        briefSeq = o.nextSeq();
        briefAt = positionOf(site);
        return BRIEF;
      }
      const where: Pick<SendReport, "target" | "toInitial"> = { target: o.describer.describe(target) };
      if (holdsInitial(target)) where.toInitial = true;
      return openSend(post, target, args, where, true, false, site);
    },
    end(call, args, threw, error) {
      if (call !== BRIEF) {
        closeSend(call, threw, error);
        return;
      }
      if (!threw) {
        o.outbox.selfSend(briefSeq, briefTime, args[0], args[1] as string, "positional", briefAt);
        return;
      }
      // A targetOrigin the browser refused: the full record, with its exception.
      const { record } = sendRecord(briefTime, briefSeq, args, { target: o.describer.describe(win) }, true, briefAt);
      record.error = thrown(error);
      describeMessage(record, args[0]);
      o.report(record, true);
    },
  };

  const ports = installPortRecording({
    win,
    tracker,
    report: o.report,
    holdReceipt: o.holdReceipt,
    noteSynthetic,
    now: o.now,
    nextSeq: o.nextSeq,
    send: (native, port, id, args) => recordedCall(native as PostMessage, port, args, { target: [], port: id }, false),
  });

  const sendCalls = installSendCall(win, nativePostMessage, windowSends);

  // A message's source is one of a few windows, again and again, and the test reads a property
  // across origins (slow): the windows already seen are remembered. Sources come from the
  // browser's own getter, so no script can make an object pass for one.
  const sourceWindows = new WeakSet<object>();
  const isSourceWindow = (source: MessageEventSource | null): source is Window => {
    if (source === null) return false;
    if (sourceWindows.has(source)) return true;
    if (!isWindowProxy(source)) return false;
    sourceWindows.add(source);
    return true;
  };
  // Read with the browser's own getters, called with the apply taken at load: a script can
  // replace MessageEvent, Event.prototype.target or Function.prototype.call, never these. The data
  // getter is also the brand check (it throws for anything but a MessageEvent).
  const onReceipt = (event: Event) => {
    let data: unknown;
    try {
      if ((native.target ? apply(native.target, event, []) : event.target) !== win) return;
      data = apply(native.data, event, []);
    } catch {
      return;
    }
    const type = native.type ? (apply(native.type, event, []) as string) : event.type;
    // isTrusted is unforgeable: an own property of every event that no script can redefine.
    if (!event.isTrusted) {
      noteSynthetic(event as MessageEvent, "window", String(apply(native.origin, event, [])), previewOf(data));
      return;
    }
    const source = apply(native.source, event, []) as MessageEventSource | null;
    const origin = String(apply(native.origin, event, []));
    if (source === win && isBrief(data) && o.outbox.holdsSelf()) {
      const sent = apply(native.ports, event, []) as readonly MessagePort[];
      if (sent.length === 0) {
        // A message to itself in a flood, whose data is a short primitive: held in brief (self-ring.ts).
        const listeners: ListenerResult[] = [];
        const seq = o.nextSeq();
        const time = o.now();
        tracker.track(event, listeners);
        o.outbox.selfReceipt(seq, time, type === "messageerror" ? "messageerror" : "message", origin, data, listeners);
        return;
      }
    }
    const record: ReceiptReport = {
      kind: "receipt",
      seq: o.nextSeq(),
      time: o.now(),
      type: type === "messageerror" ? "messageerror" : "message",
      origin,
      source: isSourceWindow(source) ? o.describer.describe(source) : null,
      preview: preview(data),
      shape: shapeOf(data),
      ports: ports.adopt(apply(native.ports, event, []) as readonly MessagePort[]),
      listeners: [],
    };
    if (typeof data === "object" && data !== null) record.tree = snapshot(data);
    tracker.track(event, record.listeners);
    o.holdReceipt(record, source === win && record.ports.length === 0);
  };
  // Capture on the window itself, registered before any user code: it runs before user listeners.
  const listen = () => {
    apply(native.addEventListener, win, ["message", onReceipt, true]);
    apply(native.addEventListener, win, ["messageerror", onReceipt, true]);
  };
  listen();
  function release(seq: number): void {
    const h = held.get(seq);
    if (!h) return;
    held.delete(seq);
    const time = o.now();
    const portsSent = h.items.filter(isPort).map((p) => ports.idOf(p));
    try {
      apply(h.native, h.target, h.args);
      o.report({ kind: "released", seq: o.nextSeq(), send: seq, time, transferAfter: h.items.map(previewOf), portsSent });
    } catch (e) {
      o.report({ kind: "released", seq: o.nextSeq(), send: seq, time, error: thrown(e), transferAfter: h.items.map(previewOf) });
    }
  }

  function resend(path: WindowPath, data: string, targetOrigin: string): void {
    const target = o.describer.resolve(path);
    if (!target) {
      o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level: "warn", text: `Resend: this window can no longer reach ${path.join(".")}` });
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch (e) {
      o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level: "warn", text: `Resend: the data is not JSON (${(e as Error).message})` });
      return;
    }
    try {
      recordedCall(nativePostMessage, target, [message, targetOrigin], { target: o.describer.describe(target) }, true, true);
    } catch {
      // Recorded with its exception; nobody else is there to catch it.
    }
  }

  return {
    setSites: sendCalls.setSites,
    setPaused(p) {
      paused = p;
      // Resuming lets everything still held go, oldest first, as the browser would have.
      if (!p) for (const seq of [...held.keys()]) release(seq);
    },
    release,
    drop(seq) {
      if (held.delete(seq)) o.report({ kind: "dropped", seq: o.nextSeq(), send: seq, time: o.now() });
    },
    resend,
    relisten: listen,
  };
}
