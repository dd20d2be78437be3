/**
 * The one pairing engine: pairs each window-to-window send with the receipt it caused. Messages
 * between one sender and one target arrive in order (FIFO per pair), so a receipt belongs to the
 * oldest send still free from its source to its window that could have produced it, in the
 * document it could have reached. Records are added as they arrive; correlate() adds them all to
 * a fresh engine at once, the Correlator keeps one across updates, so both pair by this code.
 */
import { CLOCK_SLACK_MS } from "./classify";
import { HOST_ENGINE } from "../engines/host-engine";
import type { Engine } from "../engines/engine";
import { Pair, type Book } from "./pair";
import { isFirstPage, reachableFrom, type InitialReach } from "./reach";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";
import { own } from "../own";
import { pairKey } from "../../sandboxes/protocol";

export { CLOCK_SLACK_MS };

/** The pair a send is paired within; null for one that joins none (it threw, its target is unknown or gone, or it went through a port). */
export const pairKeyOfSend = (s: SendRecord): string | null =>
  s.error || s.targetGone || s.target === null || s.port !== undefined ? null : pairKey(s.window, s.target);
export const pairKeyOfReceipt = (r: ReceiptRecord): string | null => (r.source === null || r.port !== undefined ? null : pairKey(r.source, r.window));

function pushTo<T>(lists: Map<string, T[]>, k: string, x: T): void {
  const list = lists.get(k);
  if (list) list.push(x);
  else lists.set(k, [x]);
}

/** How far a send made to a target's initial about:blank may reach, by engine (reach.ts). */
export const initialReachOf = (engine: Engine): InitialReach => (engine === "firefox" ? "first page" : "none");

/** Every sender→target pair of a run, fed records as they arrive. */
export class Pairing {
  private readonly pairs = new Map<string, Pair>();
  readonly book: Book = { paired: new Map(), pairedReceipts: new Set() };
  /** reachableFrom per document: a document's start and the one before it never change. */
  private readonly floors = new Map<string, number>();
  private readonly firsts = new Map<string, boolean>();

  /** `initial`: as the engine that ran the run treats such sends (this page's engine, unless said otherwise). */
  constructor(private readonly initial: InitialReach = initialReachOf(HOST_ENGINE)) {}

  /** Send key -> its receipt. */
  get paired(): ReadonlyMap<string, ReceiptRecord> {
    return this.book.paired;
  }

  /**
   * Adds records made after those added so far (in any order among themselves); false when some
   * are older than what their pair has seen (the caller starts over with a fresh engine).
   */
  add(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], documents: Readonly<Record<string, readonly DocumentSpan[]>>): boolean {
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
      if (!pair) this.pairs.set(k, (pair = new Pair(this.book, this.initial)));
      const s = (bySends.get(k) ?? []).sort((a, b) => a.time - b.time);
      const r = (byReceipts.get(k) ?? []).sort((a, b) => a.time - b.time);
      if (!pair.add(s, r, r.map((x) => this.floorOf(x, documents)), r.map((x) => this.firstOf(x, documents)))) return false;
    }
    return true;
  }

  private floorOf(r: ReceiptRecord, documents: Readonly<Record<string, readonly DocumentSpan[]>>): number {
    const known = this.floors.get(r.doc);
    if (known !== undefined) return known;
    const floor = reachableFrom(own(documents, r.window), r.doc);
    // Not kept while the document is unknown: it may be reported later.
    if (floor !== -Infinity) this.floors.set(r.doc, floor);
    return floor;
  }

  private firstOf(r: ReceiptRecord, documents: Readonly<Record<string, readonly DocumentSpan[]>>): boolean {
    const known = this.firsts.get(r.doc);
    if (known !== undefined) return known;
    const docs = own(documents, r.window);
    const first = isFirstPage(docs, r.doc);
    // Kept once the document is known: a document reported later cannot come before it.
    if (docs?.some((d) => d.id === r.doc)) this.firsts.set(r.doc, first);
    return first;
  }

  pair(key: string): Pair | undefined {
    return this.pairs.get(key);
  }

  forget(key: string): void {
    this.pairs.delete(key);
  }

  /** Puts a copy of a receipt (same key, listener results added) in place of the receipt. */
  replace(copy: ReceiptRecord): void {
    const k = pairKeyOfReceipt(copy);
    if (k !== null) this.pairs.get(k)?.replace(copy);
  }
}

/** Pairs a whole run at once: every record fed to a fresh engine. Send key -> its receipt. */
export function pairAll(
  sends: readonly SendRecord[],
  receipts: readonly ReceiptRecord[],
  documents: Readonly<Record<string, readonly DocumentSpan[]>> = {},
  initial?: InitialReach,
): ReadonlyMap<string, ReceiptRecord> {
  const engine = new Pairing(initial);
  engine.add(sends, receipts, documents);
  return engine.paired;
}
