/**
 * The event cap: what a flood may keep in memory. When the records pass the cap, the oldest
 * records of the busiest sender→target pair go first (then of the next busiest, if that is not
 * enough), so a flood evicts its own history and not the rest of the run. Within a pair the cut
 * is by time: a kept send's receipt is later and so kept too, and a kept receipt whose send was
 * cut is recognised by its pair's cutoff (correlate.ts says so instead of guessing).
 */
import type { ReceiptRecord, SendRecord } from "./records";
import { own } from "../own";
import { pairKey } from "../../sandboxes/protocol";

/** Port messages are cut together, by time: their pairs are ports, not windows. */
const PORTS = "ports";

export const pairOfSend = (s: SendRecord): string => (s.port !== undefined ? PORTS : pairKey(s.window, s.target ?? "?"));
export const pairOfReceipt = (r: ReceiptRecord): string => (r.port !== undefined ? PORTS : pairKey(r.source ?? "?", r.window));

export interface Trimmed {
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  dropped: number;
  /** Pair -> records older than this were dropped. */
  droppedBefore: Record<string, number>;
}

/** null while under the cap; otherwise the records cut down to 90% of it (one cut per many batches). */
export function trimToCap(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], cap: number, droppedBefore: Readonly<Record<string, number>>): Trimmed | null {
  const total = sends.length + receipts.length;
  if (total <= cap) return null;
  let excess = total - Math.floor(cap * 0.9);
  const times = new Map<string, number[]>();
  const add = (key: string, time: number) => {
    const list = times.get(key);
    if (list) list.push(time);
    else times.set(key, [time]);
  };
  for (const s of sends) add(pairOfSend(s), s.time);
  for (const r of receipts) add(pairOfReceipt(r), r.time);

  const cutoffs: Record<string, number> = { ...droppedBefore };
  for (const [key, list] of [...times].sort((a, b) => b[1].length - a[1].length)) {
    if (excess <= 0) break;
    // A typed array sorts numbers natively: a flood's pair holds most of the cap, and sorting it
    // with a comparator took tens of milliseconds, once every cut.
    const sorted = Float64Array.from(list).sort();
    const n = Math.min(excess, sorted.length);
    // Past every record that shares the n-th one's time: times are coarse (0.1 ms), a burst shares
    // them, and falling short here would spill the rest of the cut onto a quiet pair.
    const last = sorted[n - 1] as number;
    let next = n;
    while (next < sorted.length && sorted[next] === last) next++;
    const cutoff = next < sorted.length ? (sorted[next] as number) : last + 1e-3;
    // Sorted: the records before `next` are those older than the cutoff.
    excess -= next;
    cutoffs[key] = Math.max(own(cutoffs, key) ?? -Infinity, cutoff);
  }
  return keptAfter(sends, receipts, cutoffs, () => true);
}

/** The records at or after their pair's cutoff, for the pairs `cut` names; what else went, counted. */
function keptAfter(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], cutoffs: Record<string, number>, cut: (pair: string) => boolean): Trimmed {
  const keep = (key: string, time: number) => !cut(key) || time >= (own(cutoffs, key) ?? -Infinity);
  const keptSends = sends.filter((s) => keep(pairOfSend(s), s.time));
  const keptReceipts = receipts.filter((r) => keep(pairOfReceipt(r), r.time));
  return { sends: keptSends, receipts: keptReceipts, dropped: sends.length + receipts.length - keptSends.length - keptReceipts.length, droppedBefore: cutoffs };
}

/** Events the host counted as dropped by the event cap without reading them (src/host/ingest/inbox.ts). */
export interface Skipped {
  count: number;
  /** The time of the last of them: the pair's older events go too. */
  before: number;
}

/**
 * Events counted as dropped before they were read (src/host/ingest/inbox.ts): the count goes to
 * the dropped figure, and each pair's cutoff moves up to the last of them, so that the pair's
 * records older than that go too (the cap keeps a pair's newest events) and a kept receipt whose
 * send was among them says so. Records of other pairs, and a pair's newer ones, stay.
 */
export function dropSkipped(
  sends: readonly SendRecord[],
  receipts: readonly ReceiptRecord[],
  skipped: ReadonlyMap<string, Skipped>,
  droppedBefore: Readonly<Record<string, number>>,
): Trimmed {
  const cutoffs: Record<string, number> = { ...droppedBefore };
  let unread = 0;
  for (const [pair, { count, before }] of skipped) {
    unread += count;
    cutoffs[pair] = Math.max(own(cutoffs, pair) ?? -Infinity, before);
  }
  const kept = keptAfter(sends, receipts, cutoffs, (pair) => skipped.has(pair));
  kept.dropped += unread;
  return kept;
}
