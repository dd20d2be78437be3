/**
 * The timeline of a run: each send with the receipt it caused, classified. Window-to-window
 * messages are paired by the engine in pairing.ts, fed every record at once (the Correlator feeds
 * the same engine as records arrive); MessagePort messages and held sends are paired here.
 * Reports from different windows arrive at the host in any order; this function is pure and
 * pairs everything known so far.
 */
import { classifyHeld, classifyPortSend, classifySend, type Classification } from "./classify";
import { pairOfReceipt } from "./event-cap";
import type { InitialReach } from "./reach";
import { CLOCK_SLACK_MS, pairAll } from "./pairing";
import type { DocumentSpan, PortEventRecord, PortName, ReceiptRecord, SendRecord } from "./records";
import { own } from "../own";
import { channelOf, otherEnd, windowOf } from "../../sandboxes/protocol";
import { HOST_ENGINE } from "../engines/host-engine";

/** How long after the cap's cutoff a receipt may still belong to a dropped send. */
const DROPPED_SLACK_MS = 5_000;

export interface TimelineEntry extends Classification {
  id: string;
  time: number;
  from: string | null;
  fromOrigin: string;
  to: string | null;
  toLabel: string;
  targetOrigin: string;
  preview: string;
  send?: SendRecord;
  receipt?: ReceiptRecord;
  /** A receipt whose send the sender's runtime could not see (made through `top` or `frames[i]`). */
  reconstructed: boolean;
  /** For a MessagePort message: its channel and the ends it left and reached. */
  channel?: PortRoute;
}

export interface PortRoute {
  /** `alice#1/c1`: the first channel alice's first document created. */
  channel: string;
  /** The sending and receiving ends, by their original names (`alice#1/c1.1`). */
  fromPort: PortName;
  toPort: PortName;
  /** Where each end travelled: its names in each window that held it, oldest first. */
  fromLineage: PortName[];
  lineage: PortName[];
}

export interface CorrelateInput {
  sends: readonly SendRecord[];
  receipts: readonly ReceiptRecord[];
  documents: Readonly<Record<string, readonly DocumentSpan[]>>;
  portEvents?: readonly PortEventRecord[];
  /** The event cap dropped each pair's records older than this: some receipts lost their sends. */
  droppedBefore?: Readonly<Record<string, number>>;
}

/**
 * Port lineage: a port that arrives in `event.ports` is the port the matching send transferred.
 * `alias` maps each received name to the name it had in the sender.
 */
class PortBook {
  readonly alias = new Map<PortName, PortName>();
  /** Received name -> the window and time it arrived. */
  readonly arrivals = new Map<PortName, { window: string; time: number }>();

  learn(send: SendRecord, receipt: ReceiptRecord): void {
    receipt.ports.forEach((name, i) => {
      const sent = send.portsSent[i];
      if (sent !== undefined && sent !== name) this.alias.set(name, sent);
      this.arrivals.set(name, { window: receipt.window, time: receipt.time });
    });
  }

  /** The name the port had where its channel was made. */
  original(name: PortName): PortName {
    let cur = name;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.alias.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  /** Every name an original port has had, oldest first. */
  namesOf(original: PortName): PortName[] {
    const names = [original];
    for (const [received] of [...this.arrivals].sort((a, b) => a[1].time - b[1].time)) {
      if (received !== original && this.original(received) === original) names.push(received);
    }
    return names;
  }
}


function pairPortMessages(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], book: PortBook): Map<string, ReceiptRecord> {
  interface Item {
    at: number;
    send?: SendRecord;
    receipt?: ReceiptRecord;
  }
  const items: Item[] = [
    ...sends.filter((s) => s.port !== undefined && !s.error).map((send): Item => ({ at: send.time, send })),
    // A receipt is never earlier than its send; the slack covers clock rounding between windows.
    ...receipts.filter((r) => r.port !== undefined).map((receipt): Item => ({ at: receipt.time + CLOCK_SLACK_MS, receipt })),
  ].sort((a, b) => a.at - b.at || (a.send ? -1 : 1));
  const queues = new Map<PortName, SendRecord[]>();
  const paired = new Map<string, ReceiptRecord>();
  for (const { send, receipt } of items) {
    if (send?.port !== undefined) {
      const from = book.original(send.port);
      let q = queues.get(from);
      if (!q) queues.set(from, (q = []));
      q.push(send);
    } else if (receipt?.port !== undefined) {
      const from = otherEnd(book.original(receipt.port));
      const q = from === null ? undefined : queues.get(from);
      const i = q ? q.findIndex((s) => receipt.type === "messageerror" || s.shape === receipt.shape) : -1;
      if (!q || i < 0) continue;
      const [send] = q.splice(i, 1);
      if (!send) continue;
      paired.set(send.key, receipt);
      book.learn(send, receipt);
    }
  }
  return paired;
}

