import { describe, expect, it } from "vitest";
import { correlate, pairSends } from "../src/timeline/correlate";
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

describe("pairSends", () => {
  it("pairs identical messages first-in first-out per sender and target", () => {
    const s1 = send({ window: "alice", target: "bob", time: 10 });
    const s2 = send({ window: "alice", target: "bob", time: 11 });
    const r1 = receipt({ window: "bob", source: "alice", time: 20 });
    const r2 = receipt({ window: "bob", source: "alice", time: 21 });
    const pairs = pairSends([s2, s1], [r2, r1]);
    expect(pairs.get(s1.key)?.key).toBe(r1.key);
    expect(pairs.get(s2.key)?.key).toBe(r2.key);
  });

  it("keeps senders apart when many identical messages are in flight from several windows", () => {
    const fromAlice = send({ window: "alice", target: "bob", time: 10 });
    const fromCarol = send({ window: "carol", target: "bob", time: 11 });
    const rCarol = receipt({ window: "bob", source: "carol", time: 12 });
    const rAlice = receipt({ window: "bob", source: "alice", time: 13 });
    const pairs = pairSends([fromAlice, fromCarol], [rCarol, rAlice]);
    expect(pairs.get(fromAlice.key)?.key).toBe(rAlice.key);
    expect(pairs.get(fromCarol.key)?.key).toBe(rCarol.key);
  });

  it("skips a blocked send: a later receipt belongs to the next send that could arrive", () => {
    const blocked = send({ window: "alice", target: "bob", time: 10, targetOrigin: ALICE });
    const ok = send({ window: "alice", target: "bob", time: 11, targetOrigin: BOB });
    const r = receipt({ window: "bob", source: "alice", time: 20 });
    const pairs = pairSends([blocked, ok], [r]);
    expect(pairs.has(blocked.key)).toBe(false);
    expect(pairs.get(ok.key)?.key).toBe(r.key);
  });

  it("refuses a receipt whose data cannot have come from the pending send", () => {
    const s = send({ window: "alice", target: "bob", time: 10, shape: "s5:hello" });
    const r = receipt({ window: "bob", source: "alice", time: 20, shape: "s3:bye" });
    expect(pairSends([s], [r]).size).toBe(0);
  });

  it("never pairs a receipt with a send made after it", () => {
    const s = send({ window: "alice", target: "bob", time: 50 });
    const r = receipt({ window: "bob", source: "alice", time: 20 });
    expect(pairSends([s], [r]).size).toBe(0);
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
