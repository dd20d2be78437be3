/** The event cap's cut of events the host counted as dropped before reading them (src/timeline/event-cap.ts). */
import { describe, expect, it } from "vitest";
import { dropSkipped, pairOfReceipt, pairOfSend, trimToCap } from "../src/timeline/event-cap";
import type { ReceiptRecord, SendRecord } from "../src/timeline/records";
import { pairKey } from "../sandboxes/protocol";

const O = "http://alice.localhost:5173";
const send = (from: string, to: string, i: number, time: number): SendRecord => ({
  kind: "send",
  key: `${from}#1:s${i}`,
  window: from,
  doc: `${from}#1`,
  origin: O,
  time,
  target: to,
  targetLabel: to,
  targetOrigin: "*",
  form: "positional",
  preview: String(i),
  shape: "number",
  transfer: [],
  transferAfter: [],
  portsSent: [],
});
const receipt = (from: string, to: string, i: number, time: number): ReceiptRecord => ({
  kind: "receipt",
  key: `${to}#1:r${i}`,
  window: to,
  doc: `${to}#1`,
  origin: O,
  time,
  type: "message",
  eventOrigin: O,
  source: from,
  sourceLabel: from,
  preview: String(i),
  shape: "number",
  ports: [],
  listeners: [],
});

describe("events dropped unread", () => {
  const self = pairKey("alice", "alice");
  const sends = [send("bob", "alice", 0, 1), send("alice", "alice", 1, 2), send("alice", "alice", 2, 5), send("alice", "alice", 3, 9)];
  const receipts = [receipt("bob", "alice", 0, 1.5), receipt("alice", "alice", 1, 2.5), receipt("alice", "alice", 2, 5.5)];

  it("counts them, moves their pair's cutoff to the last of them, and cuts that pair's older records only", () => {
    const out = dropSkipped(sends, receipts, new Map([[self, { count: 500, before: 5.5 }]]), { [self]: 1 });
    expect(out.sends.map((s) => s.key)).toEqual(["bob#1:s0", "alice#1:s3"]);
    expect(out.receipts.map((r) => r.key)).toEqual(["alice#1:r0", "alice#1:r2"]);
    // 500 unread, and alice's two sends and one receipt older than 5.5.
    expect(out.dropped).toBe(503);
    expect(out.droppedBefore).toEqual({ [self]: 5.5 });
  });

  it("never moves a cutoff back, and leaves a pair with no skipped events alone even past its cutoff", () => {
    const bobToAlice = pairKey("bob", "alice");
    const out = dropSkipped(sends, receipts, new Map([[self, { count: 10, before: 3 }]]), { [self]: 4, [bobToAlice]: 100 });
    expect(out.droppedBefore).toEqual({ [self]: 4, [bobToAlice]: 100 });
    expect(out.sends.map((s) => s.key)).toEqual(["bob#1:s0", "alice#1:s2", "alice#1:s3"]);
    expect(out.receipts.map((r) => r.key)).toEqual(["alice#1:r0", "alice#1:r2"]);
    expect(out.dropped).toBe(12);
  });

  it("drops what the cap would have dropped: a self flood read whole and one read from its last cap's worth keep the same events", () => {
    const cap = 300;
    const flood = (from: number, to: number) => {
      const s: SendRecord[] = [];
      const r: ReceiptRecord[] = [];
      for (let i = from; i < to; i++) {
        s.push(send("alice", "alice", i, i));
        r.push(receipt("alice", "alice", i, i + 0.5));
      }
      return { s, r };
    };
    const all = flood(0, 1000);
    const whole = trimToCap(all.s, all.r, cap, {});
    // The first 700 messages (1,400 events) unread; the rest read and kept under the cap.
    const skipped = dropSkipped([], [], new Map([[self, { count: 1400, before: 699.5 }]]), {});
    const rest = flood(700, 1000);
    const read = trimToCap([...skipped.sends, ...rest.s], [...skipped.receipts, ...rest.r], cap, skipped.droppedBefore);
    expect(whole && read).toBeTruthy();
    if (!whole || !read) return;
    expect(read.sends.map((s) => s.key)).toEqual(whole.sends.map((s) => s.key));
    expect(read.receipts.map((r) => r.key)).toEqual(whole.receipts.map((r) => r.key));
    expect(skipped.dropped + read.dropped).toBe(whole.dropped);
    expect([...read.sends.map(pairOfSend), ...read.receipts.map(pairOfReceipt)].every((p) => p === self)).toBe(true);
  });
});
