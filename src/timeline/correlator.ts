/**
 * correlate() run again and again as records arrive, without redoing the work for what it has
 * already seen. A flood brings thousands of records a second, and pairing all of them again on
 * every redraw kept the host's main thread busy enough to slow the sandboxes it was recording
 * (two cores). The result is always what correlate() returns for the same input: the unit tests
 * check that on random record streams. Whatever this does not follow step by step (held sends,
 * MessagePort messages, records replaced or cut by the event cap) is handled by starting over.
 */
import { pairOfReceipt } from "./event-cap";
import { CLOCK_SLACK_MS, correlate, couldProduce, receiptEntry, sendEntry, type CorrelateInput, type TimelineEntry } from "./correlate";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";

const NO_DOCUMENTS: readonly DocumentSpan[] = [];

/** What every pair writes its pairings into. */
interface Book {
  /** Send key -> its receipt. */
  paired: Map<string, ReceiptRecord>;
  pairedReceipts: Set<string>;
}

/**
 * One sender→target pair. Its sends and its receipts each come from one window, in the order that
 * window made them, so both lists only grow at the end; a receipt takes the oldest send still
 * free that could have produced it (pairSends' rule).
 */
class Pair {
  readonly sends: SendRecord[] = [];
  readonly taken: boolean[] = [];
  /**
   * Skips taken sends: nextFree[i] leads (through a chain, shortened as it is walked) to the first
   * send at or after i that is not taken, or to sends.length. Without it, one send that never gets
   * a receipt (blocked, lost) would make every later receipt walk past every taken send since.
   */
  private nextFree: number[] = [0];
  /**
   * The sends of each data shape, in order, with the first that may be free. A receipt can only
   * belong to a send of its own shape (but a messageerror, whose data is null), and under a flood
   * a receipt without a send (its send was cut by the event cap) would otherwise try them all.
   */
  private readonly byShape = new Map<string, { sends: number[]; head: number }>();
  private readonly placeInShape: number[] = [];
  readonly receipts: ReceiptRecord[] = [];
  /** For each receipt, the index of its send, or -1. */
  readonly match: number[] = [];
  private readonly receiptIndex = new Map<string, number>();

  constructor(private readonly book: Book) {}

  /** False when the new records are older than what this pair has seen: the caller starts over. */
  add(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[]): boolean {
    const lastSend = this.sends.at(-1);
    const lastReceipt = this.receipts.at(-1);
    if (sends[0] && lastSend && sends[0].time < lastSend.time) return false;
    if (receipts[0] && lastReceipt && receipts[0].time < lastReceipt.time) return false;
    if (sends.length > 0) {
      // A receipt left without a send may belong to one of the new sends; so may every receipt
      // after it, in turn. Undo the pairing from the first such receipt and do it again.
      const from = this.firstWaitingFor(sends);
      let undone = false;
      for (let j = from; j < this.receipts.length; j++) undone = this.unpair(j) || undone;
      for (const s of sends) {
        const i = this.sends.length;
        this.nextFree[i] = i;
        this.sends.push(s);
        this.taken.push(false);
        let same = this.byShape.get(s.shape);
        if (!same) this.byShape.set(s.shape, (same = { sends: [], head: 0 }));
        this.placeInShape[i] = same.sends.length;
        same.sends.push(i);
      }
      this.nextFree[this.sends.length] = this.sends.length;
      // Sends given back: chains may jump over them now, so they are laid again (cheap, and rare).
      if (undone) for (let i = 0; i < this.sends.length; i++) this.nextFree[i] = this.taken[i] ? i + 1 : i;
      for (let j = from; j < this.receipts.length; j++) this.pair(j);
    }
    for (const r of receipts) {
      this.receiptIndex.set(r.key, this.receipts.length);
      this.receipts.push(r);
      this.match.push(-1);
      this.pair(this.receipts.length - 1);
    }
    return true;
  }

  /** Puts a copy of a receipt (same key, listener results added) in place of the receipt. */
  replace(copy: ReceiptRecord): void {
    const j = this.receiptIndex.get(copy.key);
    if (j === undefined) return;
    this.receipts[j] = copy;
    const i = this.match[j] as number;
    if (i !== -1) this.book.paired.set((this.sends[i] as SendRecord).key, copy);
  }

