/**
 * How a window's reports travel in one batch to the host. In a flood, report after report says
 * the same thing (the same kind, origin, source, listeners, targetOrigin), and the bytes a
 * sandbox writes and posts cost its main thread more than making the reports does: measured with
 * 20,000 receipts, bob's main thread took 0.81 s with every report in full, 0.58 s with reports
 * like these, and 0.64 s on the plain page without the runtime (medians of 6). So a report leaves out
 * what equals the report before it:
 * - `kind`, when the report before it in the batch has the same kind;
 * - `seq`, when it is that report's seq plus one;
 * - each field of SEND_REPEATED or RECEIPT_REPEATED that is equal to that field of the last report of the same kind;
 * - a send's `at` (where in the script it was sent: a flood's sends all come from one line), when
 *   equal to the last send's; a send without one after a send with one says `at: null`.
 * Other fields (the optional ones: `error`, `tree`, ...) are written whenever they are there and
 * never inherited, so a field that is missing is never mistaken for one left out.
 *
 * Shared by the runtime (compactReports, which runs in every sandbox and so may not trust the
 * page's builtins) and the host (expandReports, which runs on whatever a window sent: the reports
 * it gives back are checked one by one afterwards, like any other).
 */

import type { WindowPath } from "./messages";
import type { ListenerResult, ReceiptReport, SendReport, SourcePosition } from "./reports";

type Rec = Record<string, unknown>;

/** Every field of each flood kind: repeated ones first (left out when unchanged), then the rest. */
const SEND_REPEATED = ["target", "targetOrigin", "form", "preview", "shape", "transfer", "transferAfter", "portsSent"] as const;
const SEND_OTHERS = ["time", "port", "error", "tree", "held", "resent", "toInitial"] as const;
/** Optional, but left out when unchanged: `null` in a batch says a send has none. */
const SEND_OPTIONAL_REPEATED = ["at"] as const;
const RECEIPT_REPEATED = ["type", "origin", "source", "preview", "shape", "ports", "listeners"] as const;
const RECEIPT_OTHERS = ["time", "port", "tree"] as const;
// A field added to a report type must be listed above, or it would not travel: these fail to compile then.
type Unlisted<R, L> = Exclude<keyof R, "kind" | "seq" | L>;
const sendListed: [Unlisted<SendReport, (typeof SEND_REPEATED)[number] | (typeof SEND_OTHERS)[number] | (typeof SEND_OPTIONAL_REPEATED)[number]>] extends [never]
  ? true
  : never = true;
const receiptListed: [Unlisted<ReceiptReport, (typeof RECEIPT_REPEATED)[number] | (typeof RECEIPT_OTHERS)[number]>] extends [never] ? true : never = true;
void sendListed;
void receiptListed;

// Taken when this module loads: in a sandbox that is before any user code, which may replace them.
const isArray = Array.isArray;
const keysOf = Object.keys;
const own = Object.hasOwn;
const setProtoOf = Object.setPrototypeOf;
/**
 * A report object no script can reach into: a setter a script puts on Object.prototype (say for
 * `origin`) runs for every plain assignment of that key to an ordinary object, and could rewrite
 * the report as it is built. A Report's prototype chain is one empty object of this module's, so
 * there is no setter to run. (Object.create(null) would do too, but V8 keeps such objects as
 * dictionaries: a flood's reports then cost twice as much to make and to write as JSON.)
 */
class Report {}
setProtoOf(Report.prototype, null);
const bare = (): Rec => new Report() as Rec;
const ArrayProto = Array.prototype;
/**
 * Likewise for the batch: an index setter on Array.prototype would see each report. It is filled
 * without a prototype and given Array.prototype back when full (`done`).
 */
const list = (): Rec[] => setProtoOf([], null) as Rec[];
const done = (out: Rec[]): Rec[] => setProtoOf(out, ArrayProto) as Rec[];

const repeatedOf = (kind: unknown): readonly string[] | undefined =>
  kind === "send" ? SEND_REPEATED : kind === "receipt" ? RECEIPT_REPEATED : undefined;

/** JSON-like equality, a few levels deep: paths, lists of strings, listener results. */
function same(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth > 3 || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (isArray(a) || isArray(b)) {
    if (!isArray(a) || !isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], depth + 1)) return false;
    return true;
  }
  // for...in, not Object.keys: no array made for each of the few small objects compared.
  let n = 0;
  for (const k in a) {
    if (!own(a, k)) continue;
    if (!own(b, k) || !same((a as Rec)[k], (b as Rec)[k], depth + 1)) return false;
    n++;
  }
  for (const k in b) if (own(b, k)) n--;
  return n === 0;
}

/** The runtime's side: each report without what it shares with the one before it. */
export function compactReports(reports: readonly object[]): Rec[] {
  const out = list();
  let prev: Rec | undefined;
  let lastSend: Rec | undefined;
  let lastReceipt: Rec | undefined;
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i] as Rec;
    const kind = r.kind;
    const o = bare();
    if (!prev || prev.kind !== kind) o.kind = kind;
    if (!prev || typeof prev.seq !== "number" || r.seq !== prev.seq + 1) o.seq = r.seq;
    const flood = kind === "send" || kind === "receipt";
    if (flood) {
      // The known fields only: a report the runtime made has no others, and this runs for each.
      const before = kind === "send" ? lastSend : lastReceipt;
      const repeated = kind === "send" ? SEND_REPEATED : RECEIPT_REPEATED;
      for (let j = 0; j < repeated.length; j++) {
        const k = repeated[j] as string;
        if (!before || !same(r[k], before[k], 0)) o[k] = r[k];
      }
      const others = kind === "send" ? SEND_OTHERS : RECEIPT_OTHERS;
      for (let j = 0; j < others.length; j++) {
        const k = others[j] as string;
        if (r[k] !== undefined) o[k] = r[k];
      }
      if (kind === "send") {
        for (let j = 0; j < SEND_OPTIONAL_REPEATED.length; j++) {
          const k = SEND_OPTIONAL_REPEATED[j] as string;
          const v = r[k];
          if (before ? same(v, before[k], 0) : v === undefined) continue;
          o[k] = v === undefined ? null : v;
        }
      }
      if (kind === "send") lastSend = r;
      else lastReceipt = r;
    } else {
      const keys = keysOf(r);
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j] as string;
        if (k !== "kind" && k !== "seq") o[k] = r[k];
      }
    }
    out[i] = o;
    prev = r;
  }
  return done(out);
}

