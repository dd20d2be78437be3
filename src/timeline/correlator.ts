/**
 * correlate() run again and again as records arrive, without redoing the work for what it has
 * already seen. A flood brings thousands of records a second, and pairing all of them again on
 * every redraw kept the host's main thread busy enough to slow the sandboxes it was recording
 * (two cores). The result is always what correlate() returns for the same input: the unit tests
 * check that on random record streams. It follows records added at the end, receipts replaced by
 * copies with their listener results, and the event cap's cuts; anything else starts over, and
 * held sends and MessagePort messages are left to correlate() itself.
 */
import { pairOfReceipt, pairOfSend } from "./event-cap";
import { CLOCK_SLACK_MS, correlate, couldProduce, receiptEntry, sendEntry, type CorrelateInput, type TimelineEntry } from "./correlate";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";
import { own } from "../own";

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
  private readonly sends: SendRecord[] = [];
  private readonly taken: boolean[] = [];
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
   * A shape with one send so far is just that send's index: a flood of distinct values makes
   * thousands of them.
   */
  private readonly byShape = new Map<string, number | { sends: number[]; head: number }>();
  private placeInShape: number[] = [];
  /** Sends and receipts before these indexes were cut by the event cap. */
  private sendBase = 0;
  private receiptBase = 0;
  private readonly receipts: ReceiptRecord[] = [];
  /** For each receipt, the index of its send, or -1. */
  private readonly match: number[] = [];
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
      for (const s of sends) this.place(s, this.sends.length, false);
      this.nextFree[this.sends.length] = this.sends.length;
      this.pairAgainFrom(from);
    }
    for (const r of receipts) {
      this.receiptIndex.set(r.key, this.receipts.length);
      this.receipts.push(r);
      this.match.push(-1);
      this.pair(this.receipts.length - 1);
    }
    return true;
  }

  /**
   * The event cap cut this pair's oldest `sends` sends and `receipts` receipts. correlate() would
   * pair the rest as they were paired, except that a kept receipt whose send was cut is free again
   * and may take another send (which another receipt may then miss, and so on): those receipts are
   * paired again. False when a cut receipt had a kept send (only clock skew does that): the
   * caller starts over.
   * Cut records only move the pair's bases (cut sends count as taken, so nothing pairs with them);
   * they leave the arrays when they are half of them, so a cut costs what it cut, not what it kept.
   */
  cut(sends: number, receipts: number): boolean {
    const s0 = this.sendBase;
    const r0 = this.receiptBase;
    const s1 = s0 + sends;
    const r1 = r0 + receipts;
    for (let j = r0; j < r1; j++) if ((this.match[j] as number) >= s1) return false;
    for (let i = s0; i < s1; i++) {
      if (this.taken[i]) this.book.paired.delete((this.sends[i] as SendRecord).key);
      this.taken[i] = true;
      this.nextFree[i] = i + 1;
    }
    for (let j = r0; j < r1; j++) {
      const r = this.receipts[j] as ReceiptRecord;
      if (this.match[j] !== -1) this.book.pairedReceipts.delete(r.key);
      this.receiptIndex.delete(r.key);
    }
    this.sendBase = s1;
    this.receiptBase = r1;
    let from = -1;
    for (let j = r1; j < this.receipts.length; j++) {
      const i = this.match[j] as number;
      if (i === -1 || i >= s1) continue;
      // A receipt that lost its send; if it could take a kept one, pair again from there.
      const r = this.receipts[j] as ReceiptRecord;
      this.match[j] = -1;
      this.book.pairedReceipts.delete(r.key);
      if (from === -1 && this.hasCandidate(r)) from = j;
    }
    if (from !== -1) this.pairAgainFrom(from);
    if (2 * s1 > this.sends.length || 2 * r1 > this.receipts.length) this.compact();
    return true;
  }

  /** The i-th send (j-th receipt) the cap has not cut. */
  sendAt(i: number): SendRecord | undefined {
    return this.sends[this.sendBase + i];
  }
  receiptAt(j: number): ReceiptRecord | undefined {
    return this.receipts[this.receiptBase + j];
  }

  /** Drops the cut records from the arrays, and numbers the rest from 0 again. */
  private compact(): void {
    const sends = this.sendBase;
    const receipts = this.receiptBase;
    const keptSends = this.sends.splice(0, this.sends.length).slice(sends);
    const keptTaken = this.taken.splice(0, this.taken.length).slice(sends);
    const keptReceipts = this.receipts.splice(0, this.receipts.length).slice(receipts);
    const keptMatch = this.match.splice(0, this.match.length).slice(receipts);
    this.byShape.clear();
    this.receiptIndex.clear();
    this.nextFree = [];
    this.placeInShape = [];
    this.sendBase = 0;
    this.receiptBase = 0;
    keptSends.forEach((s, i) => this.place(s, i, keptTaken[i] === true));
    this.nextFree[keptSends.length] = keptSends.length;
    keptReceipts.forEach((r, j) => {
      const i = keptMatch[j] as number;
      this.receiptIndex.set(r.key, j);
      this.receipts.push(r);
      this.match.push(i === -1 ? -1 : i - sends);
    });
  }

  /** Whether any send of this pair could have produced `r`, taken or not. */
  private hasCandidate(r: ReceiptRecord): boolean {
    // A messageerror's shape says nothing of its send: any send of the pair may be it.
    const same = r.type === "messageerror" ? undefined : this.byShape.get(r.shape);
    const indexes = r.type === "messageerror" ? this.sends.keys() : same === undefined ? [] : typeof same === "number" ? [same] : same.sends;
    for (const i of indexes) {
      if (i < this.sendBase) continue;
      const s = this.sends[i] as SendRecord;
      if (s.time > r.time + CLOCK_SLACK_MS) return false;
      if (couldProduce(s, r)) return true;
    }
    return false;
  }

  /** Undoes the pairings of receipt `from` and every later one, and pairs them again. */
  private pairAgainFrom(from: number): void {
    let undone = false;
    for (let j = from; j < this.receipts.length; j++) undone = this.unpair(j) || undone;
    // Sends given back: chains may jump over them now, so they are laid again (cheap, and rare).
    if (undone) for (let i = 0; i < this.sends.length; i++) this.nextFree[i] = this.taken[i] ? i + 1 : i;
    for (let j = from; j < this.receipts.length; j++) this.pair(j);
  }

  get size(): number {
    return this.sends.length - this.sendBase + this.receipts.length - this.receiptBase;
  }

  /** Appends send `s` at index i of this pair's sends. */
  private place(s: SendRecord, i: number, taken: boolean): void {
    this.nextFree[i] = taken ? i + 1 : i;
    this.sends.push(s);
    this.taken.push(taken);
    const same = this.byShape.get(s.shape);
    if (same === undefined) {
      this.byShape.set(s.shape, i);
      this.placeInShape[i] = 0;
    } else if (typeof same === "number") {
      this.byShape.set(s.shape, { sends: [same, i], head: 0 });
      this.placeInShape[i] = 1;
    } else {
      this.placeInShape[i] = same.sends.length;
      same.sends.push(i);
    }
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
    for (let j = this.receipts.length - 1; j >= this.receiptBase; j--) {
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
    if (typeof same === "object") same.head = Math.min(same.head, this.placeInShape[i] as number);
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
      for (let i = this.free(this.sendBase); i < this.sends.length; i = this.free(i + 1)) {
        const s = this.sends[i] as SendRecord;
        if (s.time > r.time + CLOCK_SLACK_MS) return;
        if (couldProduce(s, r)) return this.take(i, j);
      }
      return;
    }
    const same = this.byShape.get(r.shape);
    if (same === undefined) return;
    if (typeof same === "number") {
      const s = this.sends[same] as SendRecord;
      if (!this.taken[same] && s.time <= r.time + CLOCK_SLACK_MS && couldProduce(s, r)) this.take(same, j);
      return;
    }
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
/** The pair a send is paired within; null for one that joins none (it threw, or its target is unknown). */
const pairKeyOfSend = (s: SendRecord): string | null => (s.error || s.target === null ? null : pairKey(s.window, s.target));
const pairKeyOfReceipt = (r: ReceiptRecord): string | null => (r.source === null ? null : pairKey(r.source, r.window));
function pushTo<T>(lists: Map<string, T[]>, k: string, x: T): void {
  const list = lists.get(k);
  if (list) list.push(x);
  else lists.set(k, [x]);
}
const samePrefix = <T>(next: readonly T[], prev: readonly T[]): boolean => {
  if (next.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) if (next[i] !== prev[i]) return false;
  return true;
};

export class Correlator {
  private seen: { sends: readonly SendRecord[]; receipts: readonly ReceiptRecord[]; droppedBefore?: CorrelateInput["droppedBefore"] } = {
    sends: [],
    receipts: [],
  };
  private pairs = new Map<string, Pair>();
  private book: Book = { paired: new Map(), pairedReceipts: new Set() };
  /** Entries by record key, reused while their record, receipt and documents stay the same. */
  private cache = new Map<string, CachedEntry>();

  /** How many times pairing started over from nothing (a new run, a send released, a cut it could not follow). */
  starts = 0;

  /** False once a held send or a port message is among the records: then correlate() does it all. */
  private followable = true;

  update(input: CorrelateInput): TimelineEntry[] {
    const appended =
      (samePrefix(input.sends, this.seen.sends) && this.followReplacedReceipts(input.receipts)) || (this.followable && this.followCut(input));
    const newSends = appended ? input.sends.slice(this.seen.sends.length) : input.sends;
    const newReceipts = appended ? input.receipts.slice(this.seen.receipts.length) : input.receipts;
    // A new run, a send released or dropped, a cut it could not follow: start over.
    let fresh = !appended;
    if (fresh) {
      this.forgetPairs();
      this.followable = true;
    }
    this.seen = { sends: input.sends, receipts: input.receipts, droppedBefore: input.droppedBefore };
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
    this.starts++;
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
    this.replaceReceipts(replaced);
    return true;
  }

  private replaceReceipts(copies: readonly ReceiptRecord[]): void {
    for (const r of copies) {
      const k = pairKeyOfReceipt(r);
      if (k !== null) this.pairs.get(k)?.replace(r);
    }
  }

  /**
   * Whether `input` is what was seen, less what the event cap cut since (each pair's records older
   * than its new cutoff), plus new records at the end; if so, the pairs drop what was cut. Under a
   * flood the cap cuts every few thousand records, and pairing the rest again each time was the
   * longest work on the page.
   */
  private followCut(input: CorrelateInput): boolean {
    const cutoffs = input.droppedBefore;
    if (!cutoffs || cutoffs === this.seen.droppedBefore) return false;
    const isCut = (pair: string, time: number) => time < (own(cutoffs, pair) ?? -Infinity);
    // Per pair; under "" those in no pair, whose entries go all the same.
    const cutSends = new Map<string, SendRecord[]>();
    const cutReceipts = new Map<string, ReceiptRecord[]>();
    // Walk the old records against the new: each old one is kept (the same, in order) or cut.
    const prevSends = this.seen.sends;
    let j = 0;
    for (const s of prevSends) {
      if (input.sends[j] === s) j++;
      else if (isCut(pairOfSend(s), s.time)) pushTo(cutSends, pairKeyOfSend(s) ?? "", s);
      else return false;
    }
    const newSends = j;
    const replaced: ReceiptRecord[] = [];
    j = 0;
    for (const r of this.seen.receipts) {
      const next = input.receipts[j];
      if (next === r) j++;
      else if (next !== undefined && next.key === r.key && sameForPairing(r, next)) {
        replaced.push(next);
        j++;
      } else if (isCut(pairOfReceipt(r), r.time)) pushTo(cutReceipts, pairKeyOfReceipt(r) ?? "", r);
      else return false;
    }
    const newReceipts = j;
    for (const k of new Set([...cutSends.keys(), ...cutReceipts.keys()])) {
      if (k === "") continue;
      const pair = this.pairs.get(k);
      const sends = cutSends.get(k) ?? [];
      const receipts = cutReceipts.get(k) ?? [];
      // What was cut must be the pair's oldest records: the cap cuts a pair by time.
      if (!pair || sends.some((s, i) => pair.sendAt(i) !== s) || receipts.some((r, i) => pair.receiptAt(i)?.key !== r.key)) return false;
      if (!pair.cut(sends.length, receipts.length)) return false;
      if (pair.size === 0) this.pairs.delete(k);
    }
    for (const list of [...cutSends.values(), ...cutReceipts.values()]) for (const x of list) this.cache.delete(x.key);
    this.replaceReceipts(replaced);
    // The new records are appended as usual; `seen` is what they follow.
    this.seen = { sends: input.sends.slice(0, newSends), receipts: input.receipts.slice(0, newReceipts), droppedBefore: cutoffs };
    return true;
  }

  private addToPairs(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[]): boolean {
    const bySends = new Map<string, SendRecord[]>();
    const byReceipts = new Map<string, ReceiptRecord[]>();
    for (const s of sends) {
      const k = pairKeyOfSend(s);
      if (k !== null) pushTo(bySends, k, s);
    }
    for (const r of receipts) {
      const k = pairKeyOfReceipt(r);
      if (k !== null) pushTo(byReceipts, k, r);
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
      const docs = send.target === null ? NO_DOCUMENTS : (own(input.documents, send.target) ?? NO_DOCUMENTS);
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
