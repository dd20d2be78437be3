/**
 * The runtime's outbox (sandboxes/runtime/outbox.ts) and the ring that holds a window's flood of
 * messages to itself (self-ring.ts): what leaves for the host, when, and in what order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compactReports, EVENT_CAP, expandReports, HOLD_MAX_MS, type ListenerResult, type ReceiptReport, type ReportBatch, type RuntimeReport, type SendReport, type UnsentMessage } from "../sandboxes/protocol";
import { createOutbox, FLOOD_FLUSH_MS, FLUSH_EVERY, type Outbox } from "../sandboxes/runtime/outbox";
import { preview, shapeOf } from "../sandboxes/runtime/preview";
import { isBrief, SelfRing } from "../sandboxes/runtime/self-ring";

const SELF = ["self"] as const;
const result: ListenerResult = { name: "onMessage", via: "addEventListener", reads: ["data"] };

/** The send report the recorder writes for `postMessage(data, "/")` from a window to itself. */
const sendReport = (seq: number, time: number, data: unknown): SendReport => ({
  kind: "send",
  seq,
  time,
  target: [...SELF],
  targetOrigin: "/",
  form: "positional",
  preview: preview(data),
  shape: shapeOf(data),
  transfer: [],
  transferAfter: [],
  portsSent: [],
  at: { line: 3, column: 7 },
});
const receiptReport = (seq: number, time: number, data: unknown, listeners: ListenerResult[] = [result]): ReceiptReport => ({
  kind: "receipt",
  seq,
  time,
  type: "message",
  origin: "http://alice.localhost",
  source: [...SELF],
  preview: preview(data),
  shape: shapeOf(data),
  ports: [],
  listeners,
});

/** What reached the host: batches expanded back into reports, and the unsent counts. */
function harness(o: { mayHold?: () => boolean } = {}) {
  const posted: (ReportBatch | UnsentMessage)[] = [];
  let seq = 0;
  let clock = 1000;
  const box: Outbox = createOutbox({
    now: () => clock,
    nextSeq: () => ++seq,
    mayHold: o.mayHold ?? (() => true),
    selfPath: () => [...SELF],
    post: (m) => posted.push(m),
  });
  const reportsOf = (m: ReportBatch) => expandReports("json" in m ? (JSON.parse(m.json) as unknown[]) : m.reports) as RuntimeReport[];
  const batches = () => posted.filter((m): m is ReportBatch => m.type === "reports");
  /** A message of the window to itself, sent and received, as the recorder reports it. */
  const made: RuntimeReport[] = [];
  const message = (data: unknown, dt = 0.01) => {
    clock += dt;
    const s = ++seq;
    made.push(sendReport(s, clock, data), receiptReport(s + 1, clock, data));
    if (box.holdsSelf()) box.selfSend(s, clock, data, "/", "positional", { line: 3, column: 7 });
    else box.report(sendReport(s, clock, data), true);
    const r = ++seq;
    const listeners: ListenerResult[] = [];
    if (box.holdsSelf()) box.selfReceipt(r, clock, "message", "http://alice.localhost", data, listeners);
    else box.holdReceipt(receiptReport(r, clock, data, listeners), true);
    // The listener runs as the receipt is dispatched.
    listeners.push(result);
  };
  return {
    box,
    posted,
    message,
    /** Every send and receipt made so far, as the recorder writes them, with their listener results. */
    made: () => made,
    batches,
    reports: () => batches().flatMap(reportsOf),
    /** Sends, receipts and the rest, without listener results, which are written into their receipts. */
    events: () => {
      const all = batches().flatMap(reportsOf);
      const bySeq = new Map(all.map((r) => [r.seq, r]));
      for (const r of all) if (r.kind === "listeners") (bySeq.get(r.receipt) as ReceiptReport).listeners = r.listeners;
      return all.filter((r) => r.kind !== "listeners");
    },
    unsent: () => posted.filter((m): m is UnsentMessage => m.type === "unsent"),
    setClock: (t: number) => (clock = t),
    get clock() {
      return clock;
    },
    nextSeq: () => ++seq,
  };
}

