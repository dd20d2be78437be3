import { describe, expect, it } from "vitest";
import { classifySend, documentAt, expectedOrigin, type SendFacts } from "../src/timeline/classify";

const ALICE = "http://alice.localhost:5173";
const BOB = "http://bob.localhost:5173";

const facts = (over: Partial<SendFacts> = {}): SendFacts => ({
  targetOrigin: BOB,
  senderOrigin: ALICE,
  targetName: "bob",
  targetDocuments: [{ origin: BOB, start: 10 }],
  sendTime: 100,
  ...over,
});

describe("expectedOrigin", () => {
  it('treats "*" as any origin and "/" as the sender\'s own', () => {
    expect(expectedOrigin("*", ALICE)).toBeNull();
    expect(expectedOrigin("/", ALICE)).toBe(ALICE);
  });
  it("keeps only scheme, host and port, case-insensitively", () => {
    expect(expectedOrigin("HTTP://Bob.LOCALHOST:5173/some/path?q#h", ALICE)).toBe(BOB);
  });
});

describe("classifySend", () => {
  it("reports a synchronous exception as an error, whatever else is known", () => {
    const c = classifySend(facts({ targetOrigin: "foo", error: { name: "SyntaxError", message: "Invalid target origin 'foo'" } }));
    expect(c.state).toBe("error");
    expect(c.reason).toContain("SyntaxError");
  });

  it("says delivered once a receipt is paired, and messageerror when that fired instead", () => {
    expect(classifySend(facts({ receipt: { type: "message", doc: "bob#1" } })).state).toBe("delivered");
    expect(classifySend(facts({ receipt: { type: "messageerror", doc: "bob#1" } })).state).toBe("messageerror");
  });

  it("blocks when the target's document at send time has another origin than targetOrigin", () => {
    const c = classifySend(facts({ targetOrigin: ALICE }));
    expect(c.state).toBe("blocked");
    expect(c.reason).toContain(`does not match bob (${BOB})`);
  });

  it('blocks "/" when sender and target differ, and never blocks "*"', () => {
    expect(classifySend(facts({ targetOrigin: "/" })).state).toBe("blocked");
    expect(classifySend(facts({ targetOrigin: "*" })).state).toBe("queued");
  });

  it("keeps a matching send queued until its receipt arrives (the target may be busy)", () => {
    const c = classifySend(facts());
    expect(c.state).toBe("queued");
  });

  it("says lost when the target's document went away without a receipt", () => {
    expect(classifySend(facts({ targetDocuments: [{ origin: BOB, start: 10, end: 150 }] })).state).toBe("lost");
  });

  it("judges a send made before a popup's page loaded against its initial about:blank (opener's origin)", () => {
    const docs = [
      { origin: ALICE, start: 50, initial: true },
      { origin: BOB, start: 120 },
    ];
    const blocked = classifySend(facts({ targetDocuments: docs, sendTime: 60 }));
    expect(blocked.state).toBe("blocked");
    expect(blocked.reason).toContain("initial about:blank");
    expect(classifySend(facts({ targetDocuments: docs, sendTime: 60, targetOrigin: "*" })).state).toBe("lost");
    expect(classifySend(facts({ targetDocuments: docs, sendTime: 130 })).state).toBe("queued");
  });

  it("waits while the target has not reported any document, and says so", () => {
    const c = classifySend(facts({ targetDocuments: [] }));
    expect(c.state).toBe("queued");
    expect(c.reason).toContain("has not reported");
  });
});

describe("documentAt", () => {
  it("picks the latest document started by then, in whatever order they were recorded", () => {
    const docs = [
      { origin: BOB, start: 120 },
      { origin: ALICE, start: 50, initial: true },
    ];
    expect(documentAt(docs, 60)?.origin).toBe(ALICE);
    expect(documentAt(docs, 200)?.origin).toBe(BOB);
    expect(documentAt(docs, 10)).toBeUndefined();
  });
});
