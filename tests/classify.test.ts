import { describe, expect, it } from "vitest";
import { classifyGone, classifyPortSend, classifySend, documentAt, documentReached, expectedOrigin, type SendFacts } from "../src/timeline/classify";

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

  it("says unobserved, not queued, for a target that is none of the scenario's windows (it has no runtime to report a receipt)", () => {
    const c = classifySend(facts({ targetName: null, targetDocuments: [] }));
    expect(c.state).toBe("unobserved");
    expect(c.reason).toContain("does not watch");
    // What the sender saw still counts: a send that threw is an error wherever it went.
    expect(classifySend(facts({ targetName: null, error: { name: "DataCloneError", message: "x" } })).state).toBe("error");
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

describe("classifySend: navigation races", () => {
  const EVIL = "http://evil.localhost:5173";
  const navigated = [
    { id: "bob#1", origin: BOB, start: 10, end: 200 },
    { id: "bob#2", origin: EVIL, start: 200 },
  ];

  it("blocks an exact targetOrigin when the target navigated to another origin before dispatch, and explains Chromium", () => {
    const c = classifySend(facts({ targetDocuments: navigated, sendTime: 100 }));
    expect(c.state).toBe("blocked");
    expect(c.navigated).toBe(true);
    expect(c.reason).toContain(`navigated from ${BOB} to ${EVIL}`);
    expect(c.reason).toContain("Chromium");
  });

  it('marks a "*" message that reached the new document as delivered there, not to the old one', () => {
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: navigated, sendTime: 100, receipt: { type: "message", doc: "bob#2" } }));
    expect(c.state).toBe("delivered");
    expect(c.navigated).toBe(true);
    expect(c.reason).toContain("NEW document");
  });

  it("says lost when the target navigated to the same origin without a receipt", () => {
    const sameOrigin = [navigated[0]!, { id: "bob#2", origin: BOB, start: 200 }];
    const c = classifySend(facts({ targetDocuments: sameOrigin, sendTime: 100 }));
    expect(c.state).toBe("lost");
    expect(c.navigated).toBeUndefined();
  });

  it("says lost when a closed or removed target has no next document", () => {
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: [{ id: "bob#1", origin: BOB, start: 10, end: 150 }] }));
    expect(c).toMatchObject({ state: "lost" });
    expect(c.reason).toContain("closed");
  });
});

describe("classifySend: a target whose page was replaced by one without a runtime", () => {
  const EVIL = "http://evil.localhost:5173";
  const left = (origin: string, url?: string) => [
    { id: "bob#1", origin: BOB, start: 10, end: 200 },
    { origin, start: 200, unwatched: true, ...(url === undefined ? {} : { url }) },
  ];

  it("says unobserved, not queued, for a send after the page was replaced, naming the new page when the browser said it", () => {
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: left("", "about:blank"), sendTime: 300 }));
    expect(c.state).toBe("unobserved");
    expect(c.reason).toContain("replaced by about:blank, which has no playground runtime");
    const unknown = classifySend(facts({ targetDocuments: left(""), sendTime: 300 }));
    expect(unknown.state).toBe("unobserved");
    expect(unknown.reason).toContain("replaced by another page");
  });

  it("says blocked when the new page's origin is known and is not the one targetOrigin asks for", () => {
    const known = classifySend(facts({ targetDocuments: left(EVIL), sendTime: 300 }));
    expect(known.state).toBe("blocked");
    expect(known.reason).toContain(EVIL);
    expect(classifySend(facts({ targetDocuments: left("null"), sendTime: 300 })).state).toBe("blocked");
    expect(classifySend(facts({ targetOrigin: EVIL, targetDocuments: left(EVIL), sendTime: 300 })).state).toBe("unobserved");
  });

  it("says unobserved for a send the old page never got, made before it was replaced", () => {
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: left(""), sendTime: 100 }));
    expect(c.state).toBe("unobserved");
    expect(c.reason).toContain("before the message was dispatched");
    expect(classifySend(facts({ targetDocuments: left(EVIL), sendTime: 100 })).state).toBe("blocked");
  });

  it("takes an about:blank the sender could read for the page that replaced the target's, not for its initial document", () => {
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: left("", "about:blank"), sendTime: 300, toInitial: true }));
    expect(c.state).toBe("unobserved");
    expect(c.reason).toContain("replaced by about:blank");
    // That about:blank has the sender's origin, which the browser told by letting it read the page.
    const forBob = classifySend(facts({ targetDocuments: left(""), sendTime: 300, toInitial: true }));
    expect(forBob.state).toBe("blocked");
    expect(forBob.reason).toContain(`does not match about:blank (origin ${ALICE})`);
    // Before the page was replaced, an about:blank is the initial one, as ever.
    expect(classifySend(facts({ targetOrigin: "*", targetDocuments: left("", "about:blank"), sendTime: 5, toInitial: true })).state).toBe("lost");
  });

  it("still says delivered for a send the old page got", () => {
    expect(classifySend(facts({ targetDocuments: left(""), sendTime: 100, receipt: { type: "message", doc: "bob#1" } })).state).toBe("delivered");
  });
});

