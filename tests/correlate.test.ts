import { describe, expect, it } from "vitest";
import { correlate } from "../src/timeline/correlate";
import { pairAll } from "../src/timeline/pairing";
import { trimToCap } from "../src/timeline/event-cap";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "../src/timeline/records";

const ALICE = "http://alice.localhost:5173";
const BOB = "http://bob.localhost:5173";
const CAROL = "http://carol.localhost:5173";

let n = 0;
function send(over: Partial<SendRecord> & Pick<SendRecord, "window" | "target" | "time">): SendRecord {
  const origin = over.window === "alice" ? ALICE : over.window === "carol" ? CAROL : BOB;
  return {
    kind: "send",
    key: `s${++n}`,
    origin,
    targetLabel: "x",
    targetOrigin: "*",
    form: "positional",
    preview: '"m"',
    shape: "s1:m",
    transfer: [],
    transferAfter: [],
    portsSent: [],
    doc: `${over.window}#1`,
    ...over,
  };
}
function receipt(over: Partial<ReceiptRecord> & Pick<ReceiptRecord, "window" | "source" | "time">): ReceiptRecord {
  const origin = over.window === "alice" ? ALICE : BOB;
  const eventOrigin = over.source === "alice" ? ALICE : over.source === "carol" ? CAROL : BOB;
  return {
    kind: "receipt",
    key: `r${++n}`,
    origin,
    type: "message",
    eventOrigin,
    sourceLabel: "x",
    preview: '"m"',
    shape: "s1:m",
    ports: [],
    listeners: [],
    doc: `${over.window}#1`,
    ...over,
  };
}
const documents: Record<string, DocumentSpan[]> = {
  alice: [{ origin: ALICE, start: 0 }],
  bob: [{ origin: BOB, start: 0 }],
};

describe("pairAll", () => {
  it("pairs a receipt stamped a little before its send: each window's process has its own clock", () => {
    const s1 = send({ window: "alice", target: "bob", time: 1000 });
    const r1 = receipt({ window: "bob", source: "alice", time: 990 });
    expect(pairAll([s1], [r1]).get(s1.key)?.key).toBe(r1.key);
  });

  it("never pairs a receipt with a send made clearly after it", () => {
    const later = send({ window: "alice", target: "bob", time: 1000 });
    const early = receipt({ window: "bob", source: "alice", time: 900 });
    expect(pairAll([later], [early]).size).toBe(0);
  });

  it("pairs identical messages first-in first-out per sender and target", () => {
    const s1 = send({ window: "alice", target: "bob", time: 10 });
    const s2 = send({ window: "alice", target: "bob", time: 11 });
    const r1 = receipt({ window: "bob", source: "alice", time: 20 });
    const r2 = receipt({ window: "bob", source: "alice", time: 21 });
    const pairs = pairAll([s2, s1], [r2, r1]);
    expect(pairs.get(s1.key)?.key).toBe(r1.key);
    expect(pairs.get(s2.key)?.key).toBe(r2.key);
  });

  it("keeps senders apart when many identical messages are in flight from several windows", () => {
    const fromAlice = send({ window: "alice", target: "bob", time: 10 });
    const fromCarol = send({ window: "carol", target: "bob", time: 11 });
    const rCarol = receipt({ window: "bob", source: "carol", time: 12 });
    const rAlice = receipt({ window: "bob", source: "alice", time: 13 });
    const pairs = pairAll([fromAlice, fromCarol], [rCarol, rAlice]);
    expect(pairs.get(fromAlice.key)?.key).toBe(rAlice.key);
    expect(pairs.get(fromCarol.key)?.key).toBe(rCarol.key);
  });

  it("skips a blocked send: a later receipt belongs to the next send that could arrive", () => {
    const blocked = send({ window: "alice", target: "bob", time: 10, targetOrigin: ALICE });
    const ok = send({ window: "alice", target: "bob", time: 11, targetOrigin: BOB });
    const r = receipt({ window: "bob", source: "alice", time: 20 });
    const pairs = pairAll([blocked, ok], [r]);
    expect(pairs.has(blocked.key)).toBe(false);
    expect(pairs.get(ok.key)?.key).toBe(r.key);
  });

  it("refuses a receipt whose data cannot have come from the pending send", () => {
    const s = send({ window: "alice", target: "bob", time: 10, shape: "s5:hello" });
    const r = receipt({ window: "bob", source: "alice", time: 20, shape: "s3:bye" });
    expect(pairAll([s], [r]).size).toBe(0);
  });

  it("never pairs a receipt with a send made after it", () => {
    const s = send({ window: "alice", target: "bob", time: 50 });
    const r = receipt({ window: "bob", source: "alice", time: 20 });
    expect(pairAll([s], [r]).size).toBe(0);
  });
});