  private firstWaitingFor(sends: readonly SendRecord[]): number {
    const earliest = (sends[0] as SendRecord).time - CLOCK_SLACK_MS;
    let from = this.receipts.length;
    for (let j = this.receipts.length - 1; j >= 0; j--) {
      const r = this.receipts[j] as ReceiptRecord;
      if (r.time < earliest) break;
      if (this.match[j] !== -1) continue;
      for (const s of sends) {
        if (s.time > r.time + CLOCK_SLACK_MS) break;
        if (couldProduce(s, r)) {
          from = j;
          break;
        }
      }
    }
    return from;
  }

  private unpair(j: number): boolean {
    const i = this.match[j] as number;
    if (i === -1) return false;
    this.match[j] = -1;
    this.taken[i] = false;
    const same = this.byShape.get((this.sends[i] as SendRecord).shape);
    if (same) same.head = Math.min(same.head, this.placeInShape[i] as number);
    this.book.paired.delete((this.sends[i] as SendRecord).key);
    this.book.pairedReceipts.delete((this.receipts[j] as ReceiptRecord).key);
    return true;
  }

  /** The first send at or after i that is not taken (or sends.length). */
  private free(i: number): number {
    const next = this.nextFree;
    let root = i;
    while (next[root] !== root) root = next[root] as number;
    while (i !== root) {
      const up = next[i] as number;
      next[i] = root;
      i = up;
    }
    return root;
  }

  private pair(j: number): void {
    const r = this.receipts[j] as ReceiptRecord;
    if (r.type === "messageerror") {
      for (let i = this.free(0); i < this.sends.length; i = this.free(i + 1)) {
        const s = this.sends[i] as SendRecord;
        if (s.time > r.time + CLOCK_SLACK_MS) return;
        if (couldProduce(s, r)) return this.take(i, j);
      }
      return;
    }
    const same = this.byShape.get(r.shape);
    if (!same) return;
    while (same.head < same.sends.length && this.taken[same.sends[same.head] as number]) same.head++;
    for (let k = same.head; k < same.sends.length; k++) {
      const i = same.sends[k] as number;
      if (this.taken[i]) continue;
      const s = this.sends[i] as SendRecord;
      if (s.time > r.time + CLOCK_SLACK_MS) return;
      if (couldProduce(s, r)) return this.take(i, j);
    }
  }

  private take(i: number, j: number): void {
    this.taken[i] = true;
    this.nextFree[i] = i + 1;
    this.match[j] = i;
    const r = this.receipts[j] as ReceiptRecord;
    this.book.paired.set((this.sends[i] as SendRecord).key, r);
    this.book.pairedReceipts.add(r.key);
  }
}

interface CachedEntry {
  record: SendRecord | ReceiptRecord;
  /** What else the entry was made from: the receipt and target documents of a send, the cap's cutoff of a receipt. */
  a: unknown;
  b: unknown;
  entry: TimelineEntry;
}

/** Everything pairing reads of a receipt (not its listener results). */
const sameForPairing = (a: ReceiptRecord, b: ReceiptRecord): boolean =>
  a.key === b.key &&
  a.time === b.time &&
  a.window === b.window &&
  a.source === b.source &&
  a.port === b.port &&
  a.type === b.type &&
  a.shape === b.shape &&
  a.origin === b.origin &&
  a.eventOrigin === b.eventOrigin;

const pairKey = (from: string, to: string) => `${from}\u0000${to}`;
const samePrefix = <T>(next: readonly T[], prev: readonly T[]): boolean => {
  if (next.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) if (next[i] !== prev[i]) return false;
  return true;
};

export class Correlator {
  private seen: { sends: readonly SendRecord[]; receipts: readonly ReceiptRecord[] } = { sends: [], receipts: [] };
  private pairs = new Map<string, Pair>();
  private book: Book = { paired: new Map(), pairedReceipts: new Set() };
  /** Entries by record key, reused while their record, receipt and documents stay the same. */
  private cache = new Map<string, CachedEntry>();

  /** False once a held send or a port message is among the records: then correlate() does it all. */
  private followable = true;

