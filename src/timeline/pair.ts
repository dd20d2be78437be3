/**
 * One sender→target pair of the pairing engine (pairing.ts): a receipt belongs to the oldest send
 * still free from its source to its window that could have produced it (reach.ts), in the
 * document it could have reached.
 */
import { CLOCK_SLACK_MS } from "./classify";
import { couldProduce, type InitialReach } from "./reach";
import type { ReceiptRecord, SendRecord } from "./records";

/** pair()'s mark for a receipt that took its send (no send index is negative). */
const TAKEN = -2;

/** What every pair writes its pairings into. */
export interface Book {
  /** Send key -> its receipt. */
  paired: Map<string, ReceiptRecord>;
  pairedReceipts: Set<string>;
}

/**
 * One sender→target pair. Its sends and its receipts each come from one window, in the order that
 * window made them, so both lists only grow at the end; a receipt takes the oldest send still
 * free that could have produced it (pairSends' rule).
 */
export class Pair {
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
  /** For each receipt, the earliest a send could have been made to reach its document (reachableFrom). */
  private readonly floors: number[] = [];
  /** For each receipt, whether its document is its window's first page (isFirstPage). */
  private readonly firsts: boolean[] = [];
  /** For each receipt, the index of its send, or -1. */
  private readonly match: number[] = [];
  private readonly receiptIndex = new Map<string, number>();

  constructor(
    private readonly book: Book,
    private readonly initial: InitialReach = "none",
  ) {}

