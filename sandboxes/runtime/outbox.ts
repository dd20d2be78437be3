/**
 * Where a window's reports leave for the host, in batches: at the next microtask checkpoint (right
 * after the current script or listener, before the window can go away: a popup closed by its opener
 * right after a message would otherwise take its receipt with it), or every FLUSH_EVERY reports, as
 * a synchronous send loop never lets a timer run.
 *
 * In a flood, batches leave by a timer instead, which lets many events pass between posts. And a
 * window flooding itself holds those messages in brief (self-ring.ts) while the flood lasts, up to
 * HOLD_MAX_MS: the event cap keeps only the newest EVENT_CAP events, so whatever falls further
 * behind is only counted (UnsentMessage), and the rest leaves, written as reports, when the flood
 * pauses. Writing and posting a report cost the window about as much as making it, and the host
 * would have dropped all but the newest unread. While other windows flood themselves too, the
 * host asks each for its share of the cap (HoldMessage), which is all the cap would keep of it.
 */
import {
  compactReports,
  EVENT_CAP,
  HOLD_MAX_MS,
  type ListenerResult,
  type ReceiptReport,
  type ReportBatch,
  type RuntimeReport,
  type SendReport,
  type SourcePosition,
  type UnsentMessage,
  type WindowPath,
} from "../protocol";
import { recentCounter } from "../recent-count";
import { SelfRing } from "./self-ring";

/** Reports per batch: one the host takes in within a frame's work. */
export const FLUSH_EVERY = 256;
/** This many reports within the last one to two FLOOD_WINDOW_MS make a flood... */
const FLOOD_REPORTS = 64;
const FLOOD_WINDOW_MS = 50;
/** ...whose reports leave together at most this often: each post to the host costs its own IPC. */
export const FLOOD_FLUSH_MS = 16;

// Taken when the runtime loads, before user code, which may replace any global.
const apply = Reflect.apply;
const stringify = JSON.stringify;
const hasOwn = Object.prototype.hasOwnProperty;
const protoOf = Object.getPrototypeOf;
const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const slice = Array.prototype.slice;

/**
 * Whether JSON.stringify would write the runtime's reports as they are. It calls a `toJSON` it
 * finds on an object's prototype chain, and the reports are plain objects and arrays the runtime
 * made itself (no holes): only a script that put a toJSON on their prototypes (or a prototype
 * under Array.prototype) could change what they say. Then the batch goes as objects.
 */
const jsonIsPlain = (): boolean =>
  !apply(hasOwn, ObjectProto, ["toJSON"]) && !apply(hasOwn, ArrayProto, ["toJSON"]) && protoOf(ArrayProto) === ObjectProto;

/** A batch of `count` reports, written without what each shares with the one before it (protocol/batch.ts). */
function wireBatch(wire: object[], count: number): ReportBatch {
  if (jsonIsPlain()) {
    try {
      return { type: "reports", json: stringify(wire), count };
    } catch {
      // Nothing in a report should stop JSON (no bigint, no cycle); if something does, objects still go.
    }
  }
  return { type: "reports", reports: wire };
}

export const asBatch = (reports: RuntimeReport[]): ReportBatch => wireBatch(compactReports(reports), reports.length);

/** Listener results are not events: the event cap counts sends and receipts. */
const isEvent = (r: RuntimeReport): boolean => r.kind !== "listeners";

/** ReportBatch.self of reports that are all of the window's messages to itself. */
function selfOf(reports: readonly RuntimeReport[], from: number, to: number): { last: number; events: number } {
  let last = -Infinity;
  let events = 0;
  for (let i = from; i < to; i++) {
    const r = reports[i] as RuntimeReport;
    if (r.time > last) last = r.time;
    if (isEvent(r)) events++;
  }
  return { last, events };
}

export interface OutboxOptions {
  now: () => number;
  nextSeq: () => number;
  /** Whether reports may be held: not before the host has answered, nor as the document leaves. */
  mayHold: () => boolean;
  /** How this window names itself (the target and source of its messages to itself). */
  selfPath: () => WindowPath;
  post: (message: ReportBatch | UnsentMessage) => void;
}