describe("classifySend: errors", () => {
  it("explains Chromium's DataCloneError where the standard throws SyntaxError first", () => {
    const c = classifySend(facts({ targetOrigin: "foo", error: { name: "DataCloneError", message: "could not be cloned" } }));
    expect(c.state).toBe("error");
    expect(c.reason).toContain("standard checks it first");
    const plain = classifySend(facts({ targetOrigin: "*", error: { name: "DataCloneError", message: "could not be cloned" } }));
    expect(plain.reason).not.toContain("standard");
  });
});

describe("classifySend: each engine's own words", () => {
  const navigated = [
    { id: "bob#1", origin: BOB, start: 10, end: 200 },
    { id: "bob#2", origin: "http://evil.localhost:5173", start: 200 },
  ];

  it("says which engine ran a navigation race, and marks the case as one the engines differ on", () => {
    for (const [engine, name] of [["chromium", "Chromium sends a message"], ["firefox", "here Firefox handed it"], ["webkit", "here WebKit (Safari) handed it"]] as const) {
      const c = classifySend(facts({ targetOrigin: "*", targetDocuments: navigated, receipt: { type: "message", doc: "bob#2" }, engine }));
      expect(c).toMatchObject({ state: "delivered", navigated: true, difference: "navigation-race" });
      expect(c.reason).toContain(name);
      if (engine !== "chromium") expect(c.reason).not.toContain("Chromium");
    }
  });

  it("names the engine that serialized before checking targetOrigin", () => {
    const c = classifySend(facts({ targetOrigin: "foo", error: { name: "DataCloneError", message: "x" }, engine: "webkit" }));
    expect(c.reason).toContain("but WebKit (Safari) serializes the message first");
    expect(c.difference).toBe("clone-before-target-origin");
    expect(classifySend(facts({ targetOrigin: "foo", error: { name: "DataCloneError", message: "x" } })).reason).toContain("but Chromium serializes");
  });

  it("says an accepted opaque or unparsable targetOrigin matched no window, naming the engine that accepted it", () => {
    const opaque = classifySend(facts({ targetOrigin: "about:blank", engine: "firefox" }));
    expect(opaque).toMatchObject({ state: "blocked", difference: "opaque-target-origin" });
    expect(opaque.reason).toContain("Firefox accepted a targetOrigin whose origin is opaque");
    const unparsable = classifySend(facts({ targetOrigin: "http://foo bar" }));
    expect(unparsable).toMatchObject({ state: "blocked", difference: "unparsable-target-origin" });
    expect(unparsable.reason).toContain("Chromium accepted a targetOrigin whose host is not valid");
    expect(classifySend(facts({ targetOrigin: "bob.localhost", error: { name: "SyntaxError", message: "bad" } })).difference).toBeUndefined();
    const thrown = classifySend(facts({ targetOrigin: "data:,x", error: { name: "SyntaxError", message: "bad" } }));
    expect(thrown).toMatchObject({ state: "error", difference: "opaque-target-origin" });
    expect(classifySend(facts({ targetOrigin: BOB })).difference).toBeUndefined();
  });

  it("reads a blob: targetOrigin as its inner origin, but in Firefox as matching no window", () => {
    const bobsBlob = `blob:${BOB}/0b6f3c1e-5d2a-4c6e-9f1a-2b7c8d9e0f11`;
    const delivered = classifySend(facts({ targetOrigin: bobsBlob, receipt: { type: "message", doc: "bob#1" }, targetDocuments: [{ id: "bob#1", origin: BOB, start: 10 }] }));
    expect(delivered).toMatchObject({ state: "delivered", difference: "blob-target-origin" });
    expect(delivered.reason).toContain("Chromium matched the blob: URL's inner origin");
    const firefox = classifySend(facts({ targetOrigin: bobsBlob, engine: "firefox" }));
    expect(firefox).toMatchObject({ state: "blocked", difference: "blob-target-origin" });
    expect(firefox.reason).toContain("in Firefox, which matches a blob: URL with no window");
    const alicesBlob = classifySend(facts({ targetOrigin: `blob:${ALICE}/0b6f3c1e-5d2a-4c6e-9f1a-2b7c8d9e0f11` }));
    expect(alicesBlob.state).toBe("blocked");
    expect(alicesBlob.difference).toBeUndefined();
  });
});