const samePosition = (a: SourcePosition | undefined, b: SourcePosition | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.line === b.line && a.column === b.column);

/**
 * compactReports' batches for a window's messages to itself held in brief (runtime/self-ring.ts),
 * written field by field from what the ring holds: no report object is made for each event, and
 * none compared whole. A flood's held events are written once, when the flood pauses, inside
 * whatever call reported next; in code that has not run before, the report objects and their
 * comparisons cost that call two to three times what this does. Its batches are compactReports'
 * for the same reports, key for key (tests/runtime-outbox.test.ts).
 */
export class SelfBatchWriter {
  private out = list();
  private prevKind: "send" | "receipt" | undefined;
  // NaN, not Number.NaN: a script may replace Number, never NaN.
  private prevSeq = NaN;
  private sends = 0;
  private receipts = 0;
  private sendOrigin = "";
  private form: SendReport["form"] = "positional";
  private sendPreview = "";
  private sendShape = "";
  private at: SourcePosition | undefined;
  private type: ReceiptReport["type"] = "message";
  private origin = "";
  private receiptPreview = "";
  private receiptShape = "";
  private listeners: ListenerResult[] = [];

  constructor(private readonly self: WindowPath) {}

  get length(): number {
    return this.sends + this.receipts;
  }

  private head(o: Rec, kind: "send" | "receipt", seq: number): void {
    if (this.prevKind !== kind) o.kind = kind;
    if (seq !== this.prevSeq + 1) o.seq = seq;
    this.prevKind = kind;
    this.prevSeq = seq;
  }

  send(seq: number, time: number, targetOrigin: string, form: SendReport["form"], preview: string, shape: string, at: SourcePosition | undefined): void {
    const o = bare();
    this.head(o, "send", seq);
    const first = this.sends++ === 0;
    if (first) o.target = this.self;
    if (first || targetOrigin !== this.sendOrigin) o.targetOrigin = this.sendOrigin = targetOrigin;
    if (first || form !== this.form) o.form = this.form = form;
    if (first || preview !== this.sendPreview) o.preview = this.sendPreview = preview;
    if (first || shape !== this.sendShape) o.shape = this.sendShape = shape;
    if (first) {
      o.transfer = [];
      o.transferAfter = [];
      o.portsSent = [];
    }
    o.time = time;
    if (first ? at !== undefined : !samePosition(at, this.at)) o.at = at ?? null;
    this.at = at;
    this.out[this.out.length] = o;
  }

  receipt(seq: number, time: number, type: ReceiptReport["type"], origin: string, preview: string, shape: string, listeners: ListenerResult[]): void {
    const o = bare();
    this.head(o, "receipt", seq);
    const first = this.receipts++ === 0;
    if (first || type !== this.type) o.type = this.type = type;
    if (first || origin !== this.origin) o.origin = this.origin = origin;
    if (first) o.source = this.self;
    if (first || preview !== this.receiptPreview) o.preview = this.receiptPreview = preview;
    if (first || shape !== this.receiptShape) o.shape = this.receiptShape = shape;
    if (first) o.ports = [];
    if (first || (listeners !== this.listeners && !same(listeners, this.listeners, 0))) o.listeners = listeners;
    this.listeners = listeners;
    o.time = time;
    this.out[this.out.length] = o;
  }

  /** The batch written so far; the writer starts a new one. */
  take(): Rec[] {
    const out = done(this.out);
    this.out = list();
    this.prevKind = undefined;
    this.prevSeq = NaN;
    this.sends = 0;
    this.receipts = 0;
    return out;
  }
}

/**
 * The host's side: the reports as they were made. Anything that is not an object passes as it
 * is (and is refused by the report check); so does a report that left out more than it may.
 */
export function expandReports(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  let prev: Rec | undefined;
  let lastSend: Rec | undefined;
  let lastReceipt: Rec | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      out[i] = item;
      prev = undefined;
      continue;
    }
    const o = item as Rec;
    const r: Rec = {};
    r.kind = own(o, "kind") ? o.kind : prev?.kind;
    r.seq = own(o, "seq") ? o.seq : typeof prev?.seq === "number" ? prev.seq + 1 : undefined;
    const before = r.kind === "send" ? lastSend : r.kind === "receipt" ? lastReceipt : undefined;
    const repeated = repeatedOf(r.kind);
    if (before && repeated) for (const k of repeated) r[k] = before[k];
    if (before && r.kind === "send") for (const k of SEND_OPTIONAL_REPEATED) if (before[k] !== undefined) r[k] = before[k];
    for (const k of Object.keys(o)) {
      // A plain assignment of "__proto__" would set the record's prototype.
      if (k !== "__proto__") r[k] = o[k];
    }
    if (r.kind === "send") for (const k of SEND_OPTIONAL_REPEATED) if (r[k] === null) delete r[k];
    out[i] = r;
    prev = r;
    if (r.kind === "send") lastSend = r;
    else if (r.kind === "receipt") lastReceipt = r;
  }
  return out;
}
