/**
 * MessageChannel ports: every port this document creates or receives gets a name (`c1.1`, `c1.2`
 * for the ends of its first channel, `r1` for the first port it received), and every send and
 * receipt on a port is recorded under that name. The host joins names across windows through the
 * transfers that carried the ports, which gives each port's lineage.
 *
 * The runtime listens on each port with addEventListener, which does not start a port: a port
 * the user never starts keeps its messages queued, exactly as without the runtime.
 */
import type { LifecycleReport, PortId, ReceiptReport } from "../protocol";
import { standIn } from "./function-source";
import type { ListenerTracker } from "./listeners";
import { preview, shapeOf } from "./preview";
import type { Reporting } from "./reporting";
import { snapshot } from "./snapshot";

export interface PortRecording {
  idOf(port: MessagePort): PortId;
  /** Names ports that arrived in an event and starts recording their messages. */
  adopt(ports: readonly MessagePort[]): PortId[];
  started(port: MessagePort): void;
}

type NativeSend = (this: MessagePort, ...args: unknown[]) => void;

export function installPortRecording(
  o: Reporting & {
    tracker: ListenerTracker;
    holdReceipt: (r: ReceiptReport) => void;
    /** A MessageEvent a script dispatched itself on the port: noted, not a message. */
    noteSynthetic: (event: MessageEvent, on: string, origin: string, data: string) => void;
    send: (native: NativeSend, port: MessagePort, id: PortId, args: unknown[]) => void;
  },
): PortRecording {
  const ids = new WeakMap<MessagePort, PortId>();
  const startedPorts = new WeakSet<MessagePort>();
  let channels = 0;
  let received = 0;
  let unknown = 0;
  const proto = MessagePort.prototype;
  const nativeSend = proto.postMessage as NativeSend;
   
  const nativeStart: () => void = proto.start;
   
  const nativeClose: () => void = proto.close;
   
  const addListener = EventTarget.prototype.addEventListener;
  const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")?.get;
  const portsOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "ports")?.get;
  const originOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "origin")?.get;
  const typeOf = Object.getOwnPropertyDescriptor(Event.prototype, "type")?.get;
  // Taken at load: a script may replace Reflect.apply, Function.prototype.call or MessageEvent.
  const apply = Reflect.apply;

  const lifecycle = (what: LifecycleReport["what"], detail: string) =>
    o.report({ kind: "lifecycle", seq: o.nextSeq(), time: o.now(), what, detail });

  function watch(port: MessagePort, id: PortId): void {
    ids.set(port, id);
    const onReceipt = (event: Event) => {
      // The browser's data getter is the brand check: it throws for anything but a MessageEvent.
      let data: unknown;
      try {
        data = dataOf ? apply(dataOf, event, []) : null;
      } catch {
        return;
      }
      const type = typeOf ? (apply(typeOf, event, []) as string) : event.type;
      if (!event.isTrusted) {
        let text: string;
        try {
          text = preview(data);
        } catch {
          text = "[unprintable]";
        }
        o.noteSynthetic(event as MessageEvent, `port ${id}`, originOf ? String(apply(originOf, event, [])) : "", text);
        return;
      }
      const record: ReceiptReport = {
        kind: "receipt",
        seq: o.nextSeq(),
        time: o.now(),
        type: type === "messageerror" ? "messageerror" : "message",
        origin: "",
        source: null,
        preview: preview(data),
        shape: shapeOf(data),
        ports: adopt((portsOf ? apply(portsOf, event, []) : []) as readonly MessagePort[]),
        port: id,
        listeners: [],
      };
      if (typeof data === "object" && data !== null) record.tree = snapshot(data);
      o.tracker.track(event, record.listeners);
      o.holdReceipt(record);
    };
    apply(addListener, port, ["message", onReceipt]);
    apply(addListener, port, ["messageerror", onReceipt]);
  }

  function idOf(port: MessagePort): PortId {
    const known = ids.get(port);
    if (known) return known;
    const id = `u${++unknown}`;
    watch(port, id);
    return id;
  }

  function adopt(ports: readonly MessagePort[]): PortId[] {
    return ports.map((p) => {
      const known = ids.get(p);
      if (known) return known;
      const id = `r${++received}`;
      watch(p, id);
      return id;
    });
  }

  function started(port: MessagePort): void {
    if (startedPorts.has(port)) return;
    startedPorts.add(port);
    lifecycle("port-started", idOf(port));
  }

  const NativeChannel = (o.win as Window & typeof globalThis).MessageChannel;
  class MessageChannel extends NativeChannel {
    constructor() {
      super();
      const n = ++channels;
      watch(this.port1, `c${n}.1`);
      watch(this.port2, `c${n}.2`);
    }
  }
  Object.defineProperty(o.win, "MessageChannel", { configurable: true, writable: true, value: standIn(MessageChannel, NativeChannel) });

  // Methods, as the browser's are (no prototype, not constructors), each reading as the browser's.
  const methods = {
    postMessage(this: MessagePort, ...args: unknown[]): void {
      o.send(nativeSend, this, idOf(this), args);
    },
    start(this: MessagePort): void {
      started(this);
      nativeStart.call(this);
    },
    close(this: MessagePort): void {
      lifecycle("port-closed", idOf(this));
      nativeClose.call(this);
    },
  };
  proto.postMessage = standIn(methods.postMessage, nativeSend) as MessagePort["postMessage"];
  proto.start = standIn(methods.start, nativeStart);
  proto.close = standIn(methods.close, nativeClose);

  return { idOf, adopt, started };
}
