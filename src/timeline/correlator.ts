/**
 * The timeline kept up to date as records arrive, without redoing the work for what it has
 * already seen. A flood brings thousands of records a second, and pairing all of them again on
 * every redraw kept the host's main thread busy enough to slow the sandboxes it was recording
 * (two cores). It keeps one pairing engine (pairing.ts) and feeds it the new records; it follows
 * records added at the end, receipts replaced by copies with their listener results, and the
 * event cap's cuts; anything else starts over with a fresh engine, and held sends and MessagePort
 * messages are left to correlate() itself.
 */
import { pairOfReceipt, pairOfSend } from "./event-cap";
import { correlate, overtakenRule, receiptEntry, sendEntry, type CorrelateInput, type TimelineEntry } from "./correlate";
import { Pairing, pairKeyOfReceipt, pairKeyOfSend } from "./pairing";
import type { InitialReach } from "./reach";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";
import { own } from "../own";

const NO_DOCUMENTS: readonly DocumentSpan[] = [];

interface CachedEntry {
  record: SendRecord | ReceiptRecord;
  /** What else the entry was made from: the receipt and target documents of a send, the cap's cutoff of a receipt. */
  a: unknown;
  b: unknown;
  /** A send's overtaken fact (correlate.ts). */
  c?: boolean;
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
  private engine: Pairing;

  /** `initial`: as the engine that ran the run treats a send to an initial about:blank (pairing.ts); this page's engine unless said. */
  constructor(private readonly initial?: InitialReach) {
    this.engine = new Pairing(initial);
  }
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
    if (!this.followable) return correlate(input, this.initial);
    if (!this.engine.add(newSends, newReceipts, input.documents)) {
      // Records older than some the pair has seen (not expected: each window reports in order).
      this.forgetPairs();
      this.engine.add(input.sends, input.receipts, input.documents);
      fresh = true;
    }
    return this.entries(input, fresh);
  }

  private forgetPairs(): void {
    this.starts++;
    this.engine = new Pairing(this.initial);
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
    for (const r of copies) this.engine.replace(r);
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
      const pair = this.engine.pair(k);
      const sends = cutSends.get(k) ?? [];
      const receipts = cutReceipts.get(k) ?? [];
      // What was cut must be the pair's oldest records: the cap cuts a pair by time.
      if (!pair || sends.some((s, i) => pair.sendAt(i) !== s) || receipts.some((r, i) => pair.receiptAt(i)?.key !== r.key)) return false;
      if (!pair.cut(sends.length, receipts.length)) return false;
      if (pair.size === 0) this.engine.forget(k);
    }
    for (const list of [...cutSends.values(), ...cutReceipts.values()]) for (const x of list) this.cache.delete(x.key);
    this.replaceReceipts(replaced);
    // The new records are appended as usual; `seen` is what they follow.
    this.seen = { sends: input.sends.slice(0, newSends), receipts: input.receipts.slice(0, newReceipts), droppedBefore: cutoffs };
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
    const paired = this.engine.book.paired;
    const isOvertaken = overtakenRule(input.sends, (s) => paired.get(s.key));
    for (const send of input.sends) {
      const receipt = paired.get(send.key);
      const overtaken = isOvertaken(send, receipt);
      const docs = send.target === null ? NO_DOCUMENTS : (own(input.documents, send.target) ?? NO_DOCUMENTS);
      const hit = old.get(send.key);
      if (hit && hit.record === send && hit.a === receipt && hit.b === docs && hit.c === overtaken) {
        if (fresh) cache.set(send.key, hit);
        out.push(hit.entry);
      } else {
        const entry = sendEntry(send, receipt, docs, overtaken);
        cache.set(send.key, { record: send, a: receipt, b: docs, c: overtaken, entry });
        out.push(entry);
      }
    }
    for (const receipt of input.receipts) {
      if (this.engine.book.pairedReceipts.has(receipt.key)) continue;
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