export interface Outbox {
  /** `self`: the report is of a message of this window to itself (ReportBatch.self). */
  report(r: RuntimeReport, self?: boolean): void;
  /** A receipt, whose listener results are written into it as its dispatch goes on. */
  holdReceipt(r: ReceiptReport, self?: boolean): void;
  /**
   * Whether the next message of this window to itself may be held in brief (SelfRing): the window
   * floods, and the host has answered. Then the recorder calls selfSend or selfReceipt.
   */
  holdsSelf(): boolean;
  selfSend(seq: number, time: number, data: unknown, targetOrigin: string, form: SendReport["form"], at: SourcePosition | undefined): void;
  selfReceipt(seq: number, time: number, type: ReceiptReport["type"], origin: string, data: unknown, listeners: ListenerResult[]): void;
  /** The latest receipt's dispatch is over: its listener results follow it if it has left. */
  endReceipt(): void;
  /** Hold at most `events` of the flood held now (HoldMessage): a whole number from 1 to EVENT_CAP, or nothing changes. */
  holdAtMost(events: number): void;
  /** Everything reported so far leaves now. */
  flush(): void;
}

export function createOutbox(o: OutboxOptions): Outbox {
  // Taken as the runtime starts, before user code, which may replace them.
  const setTimer = setTimeout;
  const microtask = queueMicrotask;
  let pending: RuntimeReport[] = [];
  /** Whether every pending report is of this window's messages to itself. */
  let allSelf = true;
  /** Made when this window first floods itself. */
  let ring: SelfRing | undefined;
  /** A check() is due (a microtask or a timer): one at a time, and flush() leaves it be. */
  let queued = false;
  /** The ring holds events: a timer checks whether the flood paused. */
  let holding = false;
  let heldSince = 0;
  let addedSinceCheck = 0;
  // Timed by the report's own time, already read: one clock read fewer per report of a flood.
  let lastReportTime = 0;
  const recentReports = recentCounter(FLOOD_WINDOW_MS, () => lastReportTime);
  /** Bumped by every flush: a report made since the last one has not left yet. */
  let flushes = 0;
  // The latest receipt's listener results: sent once its dispatch is over, i.e. when the next
  // receipt begins (dispatches do not nest) or in the next task, if the receipt left before.
  // `self`: the receipt was of a message from this window itself, and so are its results.
  let open: { receipt: number; listeners: ListenerResult[]; flushes: number; self: boolean } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** What the ring counted and will not send, and how many events it holds (UnsentMessage). */
  const postUnsent = (held: number) => {
    const unsent = ring?.takeUnsent();
    if (unsent || held > 0) o.post({ type: "unsent", last: unsent?.last ?? 0, events: unsent?.events ?? 0, held });
  };

  /**
   * The ring's events leave now, as reports, in batches of their own that say they are all of the
   * window's messages to itself: before anything reported after them (nothing is pending while
   * the ring holds: hold() sent it, and every report drains the ring first).
   */
  const drainRing = () => {
    // A share is for the hold that ends now (holdAtMost takes none outside one): the host asks
    // again if the next flood needs it.
    if (holding) ring?.limitTo(EVENT_CAP);
    holding = false;
    if (!ring || ring.length === 0) return;
    postUnsent(0);
    ring.write(o.selfPath(), FLUSH_EVERY, (wire, events, last) => {
      const batch = wireBatch(wire, events);
      batch.self = { last, events };
      o.post(batch);
    });
    flushes++;
    if (open) timer ??= setTimer(closeOpen, 0);
  };

  const flush = () => {
    drainRing();
    if (pending.length === 0) return;
    flushes++;
    const reports = pending;
    const self = allSelf;
    pending = [];
    allSelf = true;
    // In batches of FLUSH_EVERY, each one the host takes in within a frame.
    for (let from = 0; from < reports.length; from += FLUSH_EVERY) {
      const to = from + FLUSH_EVERY < reports.length ? from + FLUSH_EVERY : reports.length;
      const batch = asBatch(from === 0 && to === reports.length ? reports : (apply(slice, reports, [from, to]) as RuntimeReport[]));
      if (self) batch.self = selfOf(reports, from, to);
      o.post(batch);
    }
    // The latest receipt left, and its dispatch may not be over: its results follow, from the next
    // receipt or the next task. (One timer at a time, and none while no receipt has left.)
    if (open) timer ??= setTimer(closeOpen, 0);
  };

  /** While the flood goes on (an event came since the last check) and the hold is young, the ring holds. */
  const check = () => {
    queued = false;
    if (holding && addedSinceCheck > 0 && lastReportTime - heldSince < HOLD_MAX_MS && o.mayHold()) {
      addedSinceCheck = 0;
      // The host hears that the flood goes on: without a word, what it holds from the last hold
      // would look like the flood's end, and be read while the window still floods.
      postUnsent(ring?.length ?? 0);
      queued = true;
      setTimer(check, FLOOD_FLUSH_MS);
      return;
    }
    flush();
  };

  const report = (r: RuntimeReport, self = false) => {
    // What was held leaves in batches of its own, which say they are all of the window's
    // messages to itself: the host counts those as newer than what it sent before, and the
    // cap's worth it sent three seconds before can go unread.
    if (holding) drainRing();
    pending.push(r);
    lastReportTime = r.time;
    if (!self) allSelf = false;
    const flood = recentReports() >= FLOOD_REPORTS;
    if (pending.length >= FLUSH_EVERY) flush();
    else if (!queued) {
      queued = true;
      // check(), not flush(): a hold that starts before it runs goes on.
      if (flood) setTimer(check, FLOOD_FLUSH_MS);
      else microtask(check);
    }
  };

  // Once held, a flood is held until check() finds it paused: a window that waited for the CPU
  // (other windows flood too) would otherwise send all it holds with its next message.
  const holdsSelf = () => (holding || recentReports(0) >= FLOOD_REPORTS) && o.mayHold();

  /** Room for one more event in the ring, after what is pending (which is older). */
  const hold = (time: number): SelfRing => {
    // The host hears that a flood is held before it reads what came first: those reports then
    // wait with the flood's in the host's inbox, instead of being drawn while the window floods,
    // which on a machine with few cores takes the CPU from the very window being watched. The one
    // event held is the one this call adds.
    if (!holding) postUnsent(1);
    if (pending.length > 0) flush();
    lastReportTime = time;
    recentReports();
    addedSinceCheck++;
    if (!holding) {
      holding = true;
      heldSince = time;
      addedSinceCheck = 0;
      if (!queued) {
        queued = true;
        setTimer(check, FLOOD_FLUSH_MS);
      }
    }
    return (ring ??= new SelfRing(EVENT_CAP));
  };

  const holdAtMost = (events: number) => {
    // Asked for the flood the host saw: one that has paused since is over, and so is its share.
    if (!holding || !ring || typeof events !== "number" || !(events >= 1 && events <= EVENT_CAP) || events % 1 !== 0) return;
    ring.limitTo(events);
  };

  const endReceipt = () => {
    // A receipt still waiting to leave carries its results already (the same array): under a
    // flood that is most of them, and a report fewer each is less work for the host.
    if (open && open.listeners.length > 0 && open.flushes !== flushes) {
      report({ kind: "listeners", seq: o.nextSeq(), time: o.now(), receipt: open.receipt, listeners: open.listeners }, open.self);
    }
    open = undefined;
  };
  const closeOpen = () => {
    timer = undefined;
    endReceipt();
  };
  const opened = (receipt: number, listeners: ListenerResult[], before: number, self: boolean) => {
    open = { receipt, listeners, flushes: before, self };
    // It left already (a full batch went as it was reported).
    if (before !== flushes) timer ??= setTimer(closeOpen, 0);
  };
  const holdReceipt = (r: ReceiptReport, self = false) => {
    endReceipt();
    // Taken before report(), which may send the receipt at once.
    const before = flushes;
    report(r, self);
    opened(r.seq, r.listeners, before, self);
  };

  return {
    report,
    holdReceipt,
    holdsSelf,
    selfSend(seq, time, data, targetOrigin, form, at) {
      hold(time).addSend(seq, time, data, targetOrigin, form, at);
    },
    selfReceipt(seq, time, type, origin, data, listeners) {
      endReceipt();
      const held = hold(time);
      const before = flushes;
      held.addReceipt(seq, time, type, origin, data, listeners);
      opened(seq, listeners, before, true);
    },
    endReceipt,
    holdAtMost,
    flush,
  };
}