/** What the ring writes, in batches of at most `every`, as JSON with its count and its newest event's time. */
function writtenBatches(ring: SelfRing, every: number): { json: string; count: number; last: number }[] {
  const out: { json: string; count: number; last: number }[] = [];
  ring.write([...SELF], every, (wire, count, last) => out.push({ json: JSON.stringify(wire), count, last }));
  return out;
}

/** The reports the ring's batches stand for. */
const written = (ring: SelfRing): RuntimeReport[] => writtenBatches(ring, FLUSH_EVERY).flatMap((b) => expandReports(JSON.parse(b.json) as unknown[]) as RuntimeReport[]);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("outbox", () => {
  it("holds a window's flood of messages to itself until it pauses, then sends all of it in order, as the recorder writes it, in batches of at most FLUSH_EVERY", async () => {
    const h = harness();
    for (let i = 0; i < 3000; i++) {
      h.message(i);
      // Timers run between the flood's chunks, as setTimeout(chunk, 0) lets them.
      if (i % 50 === 49) await vi.advanceTimersByTimeAsync(1);
    }
    const sentDuringFlood = h.reports().length;
    // The first messages leave as they come, until the flood is seen; the rest are held.
    expect(sentDuringFlood).toBeGreaterThan(0);
    expect(sentDuringFlood).toBeLessThan(200);
    const eventsDuringFlood = h.events().length;
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
    // Nothing went unsent, and the host heard, while the flood went on, how much the window held:
    // last of all, everything it sent after the flood.
    expect(h.unsent().filter((u) => u.events > 0)).toEqual([]);
    expect(h.unsent().at(-1)?.held).toBe(6000 - eventsDuringFlood);
    for (const b of h.batches()) expect("json" in b && b.count).toBeLessThanOrEqual(FLUSH_EVERY);
    // Every batch says it holds only the window's messages to itself, and how many events.
    expect(h.batches().every((b) => b.self !== undefined)).toBe(true);
    expect(h.batches().reduce((n, b) => n + (b.self?.events ?? 0), 0)).toBe(6000);
  });

  it("counts what the event cap would drop and does not send it: the newest EVENT_CAP events leave, and the count is exact", async () => {
    const h = harness();
    const n = EVENT_CAP + 4000;
    for (let i = 0; i < n; i++) {
      h.message(i, 0.001);
      if (i % 100 === 99) await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    const reports = h.events();
    const unsent = h.unsent().reduce((sum, u) => sum + u.events, 0);
    // Each message is a send and a receipt: every one of them left or was counted.
    expect(reports.length + unsent).toBe(2 * n);
    // What was held is the newest EVENT_CAP events, each as written.
    const held = reports.slice(reports.length - EVENT_CAP);
    expect(held).toEqual(h.made().slice(-EVENT_CAP));
    // The last of the unsent is older than everything held.
    const lastUnsent = Math.max(...h.unsent().filter((u) => u.events > 0).map((u) => u.last));
    expect(lastUnsent).toBeLessThanOrEqual(held[0]?.time ?? 0);
    expect(unsent).toBeGreaterThan(0);
  });

  it("sends what it holds before any other report, so the host reads them in order", async () => {
    const h = harness();
    for (let i = 0; i < 500; i++) h.message(i);
    const line = { kind: "console", seq: h.nextSeq(), time: h.clock, level: "log", text: "done" } as const;
    h.box.report(line);
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    const reports = h.events();
    expect(reports).toEqual([...h.made(), line]);
    // The console line leaves in a batch of its own, which does not say it is all self; what was
    // held leaves before it, in batches that say so, with every event they hold.
    const batches = h.batches();
    const withLine = batches.findIndex((b) => "json" in b && b.json.includes('"done"'));
    const lineBatch = batches[withLine] as ReportBatch;
    expect(lineBatch.self).toBeUndefined();
    expect(batches.slice(0, withLine).every((b) => b.self !== undefined)).toBe(true);
    expect(batches.slice(0, withLine).reduce((n, b) => n + (b.self?.events ?? 0), 0)).toBe(h.made().length);
  });

  it("says it holds a flood before it sends the reports that came first, so the host does not draw them while the window floods", async () => {
    const h = harness();
    for (let i = 0; i < 500; i++) h.message(i);
    // Each hold begins with the word; the reports made before the flood was seen follow it.
    const first = h.posted.findIndex((m) => m.type === "reports");
    expect(first).toBeGreaterThan(0);
    expect(h.posted.slice(0, first)).toEqual([{ type: "unsent", last: 0, events: 0, held: 1 }]);
    // Still nothing is lost or reordered.
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
    // A second flood after a pause is a new hold, with a word of its own before any report.
    h.setClock(h.clock + 1000);
    const before = h.posted.length;
    for (let i = 0; i < 500; i++) h.message(i);
    const next = h.posted.slice(before);
    expect(next[0]).toEqual({ type: "unsent", last: 0, events: 0, held: 1 });
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
  });

  it("goes on holding a flood through a gap (the window waited for the CPU): what it holds leaves once, when the flood pauses", async () => {
    const h = harness();
    for (let i = 0; i < 500; i++) h.message(i);
    await vi.advanceTimersByTimeAsync(1);
    const reportsBefore = h.reports().length;
    // Other windows had the CPU for 300 ms: no timer of this one ran meanwhile, and its flood goes on.
    h.setClock(h.clock + 300);
    for (let i = 500; i < 1000; i++) h.message(i);
    // Only words that it holds, no reports, until the flood pauses.
    expect(h.reports()).toHaveLength(reportsBefore);
    expect(h.unsent().at(-1)?.held).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
  });

  it("holds only the share of the cap the host asks for while the flood lasts, counting the rest exactly; its next flood holds a whole cap's worth again", async () => {
    const h = harness();
    const n = 3000;
    let early = 0;
    for (let i = 0; i < n; i++) {
      h.message(i, 0.001);
      if (i === 1000) {
        // Those that left before the flood was seen.
        early = h.events().length;
        h.box.holdAtMost(500);
      }
      if (i % 100 === 99) await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    const reports = h.events();
    const unsent = h.unsent().reduce((sum, u) => sum + u.events, 0);
    // The flood was held from when it was seen to its end: of that, the newest 500 left, as written.
    expect(reports.length).toBe(early + 500);
    expect(reports.slice(-500)).toEqual(h.made().slice(-500));
    expect(unsent).toBe(2 * n - early - 500);
    const lastUnsent = Math.max(...h.unsent().filter((u) => u.events > 0).map((u) => u.last));
    expect(lastUnsent).toBeLessThan((reports.at(-500) as RuntimeReport).time);
    // The share was for that flood: the next one, after a pause, holds every one of its 6,000 events.
    h.setClock(h.clock + 1000);
    const sentBefore = reports.length;
    for (let i = 0; i < n; i++) {
      h.message(i, 0.001);
      if (i % 100 === 99) await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events().slice(sentBefore)).toEqual(h.made().slice(2 * n));
    expect(h.unsent().reduce((sum, u) => sum + u.events, 0)).toBe(unsent);
  });

  it("takes a share only while it holds a flood, and only a whole number from 1 to EVENT_CAP", async () => {
    const h = harness();
    // Not holding: a share that comes late, for a flood that paused, changes nothing.
    h.box.holdAtMost(10);
    for (let i = 0; i < 2000; i++) {
      h.message(i, 0.001);
      if (i === 100) for (const bad of [0, -1, 1.5, Number.NaN, Infinity, EVENT_CAP + 1, "10" as unknown as number]) h.box.holdAtMost(bad);
    }
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
    expect(h.unsent().filter((u) => u.events > 0)).toEqual([]);
  });

  it("holds nothing while it may not (before the host answered, or as the document leaves)", async () => {
    const h = harness({ mayHold: () => false });
    for (let i = 0; i < 1000; i++) h.message(i);
    expect(h.box.holdsSelf()).toBe(false);
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS);
    expect(h.events()).toEqual(h.made());
  });

  it("holds for at most HOLD_MAX_MS of the flood, so a window that goes without a word loses no more", async () => {
    const h = harness();
    // 2 messages a millisecond (fewer than the cap in HOLD_MAX_MS), for three times HOLD_MAX_MS,
    // with the timers running every millisecond.
    const perMs = 2;
    expect(2 * perMs * HOLD_MAX_MS).toBeLessThan(EVENT_CAP);
    const n = 3 * perMs * HOLD_MAX_MS;
    for (let i = 0; i < n; i++) {
      h.message(i, 1 / perMs);
      if (i % perMs === perMs - 1) await vi.advanceTimersByTimeAsync(1);
    }
    // What left while the flood went on: all but at most HOLD_MAX_MS of it (and a check's worth).
    const left = h.events().length;
    expect(left).toBeGreaterThan(2 * n - 2 * perMs * (HOLD_MAX_MS + 2 * FLOOD_FLUSH_MS));
    expect(left).toBeLessThan(2 * n);
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS * 2);
    expect(h.events()).toEqual(h.made());
  });

  it("sends a receipt's listener results after it when the receipt left before its dispatch was over", async () => {
    const h = harness();
    const listeners: ListenerResult[] = [];
    const receipt = receiptReport(h.nextSeq(), h.clock, "hi", listeners);
    h.box.holdReceipt(receipt);
    // The first listener has run; the receipt leaves at the microtask checkpoint after it.
    listeners.push(result);
    await Promise.resolve();
    expect(h.reports()).toEqual([receiptReport(1, 1000, "hi", [result])]);
    // A second listener runs; its result follows in the next task.
    const second: ListenerResult = { name: "other", via: "onmessage", reads: [] };
    listeners.push(second);
    await vi.advanceTimersByTimeAsync(0);
    const follow = h.reports()[1];
    expect(follow).toMatchObject({ kind: "listeners", receipt: 1, listeners: [result, second] });
  });
});