describe("classifySend, on data the engines treat differently", () => {
  it("marks a detached ArrayBuffer sent as the message, but not one that is in the transfer list too", () => {
    const error = (name: string, transferred: number) => classifySend(facts({ preview: "ArrayBuffer (detached)", transferred, error: { name, message: "x" } }));
    expect(error("TypeError", 0)).toMatchObject({ state: "error", difference: "detached-message" });
    expect(error("DataCloneError", 0)).toMatchObject({ state: "error", difference: "detached-message" });
    expect(error("DataCloneError", 1).difference).toBeUndefined();
    expect(classifySend(facts({ preview: "ArrayBuffer(8)", error: { name: "DataCloneError", message: "x" } })).difference).toBeUndefined();
  });

  it("marks a WebAssembly.Module that reached another site's window, as messageerror or as a message", () => {
    const got = (type: "message" | "messageerror") => classifySend(facts({ preview: "WebAssembly.Module", receipt: { type, doc: "bob#1" }, targetDocuments: [{ id: "bob#1", origin: BOB, start: 10 }], engine: "webkit" }));
    expect(got("messageerror")).toMatchObject({ state: "messageerror", difference: "wasm-module-elsewhere" });
    expect(got("message")).toMatchObject({ state: "delivered", difference: "wasm-module-elsewhere" });
    expect(got("message").reason).toContain("WebKit (Safari) deserialized it in another site's window");
  });
});

describe("classifyPortSend", () => {
  it("tells a never-started port from a closed channel and a delivery", () => {
    expect(classifyPortSend({ receiverStarted: false, closed: false })).toMatchObject({ state: "queued" });
    expect(classifyPortSend({ receiverStarted: false, closed: false }).reason).toContain("start()");
    expect(classifyPortSend({ receiverStarted: true, closed: true }).state).toBe("lost");
    expect(classifyPortSend({ receiverStarted: true, closed: false, receipt: { type: "message" } }).state).toBe("delivered");
    expect(classifyPortSend({ receiverStarted: true, closed: false, receipt: { type: "messageerror" } }).state).toBe("messageerror");
    expect(classifyPortSend({ receiverStarted: true, closed: false, error: { name: "DataCloneError", message: "x" } }).state).toBe("error");
  });
});