/**
 * A held send (delivery paused) is judged from the moment it was released, when the browser's
 * postMessage really ran; one still held, or dropped, cannot have been delivered.
 */
function effectiveSends(sends: readonly SendRecord[]): SendRecord[] {
  return sends.map((s) => (s.held && s.releasedAt !== undefined ? { ...s, time: s.releasedAt } : s));
}
const waiting = (s: SendRecord) => s.held === true && (s.releasedAt === undefined || s.dropped === true);

/** `initial`: as the engine that ran the run treats a send to an initial about:blank (pairing.ts); this page's engine unless said. */
export function correlate(raw: CorrelateInput, initial?: InitialReach): TimelineEntry[] {
  const input = { ...raw, sends: effectiveSends(raw.sends) };
  const paired = new Map(
    pairAll(
      input.sends.filter((s) => !waiting(s)),
      input.receipts,
      input.documents,
      initial,
    ),
  );
  const book = new PortBook();
  const sendByKey = new Map(input.sends.map((s) => [s.key, s]));
  for (const [key, receipt] of paired) {
    const send = sendByKey.get(key);
    if (send) book.learn(send, receipt);
  }
  for (const [key, receipt] of pairPortMessages(
    input.sends.filter((s) => !waiting(s)),
    input.receipts,
    book,
  ))
    paired.set(key, receipt);

  const started = new Set<PortName>();
  const closedChannels = new Set<string>();
  for (const e of input.portEvents ?? []) {
    const original = book.original(e.port);
    if (e.what === "started") started.add(original);
    else closedChannels.add(channelOf(original));
  }

  const pairedReceipts = new Set<string>();
  const entries: TimelineEntry[] = [];
  const overtaken = overtakenRule(input.sends, (s) => (waiting(s) ? undefined : paired.get(s.key)));
  for (const send of input.sends) {
    const held = waiting(send);
    const receipt = held ? undefined : paired.get(send.key);
    if (receipt) pairedReceipts.add(receipt.key);
    if (send.port !== undefined && !held) {
      entries.push(portEntry(send, receipt, book, started, closedChannels));
      continue;
    }
    entries.push(sendEntry(send, receipt, send.target === null ? [] : (own(input.documents, send.target) ?? []), overtaken(send, receipt)));
  }
  for (const receipt of input.receipts) {
    if (!pairedReceipts.has(receipt.key)) entries.push(receiptEntry(receipt, input.droppedBefore ? own(input.droppedBefore, pairOfReceipt(receipt)) : undefined));
  }
  return entries.sort((a, b) => a.time - b.time);
}

/** Sender document (`<window>#<n>`) → target window → time of its latest dispatched send. */
type LatestDispatched = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * For each sender document and target window, the time of the latest window send that has a
 * receipt (held sends count from their release), so that a send without one sent before it is
 * known to be overtaken (classify.ts). Nested maps, not a joined key: it runs over every send at
 * each redraw during a flood, and a string per send was a fifth of that redraw.
 */
function latestDispatched(sends: readonly SendRecord[], receiptOf: (s: SendRecord) => ReceiptRecord | undefined): LatestDispatched {
  const latest = new Map<string, Map<string, number>>();
  let doc: string | undefined;
  let byTarget = new Map<string, number>();
  for (const s of sends) {
    if (s.port !== undefined || s.target === null || receiptOf(s) === undefined) continue;
    // A flood's sends come from one document in a row: one lookup per run of them.
    if (s.doc !== doc) {
      doc = s.doc;
      const known = latest.get(doc);
      if (known) byTarget = known;
      else latest.set(doc, (byTarget = new Map<string, number>()));
    }
    const t = s.releasedAt ?? s.time;
    if (t > (byTarget.get(s.target) ?? -Infinity)) byTarget.set(s.target, t);
  }
  return latest;
}

/**
 * The overtaken-send rule over `sends`: whether a later send of the same pair was dispatched while
 * `send` has no receipt. The latest dispatches are gathered when first needed: most sends have a
 * receipt.
 */