describe("correlate", () => {
  it("gives the same timeline whatever order the windows' reports arrived in", () => {
    const sends = [
      send({ window: "bob", target: "alice", time: 5, shape: "s5:ready" }),
      send({ window: "alice", target: "bob", time: 10, targetOrigin: ALICE, shape: "s6:secret" }),
      send({ window: "alice", target: "bob", time: 11, targetOrigin: BOB, shape: "s5:hello" }),
    ];
    const receipts = [
      receipt({ window: "alice", source: "bob", time: 6, shape: "s5:ready" }),
      receipt({ window: "bob", source: "alice", time: 12, shape: "s5:hello" }),
    ];
    const a = correlate({ sends, receipts, documents });
    const b = correlate({ sends: [...sends].reverse(), receipts: [...receipts].reverse(), documents });
    expect(b).toEqual(a);
    expect(a.map((e) => e.state)).toEqual(["delivered", "blocked", "delivered"]);
  });

  it("shows a receipt with no visible send (made through top or frames[i]) as reconstructed", () => {
    const r = receipt({ window: "bob", source: "alice", time: 20 });
    const [entry] = correlate({ sends: [], receipts: [r], documents });
    expect(entry).toMatchObject({ state: "delivered", reconstructed: true, from: "alice", to: "bob", targetOrigin: "(not seen)" });
  });

  it("marks a send that threw as an error and never pairs it", () => {
    const s = send({ window: "alice", target: "bob", time: 10, targetOrigin: "foo", error: { name: "SyntaxError", message: "bad" } });
    const [entry] = correlate({ sends: [s], receipts: [], documents });
    expect(entry?.state).toBe("error");
  });
});

describe("correlate: MessagePorts", () => {
  // alice makes a channel, sends c1.2 to bob, who passes it to carol; carol answers on it.
  const toBob = send({ window: "alice", target: "bob", time: 10, shape: "s4:port", portsSent: ["alice#1/c1.2"] });
  const atBob = receipt({ window: "bob", source: "alice", time: 12, shape: "s4:port", ports: ["bob#1/r1"] });
  const toCarol = send({ window: "bob", target: "carol", time: 13, shape: "s4:port", portsSent: ["bob#1/r1"] });
  const atCarol = receipt({ window: "carol", source: "bob", time: 15, shape: "s4:port", ports: ["carol#1/r1"] });
  const ping = send({ window: "alice", target: null, port: "alice#1/c1.1", time: 11, shape: "s4:ping" });
  const pingAtCarol = receipt({ window: "carol", source: null, port: "carol#1/r1", time: 16, shape: "s4:ping", eventOrigin: "" });
  const pong = send({ window: "carol", target: null, port: "carol#1/r1", time: 17, shape: "s4:pong" });
  const pongAtAlice = receipt({ window: "alice", source: null, port: "alice#1/c1.1", time: 18, shape: "s4:pong", eventOrigin: "" });
  const docs = { ...documents, carol: [{ origin: CAROL, start: 0 }] };

  it("pairs port messages across windows and follows each port's lineage, whatever order reports arrived in", () => {
    const sends = [toBob, toCarol, ping, pong];
    const receipts = [atBob, atCarol, pingAtCarol, pongAtAlice];
    for (const order of [0, 1]) {
      const entries = correlate({
        sends: order ? [...sends].reverse() : sends,
        receipts: order ? [...receipts].reverse() : receipts,
        documents: docs,
      });
      const pingEntry = entries.find((e) => e.id === ping.key);
      const pongEntry = entries.find((e) => e.id === pong.key);
      expect(pingEntry).toMatchObject({ state: "delivered", from: "alice", to: "carol" });
      expect(pingEntry?.channel).toMatchObject({ channel: "alice#1/c1", fromPort: "alice#1/c1.1", toPort: "alice#1/c1.2" });
      expect(pingEntry?.channel?.lineage).toEqual(["alice#1/c1.2", "bob#1/r1", "carol#1/r1"]);
      expect(pongEntry).toMatchObject({ state: "delivered", from: "carol", to: "alice" });
      expect(pongEntry?.channel?.fromLineage).toEqual(["alice#1/c1.2", "bob#1/r1", "carol#1/r1"]);
    }
  });

  it("keeps a message queued for the port's latest holder when that port was never started", () => {
    const entries = correlate({ sends: [toBob, ping], receipts: [atBob], documents: docs });
    expect(entries.find((e) => e.id === ping.key)).toMatchObject({ state: "queued", to: "bob" });
  });

  it("says lost when the channel was closed before delivery", () => {
    const closed = { kind: "port" as const, key: "p1", window: "bob", time: 14, port: "bob#1/r1", what: "closed" as const };
    const entries = correlate({ sends: [toBob, ping], receipts: [atBob], documents: docs, portEvents: [closed] });
    expect(entries.find((e) => e.id === ping.key)?.state).toBe("lost");
  });
});

