import { describe, expect, it } from "vitest";
import { correlate } from "../src/timeline/correlate";
import { reachableFrom } from "../src/timeline/reach";
import { pairAll, Pairing } from "../src/timeline/pairing";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "../src/timeline/records";

const ALICE = "http://alice.localhost:5173";
const BOB = "http://bob.localhost:5173";
const ORIGIN: Record<string, string> = { alice: ALICE, bob: BOB };

let n = 0;
function send(from: string, to: string, time: number, shape = "s1:m", targetOrigin = "*"): SendRecord {
  return {
    kind: "send",
    key: `s${++n}`,
    window: from,
    doc: `${from}#1`,
    origin: ORIGIN[from] as string,
    time,
    target: to,
    targetLabel: to,
    targetOrigin,
    form: "positional",
    preview: shape,
    shape,
    transfer: [],
    transferAfter: [],
    portsSent: [],
  };
}
function receipt(from: string, to: string, doc: string, time: number, shape = "s1:m"): ReceiptRecord {
  return {
    kind: "receipt",
    key: `r${++n}`,
    window: to,
    doc,
    origin: ORIGIN[to] as string,
    time,
    type: "message",
    eventOrigin: ORIGIN[from] as string,
    source: from,
    sourceLabel: from,
    preview: shape,
    shape,
    ports: [],
    listeners: [],
  };
}

describe("reachableFrom: the earliest send that can reach a document", () => {
  it("is a frame's first page's start: before it, the frame held its initial about:blank", () => {
    expect(reachableFrom([{ id: "bob#1", origin: BOB, start: 500 }], "bob#1")).toBe(500);
  });
  it("is a popup's first page's start, after its reported initial about:blank", () => {
    const docs: DocumentSpan[] = [
      { origin: ALICE, start: 100, end: 500, initial: true },
      { id: "bob#1", origin: BOB, start: 500 },
    ];
    expect(reachableFrom(docs, "bob#1")).toBe(500);
  });
  it("is the previous page's start for a later page: a send to that page may reach the next (Chromium's navigation race)", () => {
    const docs: DocumentSpan[] = [
      { id: "bob#1", origin: BOB, start: 500, end: 900 },
      { id: "bob#2", origin: BOB, start: 900, end: 1200 },
      { id: "bob#3", origin: BOB, start: 1200 },
    ];
    expect(reachableFrom(docs, "bob#2")).toBe(500);
    expect(reachableFrom(docs, "bob#3")).toBe(900);
  });
  it("does not depend on the order documents were reported in", () => {
    const docs: DocumentSpan[] = [
      { id: "bob#2", origin: BOB, start: 900 },
      { id: "bob#1", origin: BOB, start: 500, end: 900 },
    ];
    expect(reachableFrom(docs, "bob#2")).toBe(500);
  });
  it("sets no bound for a document the host does not know", () => {
    expect(reachableFrom([{ id: "bob#1", origin: BOB, start: 500 }], "bob#7")).toBe(-Infinity);
    expect(reachableFrom(undefined, "bob#1")).toBe(-Infinity);
  });
});

