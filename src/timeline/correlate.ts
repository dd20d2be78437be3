/**
 * Pairs each send with the receipt it caused. Messages between one sender and one target arrive
 * in order (FIFO per pair), so a receipt belongs to the oldest unpaired send from its source to
 * its window that could have produced it. Reports from different windows arrive at the host in
 * any order; this function is pure and is simply run again over everything known so far.
 */
import { classifySend, expectedOrigin, type Classification } from "./classify";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "./records";

/** Clocks of different windows are one clock (timeOrigin + now), but allow for rounding. */
const CLOCK_SLACK_MS = 2;

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
}

export interface CorrelateInput {
  sends: readonly SendRecord[];
  receipts: readonly ReceiptRecord[];
  documents: Readonly<Record<string, readonly DocumentSpan[]>>;
}

function couldProduce(send: SendRecord, receipt: ReceiptRecord): boolean {
  if (send.error || send.target !== receipt.window || send.window !== receipt.source) return false;
  if (send.shape !== receipt.shape || send.origin !== receipt.eventOrigin) return false;
  if (send.time > receipt.time + CLOCK_SLACK_MS) return false;
  const expected = expectedOrigin(send.targetOrigin, send.origin);
  return expected === null || expected === receipt.origin;
}

export function pairSends(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[]): Map<string, ReceiptRecord> {
  const bySendKey = new Map<string, ReceiptRecord>();
  const queues = new Map<string, SendRecord[]>();
  const sorted = [...sends].sort((a, b) => a.time - b.time);
  for (const s of sorted) {
    if (s.error || s.target === null) continue;
    const pair = `${s.window}\u0000${s.target}`;
    let q = queues.get(pair);
    if (!q) queues.set(pair, (q = []));
    q.push(s);
  }
  for (const r of [...receipts].sort((a, b) => a.time - b.time)) {
    if (r.source === null) continue;
    const q = queues.get(`${r.source}\u0000${r.window}`);
    if (!q) continue;
    const i = q.findIndex((s) => couldProduce(s, r));
    if (i < 0) continue;
    const [send] = q.splice(i, 1);
    if (send) bySendKey.set(send.key, r);
  }
  return bySendKey;
}

export function correlate(input: CorrelateInput): TimelineEntry[] {
  const paired = pairSends(input.sends, input.receipts);
  const pairedReceipts = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const send of input.sends) {
    const receipt = paired.get(send.key);
    if (receipt) pairedReceipts.add(receipt.key);
    const verdict = classifySend({
      targetOrigin: send.targetOrigin,
      senderOrigin: send.origin,
      error: send.error,
      receipt,
      targetName: send.target,
      targetDocuments: send.target === null ? [] : (input.documents[send.target] ?? []),
      sendTime: send.time,
    });
    entries.push({
      ...verdict,
      id: send.key,
      time: send.time,
      from: send.window,
      fromOrigin: send.origin,
      to: send.target,
      toLabel: send.targetLabel,
      targetOrigin: send.targetOrigin,
      preview: send.preview,
      send,
      receipt,
      reconstructed: false,
    });
  }
  for (const receipt of input.receipts) {
    if (pairedReceipts.has(receipt.key)) continue;
    entries.push({
      state: receipt.type === "messageerror" ? "messageerror" : "delivered",
      reason: "dispatched; the sender's runtime did not see this send (made through top or frames[i], or from outside the playground), so it is shown from the receiving side",
      id: receipt.key,
      time: receipt.time,
      from: receipt.source,
      fromOrigin: receipt.eventOrigin,
      to: receipt.window,
      toLabel: receipt.window,
      targetOrigin: "(not seen)",
      preview: receipt.preview,
      receipt,
      reconstructed: true,
    });
  }
  return entries.sort((a, b) => a.time - b.time);
}