describe("correlate: out-of-order reports and messageerror", () => {
  it("pairs a messageerror (data null) with its send although the data no longer looks the same", () => {
    const s = send({ window: "alice", target: "bob", time: 10, shape: "WebAssembly.Module" });
    const r = receipt({ window: "bob", source: "alice", time: 12, shape: "null", type: "messageerror" });
    const [entry] = correlate({ sends: [s], receipts: [r], documents });
    expect(entry).toMatchObject({ state: "messageerror", reconstructed: false });
  });

  it("pairs FIFO per sender when batches from three windows arrive interleaved and reversed", () => {
    const sends = [1, 2, 3].flatMap((i) => [
      send({ window: "alice", target: "bob", time: 10 + i }),
      send({ window: "carol", target: "bob", time: 10 + i }),
    ]);
    const receipts = [1, 2, 3].flatMap((i) => [
      receipt({ window: "bob", source: "carol", time: 20 + i }),
      receipt({ window: "bob", source: "alice", time: 30 + i }),
    ]);
    const shuffled = [...receipts.slice(3), ...receipts.slice(0, 3)].reverse();
    const pairs = pairAll([...sends].reverse(), shuffled);
    expect(pairs.size).toBe(6);
    for (const s of sends) expect(pairs.get(s.key)?.source).toBe(s.window);
    const aliceSends = sends.filter((s) => s.window === "alice").sort((a, b) => a.time - b.time);
    const aliceTimes = aliceSends.map((s) => pairs.get(s.key)?.time);
    expect(aliceTimes).toEqual([31, 32, 33]);
  });

  it("places a navigation-race leak in the new document it reached", () => {
    const EVIL = "http://evil.localhost:5173";
    const docs = { ...documents, bob: [{ id: "bob#1", origin: BOB, start: 0, end: 50 }, { id: "bob#2", origin: EVIL, start: 50 }] };
    const s = send({ window: "alice", target: "bob", time: 10, targetOrigin: "*" });
    const r = receipt({ window: "bob", source: "alice", time: 60, doc: "bob#2", origin: EVIL });
    const [entry] = correlate({ sends: [s], receipts: [r], documents: docs });
    expect(entry).toMatchObject({ state: "delivered", navigated: true });
  });
});

describe("the event cap", () => {
  const flood = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => [
      send({ window: "alice", target: "alice", time: from + i }),
      receipt({ window: "alice", source: "alice", time: from + i + 0.5, origin: ALICE, eventOrigin: ALICE }),
    ]).flat();

  it("drops the busiest pair's oldest records and keeps the rest of the run", () => {
    const before = [send({ window: "bob", target: "alice", time: 1 }), receipt({ window: "alice", source: "bob", time: 2 })];
    const records = [...before, ...flood(10, 600)];
    const sends = records.filter((r): r is SendRecord => r.kind === "send");
    const receipts = records.filter((r): r is ReceiptRecord => r.kind === "receipt");
    const trimmed = trimToCap(sends, receipts, 1000, {});
    expect(trimmed).not.toBeNull();
    const { sends: keptSends, receipts: keptReceipts, dropped, droppedBefore } = trimmed!;
    expect(keptSends.length + keptReceipts.length).toBe(900);
    expect(dropped).toBe(1202 - 900);
    // bob's message before the flood is all there, and still delivered.
    expect(keptSends).toContain(before[0]);
    expect(keptReceipts).toContain(before[1]);
    const entries = correlate({ sends: keptSends, receipts: keptReceipts, documents, droppedBefore });
    expect(entries.find((e) => e.send === before[0])?.state).toBe("delivered");
    // A kept receipt whose send was cut says so; no kept send lost its receipt.
    const orphans = entries.filter((e) => !e.send);
    expect(orphans.every((e) => e.reason.includes("dropped by the event cap"))).toBe(true);
    expect(entries.filter((e) => e.send && !e.receipt)).toEqual([]);
  });

  it("cuts a burst whose records share their times without touching a quiet pair", () => {
    // Timestamps are coarse: 100 sends and receipts in the same 0.1 ms.
    const burst = Array.from({ length: 600 }, (_, i) => [
      send({ window: "alice", target: "alice", time: 10 + Math.floor(i / 100) }),
      receipt({ window: "alice", source: "alice", time: 10 + Math.floor(i / 100), origin: ALICE, eventOrigin: ALICE }),
    ]).flat();
    const quiet = [send({ window: "bob", target: "alice", time: 1 }), receipt({ window: "alice", source: "bob", time: 2 })];
    const records = [...quiet, ...burst];
    const trimmed = trimToCap(
      records.filter((r): r is SendRecord => r.kind === "send"),
      records.filter((r): r is ReceiptRecord => r.kind === "receipt"),
      1000,
      {},
    );
    expect(trimmed?.sends).toContain(quiet[0]);
    expect(trimmed?.receipts).toContain(quiet[1]);
    expect(trimmed!.sends.length + trimmed!.receipts.length).toBeLessThanOrEqual(900);
  });

  it("is not applied under the cap", () => {
    expect(trimToCap([send({ window: "alice", target: "bob", time: 1 })], [], 10, {})).toBeNull();
  });
});