  update(input: CorrelateInput): TimelineEntry[] {
    const appended = samePrefix(input.sends, this.seen.sends) && this.followReplacedReceipts(input.receipts);
    const newSends = appended ? input.sends.slice(this.seen.sends.length) : input.sends;
    const newReceipts = appended ? input.receipts.slice(this.seen.receipts.length) : input.receipts;
    // A new run, a send released or dropped, the event cap: start over.
    let fresh = !appended;
    if (fresh) {
      this.forgetPairs();
      this.followable = true;
    }
    this.seen = { sends: input.sends, receipts: input.receipts };
    if (this.followable && (newSends.some((s) => s.held === true || s.port !== undefined) || newReceipts.some((r) => r.port !== undefined))) {
      this.followable = false;
    }
    if (!this.followable) return correlate(input);
    if (!this.addToPairs(newSends, newReceipts)) {
      // Records older than some the pair has seen (not expected: each window reports in order).
      this.forgetPairs();
      this.addToPairs(input.sends, input.receipts);
      fresh = true;
    }
    return this.entries(input, fresh);
  }

  private forgetPairs(): void {
    this.pairs = new Map();
    this.book = { paired: new Map(), pairedReceipts: new Set() };
  }

  /**
   * Whether `next` is the receipts seen so far plus new ones, where a receipt may have been replaced
   * by a copy that only adds its listener results (they come in a report of their own, often after
   * the receipt was stored): those copies take the old ones' places, and nothing is paired again.
   */
  private followReplacedReceipts(next: readonly ReceiptRecord[]): boolean {
    const prev = this.seen.receipts;
    if (next.length < prev.length) return false;
    const replaced: ReceiptRecord[] = [];
    for (let i = 0; i < prev.length; i++) {
      const a = prev[i] as ReceiptRecord;
      const b = next[i] as ReceiptRecord;
      if (a === b) continue;
      if (!sameForPairing(a, b)) return false;
      replaced.push(b);
    }
    for (const r of replaced) {
      if (r.source === null) continue;
      this.pairs.get(pairKey(r.source, r.window))?.replace(r);
    }
    return true;
  }

  private addToPairs(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[]): boolean {
    const bySends = new Map<string, SendRecord[]>();
    const byReceipts = new Map<string, ReceiptRecord[]>();
    for (const s of sends) {
      if (s.error || s.target === null) continue;
      const k = pairKey(s.window, s.target);
      const list = bySends.get(k);
      if (list) list.push(s);
      else bySends.set(k, [s]);
    }
    for (const r of receipts) {
      if (r.source === null) continue;
      const k = pairKey(r.source, r.window);
      const list = byReceipts.get(k);
      if (list) list.push(r);
      else byReceipts.set(k, [r]);
    }
    for (const k of new Set([...bySends.keys(), ...byReceipts.keys()])) {
      let pair = this.pairs.get(k);
      if (!pair) this.pairs.set(k, (pair = new Pair(this.book)));
      const s = (bySends.get(k) ?? []).sort((a, b) => a.time - b.time);
      const r = (byReceipts.get(k) ?? []).sort((a, b) => a.time - b.time);
      if (!pair.add(s, r)) return false;
    }
    return true;
  }

  /**
   * Every entry, sorted by time. Only new records and those whose receipt or target documents
   * changed get a new entry; after a fresh start the old entries are still used where they fit.
   */
  private entries(input: CorrelateInput, fresh: boolean): TimelineEntry[] {
    const old = this.cache;
    const cache = fresh ? new Map<string, CachedEntry>() : old;
    const out: TimelineEntry[] = [];
    for (const send of input.sends) {
      const receipt = this.book.paired.get(send.key);
      const docs = send.target === null ? NO_DOCUMENTS : (input.documents[send.target] ?? NO_DOCUMENTS);
      const hit = old.get(send.key);
      if (hit && hit.record === send && hit.a === receipt && hit.b === docs) {
        if (fresh) cache.set(send.key, hit);
        out.push(hit.entry);
      } else {
        const entry = sendEntry(send, receipt, docs);
        cache.set(send.key, { record: send, a: receipt, b: docs, entry });
        out.push(entry);
      }
    }
    for (const receipt of input.receipts) {
      if (this.book.pairedReceipts.has(receipt.key)) continue;
      const cutoff = input.droppedBefore?.[pairOfReceipt(receipt)];
      const hit = old.get(receipt.key);
      if (hit && hit.record === receipt && hit.a === cutoff) {
        if (fresh) cache.set(receipt.key, hit);
        out.push(hit.entry);
      } else {
        const entry = receiptEntry(receipt, cutoff);
        cache.set(receipt.key, { record: receipt, a: cutoff, b: undefined, entry });
        out.push(entry);
      }
    }
    this.cache = cache;
    return out.sort((a, b) => a.time - b.time);
  }
}