  /** False when the new records are older than what this pair has seen: the caller starts over. */
  add(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], floors: readonly number[], firsts: readonly boolean[] = []): boolean {
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
    receipts.forEach((r, k) => {
      this.receiptIndex.set(r.key, this.receipts.length);
      this.receipts.push(r);
      // A window's receipts come in order, so none is from a document older than the one before.
      this.floors.push(Math.max(floors[k] ?? -Infinity, this.floors.at(-1) ?? -Infinity));
      this.firsts.push(firsts[k] === true);
      this.match.push(-1);
      this.pair(this.receipts.length - 1);
    });
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
      if (from === -1 && this.hasCandidate(r, j)) from = j;
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
    const keptFloors = this.floors.splice(0, this.floors.length).slice(receipts);
    const keptFirsts = this.firsts.splice(0, this.firsts.length).slice(receipts);
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
      this.floors.push(keptFloors[j] as number);
      this.firsts.push(keptFirsts[j] === true);
      this.match.push(i === -1 ? -1 : i - sends);
    });
  }

  /** Whether send `s` could have produced receipt `j`. */
  private could(s: SendRecord, j: number): boolean {
    return couldProduce(s, this.receipts[j] as ReceiptRecord, this.floors[j], this.initial, this.firsts[j]);
  }

  /** Whether any send of this pair could have produced receipt `j`, taken or not. */
  private hasCandidate(r: ReceiptRecord, j: number): boolean {
    // A messageerror's shape says nothing of its send: any send of the pair may be it.
    const same = r.type === "messageerror" ? undefined : this.byShape.get(r.shape);
    const indexes = r.type === "messageerror" ? this.sends.keys() : same === undefined ? [] : typeof same === "number" ? [same] : same.sends;
    for (const i of indexes) {
      if (i < this.sendBase) continue;
      const s = this.sends[i] as SendRecord;
      if (s.time > r.time + CLOCK_SLACK_MS) return false;
      if (this.could(s, j)) return true;
    }
    return false;
  }

  /** Undoes the pairings of receipt `from` and every later one, and pairs them again. */
  private pairAgainFrom(from: number): void {
    let undone = false;
    for (let j = from; j < this.receipts.length; j++) undone = this.unpair(j) || undone;
    // Sends given back: chains may jump over them now, so they are laid again (cheap, and rare).
    if (undone) for (let i = 0; i < this.sends.length; i++) this.nextFree[i] = this.taken[i] ? i + 1 : i;
    // A head may have passed free sends too early for a later receipt's document, which an
    // earlier receipt paired again now may still take.
    for (const same of this.byShape.values()) if (typeof same === "object") same.head = 0;
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

  /**
   * The first receipt that one of the new sends may take: one without a send, or one a send to
   * the initial about:blank took only for want of another (pair()), which a new send made after
   * the page was there takes first.
   */
  private firstWaitingFor(sends: readonly SendRecord[]): number {
    const earliest = (sends[0] as SendRecord).time - CLOCK_SLACK_MS;
    let from = this.receipts.length;
    for (let j = this.receipts.length - 1; j >= this.receiptBase; j--) {
      const r = this.receipts[j] as ReceiptRecord;
      if (r.time < earliest) break;
      const i = this.match[j] as number;
      const fallback = i !== -1 && (this.sends[i] as SendRecord).toInitial === true;
      if (i !== -1 && !fallback) continue;
      for (const s of sends) {
        if (s.time > r.time + CLOCK_SLACK_MS) break;
        if (fallback && s.toInitial === true) continue;
        if (couldProduce(s, r, this.floors[j], this.initial, this.firsts[j])) {
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

  /**
   * A receipt takes the oldest free send that could have produced it; a send made to the initial
   * about:blank only when no other send could: a handshake is often sent again once the page says
   * it is ready, and the page's one receipt is then the resent message's.
   */
  private pair(j: number): void {
    const r = this.receipts[j] as ReceiptRecord;
    const floor = this.floors[j] as number;
    // The first send to the initial about:blank that could have produced r, taken if nothing else can.
    let fallback = -1;
    if (r.type === "messageerror") {
      for (let i = this.free(this.sendBase); i < this.sends.length; i = this.free(i + 1)) {
        if ((this.sends[i] as SendRecord).time > r.time + CLOCK_SLACK_MS) break;
        if ((fallback = this.consider(i, j, fallback)) === TAKEN) return;
      }
      if (fallback !== -1) this.take(fallback, j);
      return;
    }
    const same = this.byShape.get(r.shape);
    if (same === undefined) return;
    if (typeof same === "number") {
      const s = this.sends[same] as SendRecord;
      if (this.taken[same] || s.time > r.time + CLOCK_SLACK_MS) return;
      fallback = this.consider(same, j, fallback);
      if (fallback !== TAKEN && fallback !== -1) this.take(fallback, j);
      return;
    }
    // Receipts come in order and their documents' floors never go down: a send too early for
    // this one is too early for every later one, and is passed like a taken one. (A send to the
    // initial about:blank has no floor, but only a first page can take it, and a window's
    // receipts from its first page all come before any from a later one.)
    while (same.head < same.sends.length) {
      const i = same.sends[same.head] as number;
      const s = this.sends[i] as SendRecord;
      if (!this.taken[i] && (s.time + CLOCK_SLACK_MS >= floor || (s.toInitial === true && this.initial !== "none"))) break;
      same.head++;
    }
    for (let k = same.head; k < same.sends.length; k++) {
      const i = same.sends[k] as number;
      if (this.taken[i]) continue;
      if ((this.sends[i] as SendRecord).time > r.time + CLOCK_SLACK_MS) break;
      if ((fallback = this.consider(i, j, fallback)) === TAKEN) return;
    }
    if (fallback !== -1) this.take(fallback, j);
  }

  /**
   * Send i for receipt j: taken at once (TAKEN) if it could have produced it and was not sent to
   * the initial about:blank; otherwise the fallback so far, or i if it is the first such send that could.
   */
  private consider(i: number, j: number, fallback: number): number {
    const s = this.sends[i] as SendRecord;
    if (!this.could(s, j)) return fallback;
    if (s.toInitial !== true) {
      this.take(i, j);
      return TAKEN;
    }
    return fallback === -1 ? i : fallback;
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