describe("listener results", () => {
  it("follow a receipt that left in a full batch before its listeners ran", async () => {
    const h = harness();
    for (let i = 0; i < FLUSH_EVERY - 1; i++) h.box.report({ kind: "console", seq: h.nextSeq(), time: h.clock, level: "log", text: String(i) });
    const listeners: ListenerResult[] = [];
    h.box.holdReceipt(receiptReport(h.nextSeq(), h.clock, "hi", listeners));
    expect(h.reports()).toHaveLength(FLUSH_EVERY);
    listeners.push(result);
    await vi.advanceTimersByTimeAsync(FLOOD_FLUSH_MS);
    expect(h.reports().at(-1)).toMatchObject({ kind: "listeners", receipt: FLUSH_EVERY, listeners: [result] });
  });
});

describe("self ring", () => {
  it("holds only short primitives: an object's preview could change after it is sent", () => {
    for (const v of [1, 1.5, "short", true, null, undefined, "x".repeat(256)]) expect(isBrief(v)).toBe(true);
    for (const v of [{}, [], "x".repeat(257), 10n, Symbol("s"), () => 1]) expect(isBrief(v)).toBe(false);
  });

  it("overwrites its oldest events when full, counting them, and writes the rest as reports, oldest first", () => {
    const ring = new SelfRing(4);
    for (let i = 0; i < 3; i++) {
      ring.addSend(2 * i + 1, 10 + i, i, "/", "positional", undefined);
      ring.addReceipt(2 * i + 2, 10 + i, "message", "null", i, []);
    }
    expect(ring.length).toBe(4);
    expect(ring.takeUnsent()).toEqual({ last: 10, events: 2 });
    expect(ring.takeUnsent()).toBeUndefined();
    const out = written(ring);
    expect(out.map((r) => [r.kind, r.seq])).toEqual([
      ["send", 3],
      ["receipt", 4],
      ["send", 5],
      ["receipt", 6],
    ]);
    expect(out[1]).toEqual({ ...receiptReport(4, 11, 1, []), origin: "null" });
    expect(ring.length).toBe(0);
  });

  it("holds fewer when limited: the oldest beyond the limit go at once, counted, and later ones overwrite within it", () => {
    const ring = new SelfRing(10);
    for (let i = 0; i < 4; i++) {
      ring.addSend(2 * i + 1, 10 + i, i, "/", "positional", undefined);
      ring.addReceipt(2 * i + 2, 10 + i, "message", "null", i, []);
    }
    ring.limitTo(3);
    expect(ring.length).toBe(3);
    expect(ring.takeUnsent()).toEqual({ last: 12, events: 5 });
    ring.addSend(9, 14, 4, "/", "positional", undefined);
    expect(ring.length).toBe(3);
    expect(ring.takeUnsent()).toEqual({ last: 12, events: 1 });
    expect(written(ring).map((r) => r.seq)).toEqual([7, 8, 9]);
    // Raised again, it holds up to its capacity; a limit below 1 holds 1, above the capacity the capacity.
    ring.limitTo(100);
    for (let i = 0; i < 12; i++) ring.addSend(20 + i, 20 + i, i, "/", "positional", undefined);
    expect(ring.length).toBe(10);
    ring.limitTo(0);
    expect(ring.length).toBe(1);
    expect(written(ring).map((r) => r.seq)).toEqual([31]);
  });

  it("keeps one listener results list for receipts whose listeners did the same", () => {
    const ring = new SelfRing(10);
    const lists = [[result], [result], [{ ...result, reads: [] }]];
    lists.forEach((l, i) => ring.addReceipt(i + 1, i, "message", "o", i, l));
    const batch = writtenBatches(ring, FLUSH_EVERY)[0];
    const wire = JSON.parse(batch?.json ?? "[]") as Record<string, unknown>[];
    // The second receipt's list is left out, as the first's; the third's is written.
    expect(wire.map((o) => o.listeners)).toEqual([lists[0], undefined, lists[2]]);
    expect((expandReports(wire) as ReceiptReport[]).map((r) => r.listeners)).toEqual(lists);
  });

  it("writes, batch by batch, exactly what compactReports writes for the reports its events stand for", () => {
    const ring = new SelfRing(64);
    const made: RuntimeReport[] = [];
    const other: ListenerResult[] = [{ ...result, reads: ["origin", "data"] }];
    const values: unknown[] = [1, 1, "a", "a", true, null, undefined, 2.5, "x".repeat(256), 0];
    let seq = 10;
    values.forEach((v, i) => {
      // Seqs with gaps (other reports came between), targetOrigins, forms, positions and listeners that change.
      const s = (seq += i % 3 === 0 ? 2 : 1);
      const targetOrigin = i < 5 ? "/" : "http://alice.localhost";
      const form = i % 4 === 3 ? "options" : "positional";
      const at = i < 3 ? { line: 3, column: 7 } : i < 6 ? undefined : { line: 9, column: i };
      ring.addSend(s, 100 + i, v, targetOrigin, form, at);
      made.push({ ...sendReport(s, 100 + i, v), targetOrigin, form, at });
      const r = (seq += 1);
      const listeners = i % 5 === 4 ? other : [result];
      const type = i === 7 ? "messageerror" : "message";
      const origin = i < 8 ? "http://alice.localhost" : "null";
      ring.addReceipt(r, 100.5 + i, type, origin, v, listeners);
      made.push({ ...receiptReport(r, 100.5 + i, v, listeners), type, origin });
    });
    for (const every of [7, FLUSH_EVERY]) {
      const copy = new SelfRing(64);
      for (const r of made) {
        if (r.kind === "send") copy.addSend(r.seq, r.time, values[(r.time - 100) | 0], r.targetOrigin, r.form, r.at);
        else if (r.kind === "receipt") copy.addReceipt(r.seq, r.time, r.type, r.origin, values[(r.time - 100.5) | 0], r.listeners);
      }
      const batches = writtenBatches(copy, every);
      const expected: string[] = [];
      for (let from = 0; from < made.length; from += every) expected.push(JSON.stringify(compactReports(made.slice(from, from + every))));
      expect(batches.map((b) => b.json)).toEqual(expected);
      expect(batches.map((b) => b.count)).toEqual(expected.map((_, k) => Math.min(every, made.length - k * every)));
    }
    expect(written(ring)).toEqual(made);
  });
});