describe("pairing by document", () => {
  const frame: Record<string, DocumentSpan[]> = { alice: [{ id: "alice#1", origin: ALICE, start: 0 }], bob: [{ id: "bob#1", origin: BOB, start: 500 }] };

  it("pairs a handshake resent after the page loaded with its receipt, not the one sent to the initial about:blank", () => {
    // penpal and iframe-resizer send right after making the frame, then again.
    const early = send("alice", "bob", 10);
    const resent = send("alice", "bob", 600);
    const got = receipt("alice", "bob", "bob#1", 602);
    const paired = pairAll([early, resent], [got], frame);
    expect([...paired].map(([s, r]) => [s, r.key])).toEqual([[resent.key, got.key]]);
  });

  it("still pairs a send stamped just before the page's start (the clocks of two processes differ a little)", () => {
    const s = send("alice", "bob", 490);
    const r = receipt("alice", "bob", "bob#1", 505);
    expect(pairAll([s], [r], frame).get(s.key)?.key).toBe(r.key);
  });

  it("pairs a send to a page with a receipt in the next page (navigation race), but not in the page after", () => {
    const docs: Record<string, DocumentSpan[]> = {
      bob: [
        { id: "bob#1", origin: BOB, start: 100, end: 400 },
        { id: "bob#2", origin: BOB, start: 400, end: 800 },
        { id: "bob#3", origin: BOB, start: 800 },
      ],
    };
    const s = send("alice", "bob", 200);
    expect(pairAll([s], [receipt("alice", "bob", "bob#2", 450)], docs).size).toBe(1);
    expect(pairAll([s], [receipt("alice", "bob", "bob#3", 850)], docs).size).toBe(0);
  });

  it("never pairs a send to a gone window", () => {
    const s = { ...send("alice", "bob", 600), targetGone: true, path: ["gone" as const, "frames:0" as const] };
    expect(pairAll([s], [receipt("alice", "bob", "bob#1", 602)], frame).size).toBe(0);
  });

  it("shows the early send lost with the initial about:blank and the resent one delivered: nothing is left queued", () => {
    const early = send("alice", "bob", 10, "s1:m", BOB);
    const resent = send("alice", "bob", 600, "s1:m", BOB);
    const got = receipt("alice", "bob", "bob#1", 602);
    const entries = correlate({ sends: [early, resent], receipts: [got], documents: frame });
    expect(entries.map((e) => [e.id, e.state])).toEqual([
      [early.key, "lost"],
      [resent.key, "delivered"],
    ]);
    expect(entries[0]?.reason).toBe("sent before bob's page had loaded: the message went to its initial about:blank document, which the page replaced");
  });

  describe("a send its sender saw go to the frame's initial about:blank (toInitial)", () => {
    const early = () => ({ ...send("alice", "bob", 10, "s1:m", "*"), toInitial: true });
    it("never pairs in Chromium or WebKit, even within the clocks' slack of the page's start", () => {
      const s = { ...send("alice", "bob", 590), toInitial: true };
      expect(pairAll([s], [receipt("alice", "bob", "bob#1", 602)], frame).size).toBe(0);
      expect(pairAll([s], [receipt("alice", "bob", "bob#1", 602)], frame, "none").size).toBe(0);
    });

    it("pairs in every engine with a first page of the about:blank's own origin, which keeps its Window", () => {
      const docs: Record<string, DocumentSpan[]> = { bob: [{ id: "bob#1", origin: ALICE, start: 500 }] };
      const s = early();
      const got = { ...receipt("alice", "bob", "bob#1", 502), origin: ALICE };
      expect(pairAll([s], [got], docs, "none").get(s.key)?.key).toBe(got.key);
    });

    it("pairs in Firefox with the first page that got it, as the sends were made", () => {
      const [a, b, again] = [early(), { ...early(), time: 11 }, send("alice", "bob", 700)];
      const got = [receipt("alice", "bob", "bob#1", 650), receipt("alice", "bob", "bob#1", 651), receipt("alice", "bob", "bob#1", 702)];
      const paired = pairAll([a, b, again], got, frame, "first page");
      expect([a, b, again].map((s) => paired.get(s.key)?.key)).toEqual(got.map((r) => r.key));
    });

    it("in Firefox leaves the page's one receipt to the send made after the page was there", () => {
      const [a, b, again] = [early(), { ...early(), time: 11 }, send("alice", "bob", 700)];
      const got = receipt("alice", "bob", "bob#1", 702);
      const paired = pairAll([a, b, again], [got], frame, "first page");
      expect([...paired.keys()]).toEqual([again.key]);
    });

    it("in Firefox gives the page's receipt back to the later send when that send is reported after the receipt", () => {
      const [a, b, again] = [early(), { ...early(), time: 11 }, send("alice", "bob", 700)];
      const got = receipt("alice", "bob", "bob#1", 702);
      const engine = new Pairing("first page");
      engine.add([a, b], [got], frame);
      expect([...engine.paired.keys()]).toEqual([a.key]);
      engine.add([again], [], frame);
      expect([...engine.paired.keys()]).toEqual([again.key]);
    });

    it("in Firefox never pairs with a later page", () => {
      const docs: Record<string, DocumentSpan[]> = { bob: [{ id: "bob#1", origin: BOB, start: 500, end: 800 }, { id: "bob#2", origin: BOB, start: 800 }] };
      expect(pairAll([early()], [receipt("alice", "bob", "bob#2", 850)], docs, "first page").size).toBe(0);
    });
  });

  it("does the same for a popup, whose initial about:blank the host knows", () => {
    const docs: Record<string, DocumentSpan[]> = {
      bob: [
        { origin: ALICE, start: 5, end: 500, initial: true },
        { id: "bob#1", origin: BOB, start: 500 },
      ],
    };
    const early = send("alice", "bob", 10);
    const resent = send("alice", "bob", 600);
    const got = receipt("alice", "bob", "bob#1", 602);
    const entries = correlate({ sends: [early, resent], receipts: [got], documents: docs });
    expect(entries.map((e) => e.state)).toEqual(["lost", "delivered"]);
    expect(entries[0]?.reason).toContain("sent before bob's page had loaded: the message went to bob's initial about:blank document");
  });

  it("shows a send to a removed frame's WindowProxy lost, addressed to that frame", () => {
    const s = { ...send("alice", "bob", 600), targetGone: true, path: ["gone" as const, "frames:0" as const] };
    const [entry] = correlate({ sends: [s], receipts: [], documents: frame });
    expect(entry?.from).toBe("alice");
    expect(entry?.to).toBe("bob");
    expect(entry?.state).toBe("lost");
    expect(entry?.reason).toBe("the frame was removed: bob's WindowProxy outlived its frame, and postMessage to it does nothing");
  });
});