export function overtakenRule(sends: readonly SendRecord[], receiptOf: (s: SendRecord) => ReceiptRecord | undefined): (send: SendRecord, receipt: ReceiptRecord | undefined) => boolean {
  let latest: LatestDispatched | undefined;
  return (send, receipt) => {
    if (receipt !== undefined || send.port !== undefined || send.target === null) return false;
    latest ??= latestDispatched(sends, receiptOf);
    return (latest.get(send.doc)?.get(send.target) ?? -Infinity) > (send.releasedAt ?? send.time);
  };
}

/** The entry of a window-to-window send (or a held one), with its receipt if it has one. */
export function sendEntry(send: SendRecord, receipt: ReceiptRecord | undefined, targetDocuments: readonly DocumentSpan[], overtaken = false): TimelineEntry {
  const held = waiting(send);
  const verdict = held
    ? classifyHeld(send.dropped === true)
    : classifySend({
        targetOrigin: send.targetOrigin,
        senderOrigin: send.origin,
        error: send.error,
        receipt,
        targetName: send.target,
        targetDocuments,
        sendTime: send.time,
        preview: send.preview,
        transferred: send.transfer.length,
        gonePath: send.targetGone ? (send.path ?? []).slice(1) : undefined,
        toInitial: send.toInitial === true,
        engine: HOST_ENGINE,
        overtaken,
      });
  return entryOfSend(send, verdict, send.target, send.targetLabel, send.targetOrigin, held ? undefined : receipt, undefined);
}

/**
 * What every entry of a recorded send says, written out field by field: object spread made each
 * entry cost microseconds (V8 clones through a slow path), and a flood makes thousands of them.
 */
function entryOfSend(
  send: SendRecord,
  verdict: Classification,
  to: string | null,
  toLabel: string,
  targetOrigin: string,
  receipt: ReceiptRecord | undefined,
  channel: PortRoute | undefined,
): TimelineEntry {
  return {
    state: verdict.state,
    reason: verdict.reason,
    navigated: verdict.navigated,
    difference: verdict.difference,
    id: send.key,
    time: send.time,
    from: send.window,
    fromOrigin: send.origin,
    to,
    toLabel,
    targetOrigin,
    preview: send.preview,
    send,
    receipt,
    reconstructed: false,
    channel,
  };
}

/** The entry of a receipt no known send explains, shown from the receiving side. */
export function receiptEntry(receipt: ReceiptRecord, droppedBefore: number | undefined): TimelineEntry {
  return {
    state: receipt.type === "messageerror" ? "messageerror" : "delivered",
    navigated: undefined,
    difference: undefined,
    reason:
      receipt.time < (droppedBefore ?? -Infinity) + DROPPED_SLACK_MS
        ? "dispatched; its send was among the older events dropped by the event cap"
        : receipt.port !== undefined
        ? "dispatched on this port; the sending end was not seen by a playground runtime, so it is shown from the receiving side"
        : `dispatched, as ${receipt.window} alone reports: the sender's runtime did not see this send (made through top or frames[i], or from outside the playground), so it is shown from the receiving side`,
    id: receipt.key,
    time: receipt.time,
    from: receipt.source,
    fromOrigin: receipt.eventOrigin,
    to: receipt.window,
    toLabel: receipt.port !== undefined ? `port ${receipt.port}` : receipt.window,
    targetOrigin: "(not seen)",
    preview: receipt.preview,
    send: undefined,
    receipt,
    reconstructed: true,
    channel: undefined,
  };
}

function portEntry(send: SendRecord, receipt: ReceiptRecord | undefined, book: PortBook, started: Set<PortName>, closed: Set<string>): TimelineEntry {
  const fromPort = book.original(send.port ?? "");
  const toPort = otherEnd(fromPort) ?? "(unknown port)";
  const lineage = book.namesOf(toPort);
  // A message waits in the receiving port's queue and travels with the port: it is bound for
  // the window that holds that port last.
  let holder: string | null = windowOf(toPort);
  for (const name of lineage) holder = book.arrivals.get(name)?.window ?? holder;
  const verdict = classifyPortSend({
    error: send.error,
    receipt,
    receiverStarted: started.has(toPort),
    closed: closed.has(channelOf(fromPort)),
  });
  const channel = { channel: channelOf(fromPort), fromPort, toPort, fromLineage: book.namesOf(fromPort), lineage };
  return entryOfSend(send, verdict, receipt?.window ?? holder, `port ${toPort}`, "", receipt, channel);
}
