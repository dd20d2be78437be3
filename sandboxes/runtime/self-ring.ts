/**
 * A window's messages to itself while it floods itself, held in brief (outbox.ts). Such a flood is
 * most of what a window can record, and the event cap keeps only its newest EVENT_CAP events: so
 * each is a few numbers and references in arrays made once, overwritten when newer ones come (and
 * counted: UnsentMessage), and written as the report it stands for (straight into a batch) only
 * if it is among the newest when the flood pauses. A report object per message, kept until then,
 * cost the window more in garbage collection than writing it at once.
 *
 * Only a message whose data is a short primitive is held so (isBrief): its preview cannot change
 * later, where an object's could, and what the ring holds stays small.
 */
import { SelfBatchWriter, type ListenerResult, type ReceiptReport, type SendReport, type SourcePosition, type WindowPath } from "../protocol";
import { sameItems } from "./listeners";
import { preview, shapeOf } from "./preview";

// Taken when the runtime loads, before user code, which may replace any global: the ring is made
// when the window first floods itself, after its script has run.
const F64 = Float64Array;
const U8 = Uint8Array;
const List = Array;

/** The longest string held as it is: a longer one is described when it is sent. */
const MAX_HELD_TEXT = 256;

/** Whether a message's data may be held in brief: a primitive whose preview is fixed and small. */
export function isBrief(data: unknown): boolean {
  const t = typeof data;
  return t === "number" || t === "boolean" || t === "undefined" || data === null || (t === "string" && (data as string).length <= MAX_HELD_TEXT);
}

const SEND = 0;
const RECEIPT = 1;
const POSITIONAL = 0;
const OPTIONS = 1;
const MESSAGE = 0;
const MESSAGE_ERROR = 1;

export class SelfRing {
  private readonly kind: Uint8Array;
  private readonly variant: Uint8Array;
  private readonly seq: Float64Array;
  private readonly time: Float64Array;
  private readonly data: unknown[];
  /** A send's targetOrigin, a receipt's origin. */
  private readonly text: string[];
  private readonly at: (SourcePosition | undefined)[];
  private readonly listeners: (ListenerResult[] | undefined)[];
  private head = 0;
  private size = 0;
  /** The slot of the last receipt added, whose listeners may still be running; and the results list before it. */
  private lastReceipt = -1;
  private shared: ListenerResult[] | undefined;
  /** How many events it holds at most: its capacity, or less (limitTo). */
  private limit: number;
  /** Events overwritten since takeUnsent(). */
  private unsentEvents = 0;
  private unsentLast = -Infinity;

  constructor(readonly capacity: number) {
    this.kind = new U8(capacity);
    this.variant = new U8(capacity);
    this.seq = new F64(capacity);
    this.time = new F64(capacity);
    this.data = new List<unknown>(capacity);
    this.text = new List<string>(capacity);
    this.at = new List<SourcePosition | undefined>(capacity);
    this.listeners = new List<ListenerResult[] | undefined>(capacity);
    this.limit = capacity;
  }

  get length(): number {
    return this.size;
  }

  /**
   * Holds at most `n` events from now on (a whole number, held to 1 to its capacity): the oldest
   * beyond them go at once, counted as the ones it overwrites are.
   */
  limitTo(n: number): void {
    this.limit = n < 1 ? 1 : n > this.capacity ? this.capacity : n;
    while (this.size > this.limit) this.dropOldest();
  }

  addSend(seq: number, time: number, data: unknown, targetOrigin: string, form: SendReport["form"], at: SourcePosition | undefined): void {
    const i = this.slot(seq, time, data);
    this.kind[i] = SEND;
    this.variant[i] = form === "options" ? OPTIONS : POSITIONAL;
    this.text[i] = targetOrigin;
    this.at[i] = at;
    this.listeners[i] = undefined;
  }

  /** `listeners` is filled as the receipt's dispatch goes on. */
  addReceipt(seq: number, time: number, type: ReceiptReport["type"], origin: string, data: unknown, listeners: ListenerResult[]): void {
    this.settleListeners();
    const i = this.slot(seq, time, data);
    this.kind[i] = RECEIPT;
    this.variant[i] = type === "messageerror" ? MESSAGE_ERROR : MESSAGE;
    this.text[i] = origin;
    this.at[i] = undefined;
    this.listeners[i] = listeners;
    this.lastReceipt = i;
  }

  /** Events overwritten since the last call, if any: the last one's time and how many. */
  takeUnsent(): { last: number; events: number } | undefined {
    if (this.unsentEvents === 0) return undefined;
    const unsent = { last: this.unsentLast, events: this.unsentEvents };
    this.unsentEvents = 0;
    this.unsentLast = -Infinity;
    return unsent;
  }

  /**
   * Every event held, oldest first, written as the reports the recorder would have made, in
   * batches of at most `every` (SelfBatchWriter), each handed to `emit` with the time of its
   * newest event; the ring is then empty.
   */
  write(self: WindowPath, every: number, emit: (wire: object[], events: number, last: number) => void): void {
    this.settleListeners();
    const writer = new SelfBatchWriter(self);
    let last = -Infinity;
    for (let n = 0; n < this.size; n++) {
      const i = (this.head + n) % this.capacity;
      const data = this.data[i];
      const time = this.time[i] as number;
      if (this.kind[i] === SEND) {
        writer.send(this.seq[i] as number, time, this.text[i] as string, this.variant[i] === OPTIONS ? "options" : "positional", preview(data), shapeOf(data), this.at[i]);
      } else {
        writer.receipt(this.seq[i] as number, time, this.variant[i] === MESSAGE_ERROR ? "messageerror" : "message", this.text[i] as string, preview(data), shapeOf(data), this.listeners[i] ?? []);
      }
      if (time > last) last = time;
      this.data[i] = undefined;
      this.listeners[i] = undefined;
      this.at[i] = undefined;
      if (writer.length === every) {
        emit(writer.take(), every, last);
        last = -Infinity;
      }
    }
    const rest = writer.length;
    if (rest > 0) emit(writer.take(), rest, last);
    this.head = 0;
    this.size = 0;
    this.lastReceipt = -1;
    this.shared = undefined;
  }

  private slot(seq: number, time: number, data: unknown): number {
    // The oldest goes: as many newer ones of the window's messages to itself follow it as it may hold.
    if (this.size >= this.limit) this.dropOldest();
    const i = (this.head + this.size) % this.capacity;
    this.size++;
    this.seq[i] = seq;
    this.time[i] = time;
    this.data[i] = data;
    return i;
  }

  /** The oldest event goes, counted (takeUnsent). */
  private dropOldest(): void {
    const old = this.head;
    this.unsentEvents++;
    if ((this.time[old] as number) > this.unsentLast) this.unsentLast = this.time[old] as number;
    if (old === this.lastReceipt) this.lastReceipt = -1;
    this.data[old] = undefined;
    this.listeners[old] = undefined;
    this.at[old] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }

  /**
   * The last receipt's dispatch is over: its results list, when it says what the one before said,
   * is replaced by that one, so that a flood holds one list rather than one per receipt.
   */
  private settleListeners(): void {
    const i = this.lastReceipt;
    if (i < 0) return;
    const list = this.listeners[i];
    if (list && this.shared && sameItems(list, this.shared)) this.listeners[i] = this.shared;
    else this.shared = list;
    this.lastReceipt = -1;
  }
}