describe("documents a send could reach", () => {
  const page = { id: "bob#1", origin: BOB, start: 500 };
  const blank = { origin: ALICE, start: 100, end: 500, initial: true };

  it("a frame before its first page holds its initial about:blank, which the host never hears of", () => {
    expect(documentReached([page], 100)).toBe("initial");
    expect(documentReached([], 100)).toBeUndefined();
  });

  it("takes a send stamped within the clocks' slack before a page's start as sent to that page", () => {
    expect(documentReached([page], 480)).toBe(page);
    expect(documentReached([blank, page], 480)).toBe(page);
    expect(documentReached([blank, page], 470)).toBe(blank);
  });

  it("says lost, not queued and not delivered, for a send to a frame before its page arrived", () => {
    const c = classifySend(facts({ targetDocuments: [page], sendTime: 100 }));
    expect(c).toEqual({ state: "lost", reason: "sent before bob's page had loaded: the message went to its initial about:blank document, which the page replaced" });
  });

  it("says lost for a popup's known initial about:blank, and blocked when targetOrigin names the page's origin", () => {
    expect(classifySend(facts({ targetOrigin: "*", targetDocuments: [blank, page], sendTime: 200 })).state).toBe("lost");
    const c = classifySend(facts({ targetDocuments: [blank, page], sendTime: 200 }));
    expect(c.state).toBe("blocked");
    expect(c.reason).toContain("initial about:blank");
  });

  it("trusts the sender that saw the initial about:blank over the clocks, which can say the page had started", () => {
    // Stamped within the slack before the page's start: without what the sender saw, the page's.
    expect(classifySend(facts({ targetOrigin: "*", targetDocuments: [page], sendTime: 490 })).state).toBe("queued");
    expect(classifySend(facts({ targetOrigin: "*", targetDocuments: [page], sendTime: 490, toInitial: true }))).toEqual({
      state: "lost",
      reason: "sent before bob's page had loaded: the message went to bob's initial about:blank document (origin http://alice.localhost:5173), which has no listener and is replaced by the page",
    });
    // That document has the sender's origin, so a targetOrigin naming the page's drops it.
    expect(classifySend(facts({ targetDocuments: [page], sendTime: 490, toInitial: true })).state).toBe("blocked");
    // A receipt still wins: a page that reuses a same-origin about:blank's window can get it.
    expect(classifySend(facts({ targetDocuments: [page], sendTime: 490, toInitial: true, receipt: { type: "message", doc: "bob#1" } })).state).toBe("delivered");
  });

  it("says which engine handed a message for the initial about:blank to the page of another origin that replaced it", () => {
    const c = classifySend(facts({ targetDocuments: [page], sendTime: 490, toInitial: true, receipt: { type: "message", doc: "bob#1" }, engine: "firefox" }));
    expect(c).toEqual({
      state: "delivered",
      difference: "initial-hand-over",
      reason: `sent while bob still held its initial about:blank document, and Firefox handed it to the page that replaced it (${page.origin} arrived before the dispatch), where its message event fired`,
    });
  });

  it("says lost, not queued, for a send overtaken by a later one of the same pair: messages arrive in order", () => {
    expect(classifySend(facts({ targetOrigin: "*", targetDocuments: [page], sendTime: 600 })).state).toBe("queued");
    const c = classifySend(facts({ targetOrigin: "*", targetDocuments: [page], sendTime: 600, overtaken: true }));
    expect(c.state).toBe("lost");
    expect(c.reason).toMatch(/^a later message from the same sender to bob was dispatched first/);
    // A receipt, or a verdict the send's own document gives, still comes first.
    expect(classifySend(facts({ targetDocuments: [page], sendTime: 600, overtaken: true, receipt: { type: "message", doc: "bob#1" } })).state).toBe("delivered");
    expect(classifySend(facts({ targetOrigin: ALICE, targetDocuments: [page], sendTime: 600, overtaken: true })).state).toBe("blocked");
  });

  it("still waits for a target that has reported no document at all", () => {
    expect(classifySend(facts({ targetDocuments: [], sendTime: 100 })).state).toBe("queued");
  });
});

describe("classifyGone: a send to a gone window's stale WindowProxy", () => {
  it("is lost because the frame was removed, when the path that last led to it went through frames", () => {
    expect(classifyGone(["frames:0"], "bob")).toEqual({
      state: "lost",
      reason: "the frame was removed: bob's WindowProxy outlived its frame, and postMessage to it does nothing",
    });
    expect(classifyGone(["parent", "frames:1"], "carol").reason).toMatch(/^the frame was removed: carol's/);
  });

  it("is lost because the window was closed, for a popup or an opener", () => {
    expect(classifyGone(["popup:bob"], "bob").reason).toBe("the window was closed: postMessage to bob's WindowProxy does nothing");
  });

  it("is lost without a name when no path was ever known", () => {
    expect(classifyGone([], null).reason).toBe("the window was gone (a removed frame or a closed window): postMessage to its WindowProxy does nothing");
  });

  it("comes before anything the documents say, but after a thrown error", () => {
    expect(classifySend(facts({ gonePath: ["frames:0"] })).state).toBe("lost");
    expect(classifySend(facts({ gonePath: ["frames:0"], error: { name: "DataCloneError", message: "x" } })).state).toBe("error");
  });
});
