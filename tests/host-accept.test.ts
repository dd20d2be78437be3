// A window's new document joining the run (src/host/channel/accept.ts) and the heartbeat
// (src/host/run/heartbeat.ts), without a browser: ports are objects that keep what is posted to
// them, the clock moves by hand, and the store is a real playground store kept in memory.
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../src/run/parser";
import { encodeInit } from "../sandboxes/first-document";
import { BRAND, compactReports, type HelloMessage, type HostToRuntime, type InitMessage, type RuntimeReport } from "../sandboxes/protocol";
import { accept } from "../src/host/channel/accept";
import { createChannel } from "../src/host/channel";
import { createIngest, type Ingest } from "../src/host/ingest";
import { HeldSends } from "../src/host/delivery";
import { destinationOrigin, watchRun } from "../src/host/run/heartbeat";
import { SCRIPTS } from "../src/run/scripts";
import { initFor, payloadsOf, type RunTables } from "../src/host/run/init";
import type { Clock, HostContext, LiveWindow, Session } from "../src/host/session";
import type { Scenario } from "../src/scenario/types";
import { createPlaygroundStore, NOTHING_SAVED } from "../src/store";

const ALICE = "http://alice.localhost:5173";
const BOB = "http://bob.localhost:5173";
const sites = { host: "http://localhost:5173", sandboxes: { alice: ALICE, bob: BOB } };

const scenario: Scenario = {
  id: "t",
  title: "t",
  summary: "",
  windows: [
    { name: "alice", origin: "alice", kind: "iframe", script: "open(playground.url('bob'));" },
    { name: "bob", origin: "bob", kind: "popup", opener: "alice", script: "opener.postMessage(1, '*');" },
  ],
};
const urls = { alice: `${ALICE}/?pgw=alice`, bob: `${BOB}/?pgw=bob` };

interface FakePort {
  posted: HostToRuntime[];
  postMessage(m: HostToRuntime): void;
  close(): void;
  onmessage: unknown;
}
const fakePort = (): FakePort => ({
  posted: [],
  postMessage(m) {
    this.posted.push(m);
  },
  close() {},
  onmessage: null,
});
const asPort = (p: FakePort) => p as unknown as MessagePort;

/** A clock whose intervals run only when the test beats them, at the time it sets. */
function handClock(): Clock & { t: number; beat(ms: number): void } {
  const intervals = new Map<number, { fn: () => void; every: number }>();
  let next = 0;
  const clock = {
    t: 0,
    now: () => clock.t,
    wallNow: () => 1_700_000_000_000 + clock.t,
    setTimeout: () => 0,
    clearTimeout: () => {},
    setInterval: (fn: () => void, ms: number) => (intervals.set(++next, { fn, every: ms }), next),
    clearInterval: (h: unknown) => void intervals.delete(h as number),
    /** The heartbeat (and nothing else) runs at `at`. */
    beat(at: number) {
      clock.t = at;
      for (const { fn, every } of intervals.values()) if (every === 1000) fn();
    },
  };
  return clock;
}

function setUp(paused = false) {
  const store = createPlaygroundStore({ storageKey: `test-${Math.random()}`, sites: Object.keys(sites.sandboxes), checks: NOTHING_SAVED });
  store.getState().setPausedFlag(paused);
  const runStart = 1_700_000_000_000;
  store.getState().startRun({
    runId: "r1-abc",
    runStart,
    urls,
    windows: { alice: { status: "loading", origin: ALICE }, bob: { status: "not opened", origin: BOB } },
    documents: { alice: [], bob: [] },
  });
  const clock = handClock();
  const notes: string[] = [];
  const s: Session = {
    runId: "r1-abc",
    scenario,
    origins: { alice: ALICE, bob: BOB },
    urls,
    live: new Map(),
    documentsOf: new Map(),
    impostors: new Set(),
    pastTokens: new Set(),
    started: 0,
    reloaded: new Map(),
    clickToOpen: false,
    payloads: new Map(),
    waiting: [],
    stopTimers: () => {},
  };
  const ctx: HostContext = {
    store,
    win: {} as Window,
    config: { origins: sites },
    clock,
    frames: { get: () => undefined },
    session: () => s,
    note: (_window, text) => void notes.push(text),
  };
  const tables: RunTables = { scenario, runId: s.runId, runStart, origins: s.origins, urls, sites: sites.sandboxes, paused, clickToOpen: false, scripts: SCRIPTS };
  return { store, clock, notes, s, ctx, tables };
}

const ingest = {} as Ingest;
const JOINED = { type: "joined" };
const hello = (window: string, origin: string, payload?: string): HelloMessage => ({ brand: BRAND, type: "hello", run: "r1-abc", window, origin, start: 5, ...(payload === undefined ? {} : { payload }) });
const spec = (name: string) => scenario.windows.find((w) => w.name === name)!;

// Scripts other than the built-ins' need the parser, which the app loads apart (src/run/parser.ts).
beforeAll(() => loadParser());

describe("a document joins the run", () => {
  it("sends a document that ran the init in its URL only that it joined: no init, nor a pause that did not change", () => {
    const { ctx, s, tables, store } = setUp();
    const payload = encodeInit(initFor(tables, spec("alice"), 1, "alice"));
    s.payloads.set("alice", { text: payload, paused: false });
    const port = fakePort();
    accept(ctx, ingest, s, { spec: spec("alice"), hello: hello("alice", ALICE, payload), source: {} as Window, port: asPort(port), origin: ALICE });
    expect(port.posted).toEqual([JOINED]);
    expect(store.getState().windows.alice?.status).toBe("running");
    expect(s.documentsOf.get("alice")).toBe(1);
  });

  it("tells such a document only that delivery was paused since the run started", () => {
    const { ctx, s, tables, store } = setUp(false);
    const payload = encodeInit(initFor(tables, spec("alice"), 1, "alice"));
    s.payloads.set("alice", { text: payload, paused: false });
    store.getState().setPausedFlag(true);
    const port = fakePort();
    accept(ctx, ingest, s, { spec: spec("alice"), hello: hello("alice", ALICE, payload), source: {} as Window, port: asPort(port), origin: ALICE });
    expect(port.posted).toEqual([JOINED, { type: "pause", paused: true }]);
  });

  it("compares the pause with the one written into the document's own init, not with the run's start", () => {
    // Paused after the run started, before alice's document was given the init bob's URL carries.
    const { ctx, s, tables, store } = setUp(false);
    store.getState().setPausedFlag(true);
    const payload = encodeInit(initFor({ ...tables, paused: true }, spec("bob"), 1, "bob"));
    s.payloads.set("bob", { text: payload, paused: true });
    const port = fakePort();
    accept(ctx, ingest, s, { spec: spec("bob"), hello: hello("bob", BOB, payload), source: {} as Window, port: asPort(port), origin: BOB });
    expect(port.posted).toEqual([JOINED]);
    // Resumed before bob loaded: that is news to it.
    store.getState().setPausedFlag(false);
    const again = fakePort();
    accept(ctx, ingest, s, { spec: spec("bob"), hello: hello("bob", BOB, payload), source: {} as Window, port: asPort(again), origin: BOB });
    expect(again.posted).toEqual([JOINED, { type: "pause", paused: false }]);
  });

  it("sends the init over the channel to a document without one, and expects the payloads of the windows it opens", () => {
    const { ctx, s } = setUp();
    const port = fakePort();
    accept(ctx, ingest, s, { spec: spec("alice"), hello: hello("alice", ALICE), source: {} as Window, port: asPort(port), origin: ALICE });
    expect(port.posted).toHaveLength(1);
    const init = port.posted[0] as InitMessage;
    expect(init).toMatchObject({ type: "init", run: "r1-abc", window: "alice", documentNumber: 1, site: "alice" });
    // alice's script opens bob: bob's first document carries its own init, which its hello must quote.
    expect(Object.keys(init.opens ?? {})).toEqual(["bob"]);
    expect(s.payloads.get("bob")).toEqual(payloadsOf(init, false).get("bob"));
    expect(s.payloads.has("alice")).toBe(false);
  });

  it("tells the opener when its popup's first document joined, and not for the popup's later documents", () => {
    const { ctx, s } = setUp();
    const alicePort = fakePort();
    accept(ctx, ingest, s, { spec: spec("alice"), hello: hello("alice", ALICE), source: {} as Window, port: asPort(alicePort), origin: ALICE });
    alicePort.posted.length = 0;
    const bobPayload = s.payloads.get("bob")?.text;
    const bobPort = fakePort();
    accept(ctx, ingest, s, { spec: spec("bob"), hello: hello("bob", BOB, bobPayload), source: {} as Window, port: asPort(bobPort), origin: BOB });
    expect(alicePort.posted).toEqual([{ type: "opened", window: "bob" }]);
    expect(bobPort.posted).toEqual([JOINED]);
    // bob reloads: its second document gets its init over the channel; alice hears nothing more.
    const again = fakePort();
    accept(ctx, ingest, s, { spec: spec("bob"), hello: hello("bob", BOB), source: {} as Window, port: asPort(again), origin: BOB });
    expect(alicePort.posted).toHaveLength(1);
    expect(again.posted).toMatchObject([{ type: "init", window: "bob", documentNumber: 2 }]);
  });
});

describe("heartbeat", () => {
  function liveAlice(s: Session): LiveWindow {
    const live: LiveWindow = { spec: spec("alice"), proxy: { closed: false } as Window, port: asPort(fakePort()), origin: ALICE, doc: 1 };
    s.live.set("alice", live);
    return live;
  }

  it("says a window that does not answer is unresponsive", () => {
    const { ctx, s, clock, store, notes } = setUp();
    liveAlice(s);
    store.getState().setWindowStatus("alice", "running");
    const stop = watchRun(ctx, s);
    for (const at of [1000, 2000, 3000, 4000]) clock.beat(at);
    expect(store.getState().windows.alice?.status).toBe("unresponsive");
    expect(notes).toHaveLength(1);
    stop();
  });

  it("starts a ping over when the beat itself came late (the host's own event loop was held up)", () => {
    const { ctx, s, clock, store } = setUp();
    const live = liveAlice(s);
    store.getState().setWindowStatus("alice", "running");
    const stop = watchRun(ctx, s);
    clock.beat(1000);
    expect(live.ping?.sent).toBe(1000);
    // 4 s later, where 1 s was due: the unanswered ping's time is not the window's.
    clock.beat(5000);
    expect(live.ping?.sent).toBe(5000);
    expect(store.getState().windows.alice?.status).toBe("running");
    // On time again, and still no answer: then it is the window's.
    for (const at of [6000, 7000, 8000]) clock.beat(at);
    expect(store.getState().windows.alice?.status).toBe("unresponsive");
    stop();
  });

  it("says a window whose page was replaced by one without a runtime is on an unwatched page, not unresponsive, from when its document left", () => {
    const { ctx, s, clock, store, notes } = setUp();
    const live = liveAlice(s);
    store.getState().addDocument("alice", { id: "alice#1", origin: ALICE, start: 1_700_000_000_000 });
    store.getState().setWindowStatus("alice", "running");
    const stop = watchRun(ctx, s);
    clock.beat(1000);
    live.left = { time: 1_700_000_001_200, at: 1200, to: "about:blank" };
    for (const at of [2000, 3000]) clock.beat(at);
    // Still within the wait: a new page with a runtime says hello in that time.
    expect(store.getState().windows.alice?.status).toBe("running");
    for (const at of [4000, 5000, 6000, 7000]) clock.beat(at);
    expect(store.getState().windows.alice?.status).toBe("on an unwatched page");
    expect(store.getState().documents.alice).toEqual([
      { id: "alice#1", origin: ALICE, start: 1_700_000_000_000, end: 1_700_000_001_200 },
      { origin: "", start: 1_700_000_001_200, unwatched: true, url: "about:blank" },
    ]);
    expect(notes).toEqual([expect.stringContaining("alice's page was replaced by about:blank, and no playground runtime started there within 2.5 s")]);
    stop();
  });

  it("names the origin of the page a window left for only where its URL says it", () => {
    expect(["about:blank", "data:text/html,x", "http://evil.localhost:5173/a?b", "blob:http://bob.localhost:5173/1-2", "javascript:void 0", ""].map(destinationOrigin)).toEqual([
      "",
      "null",
      "http://evil.localhost:5173",
      "http://bob.localhost:5173",
      "",
      "",
    ]);
  });

  it("leaves a window that closed after its page left as closed", () => {
    const { ctx, s, clock, store, notes } = setUp();
    const live = liveAlice(s);
    store.getState().setWindowStatus("alice", "closed");
    const stop = watchRun(ctx, s);
    live.left = { time: 1_700_000_000_500, at: 500, to: "" };
    for (const at of [1000, 2000, 3000, 4000]) clock.beat(at);
    expect(store.getState().windows.alice?.status).toBe("closed");
    expect(notes).toEqual([]);
    stop();
  });

  it("forgets a leaving that did not happen (a ping asked after it was answered), and then judges the window as any other", () => {
    const { ctx, s, tables, clock, store } = setUp();
    const payload = encodeInit(initFor(tables, spec("alice"), 1, "alice"));
    s.payloads.set("alice", { text: payload, paused: false });
    const port = fakePort();
    accept(ctx, ingest, s, { spec: spec("alice"), hello: hello("alice", ALICE, payload), source: { closed: false } as Window, port: asPort(port), origin: ALICE });
    const live = s.live.get("alice")!;
    const stop = watchRun(ctx, s);
    live.left = { time: 1_700_000_000_500, at: 500, to: "" };
    clock.beat(1000);
    const ping = port.posted.find((m) => m.type === "ping");
    if (ping?.type !== "ping") throw new Error("no ping was sent");
    (port.onmessage as (e: { data: unknown }) => void)({ data: { type: "pong", n: ping.n } });
    expect(live.left).toBeUndefined();
    // It never answers again: now that is the window's own.
    for (const at of [2000, 3000, 4000, 5000, 6000]) clock.beat(at);
    expect(store.getState().windows.alice?.status).toBe("unresponsive");
    stop();
  });

  it("takes back an unwatched page when the page that replaced the document was only slow to say hello", () => {
    const { ctx, s, tables, clock, store } = setUp();
    const payload = encodeInit(initFor(tables, spec("alice"), 1, "alice"));
    s.payloads.set("alice", { text: payload, paused: false });
    accept(ctx, ingest, s, { spec: spec("alice"), hello: { ...hello("alice", ALICE, payload), start: 1_700_000_000_000 }, source: { closed: false } as Window, port: asPort(fakePort()), origin: ALICE });
    const stop = watchRun(ctx, s);
    s.live.get("alice")!.left = { time: 1_700_000_001_000, at: 1000, to: "" };
    for (const at of [2000, 3000, 4000]) clock.beat(at);
    expect(store.getState().documents.alice?.map((d) => d.unwatched ?? false)).toEqual([false, true]);
    // Its new page began loading (its time origin) before the old one left: nothing came between.
    accept(ctx, ingest, s, { spec: spec("alice"), hello: { ...hello("alice", ALICE), start: 1_700_000_000_990 }, source: { closed: false } as Window, port: asPort(fakePort()), origin: ALICE });
    expect(store.getState().documents.alice).toEqual([
      { id: "alice#1", origin: ALICE, start: 1_700_000_000_000, end: 1_700_000_000_990 },
      { id: "alice#2", origin: ALICE, start: 1_700_000_000_990 },
    ]);
    expect(store.getState().windows.alice?.status).toBe("running");
    stop();
  });
});

describe("reports a document makes before the host's first message on its port reaches it", () => {
  /** The channel, with alice's second document (token t2) live: what it takes in, and what it draws as messages to the page. */
  function earlyReports() {
    const { ctx, s } = setUp();
    const taken: string[] = [];
    const atHost: string[] = [];
    const beside = {
      receive: (_s: Session, live: LiveWindow, json: unknown) => void taken.push(`${live.spec.name}#${live.doc}: ${String(json)}`),
      hostReceipt: (r: { source: string }) => void atHost.push(r.source),
    } as unknown as Ingest;
    const onMessage = createChannel({ ...ctx, win: { location: { origin: "http://localhost:5173" } } as Window }, beside);
    const aliceProxy = { closed: false } as Window;
    s.live.set("alice", { spec: spec("alice"), proxy: aliceProxy, port: asPort(fakePort()), origin: ALICE, doc: 2, token: "t2" });
    const early = (token: string, window = "alice") => ({ brand: BRAND, type: "early-reports", run: "r1-abc", window, token, batch: { type: "reports", json: `[${token}]`, count: 1 } });
    const event = (data: unknown, source: Window, origin = ALICE) => ({ data, source, origin, ports: [] }) as unknown as MessageEvent;
    return { s, taken, atHost, onMessage, aliceProxy, early, event };
  }

  it("are taken beside the hello only from the window and origin of that accepted hello, with its token", () => {
    const { taken, atHost, onMessage, aliceProxy, early, event } = earlyReports();
    onMessage(event(early("t2"), aliceProxy));
    // The window's earlier document, another window, another origin, a name that is no window.
    onMessage(event(early("t1"), aliceProxy));
    onMessage(event(early("t2"), { closed: false } as Window));
    onMessage(event(early("t2"), aliceProxy, BOB));
    onMessage(event(early("t2", "constructor"), aliceProxy));
    onMessage(event({ ...early("t2"), run: "r0-old" }, aliceProxy));
    expect(taken).toEqual(["alice#2: [t2]"]);
    // The others are what any message a window posts to the page is: a receipt of the page, acted upon never.
    expect(atHost).toEqual(["alice", "alice", "alice", "alice"]);
  });

  it("drops, unread and undrawn, what a document the window no longer holds posts as it goes", () => {
    const { s: session, taken, atHost, onMessage, aliceProxy, early, event } = earlyReports();
    session.pastTokens.add("t1");
    onMessage(event(early("t1"), aliceProxy));
    onMessage(event(early("t0"), aliceProxy));
    expect(taken).toEqual([]);
    // A token no document of the run had is a message like any other.
    expect(atHost).toEqual(["alice"]);
  });
});

/** The channel of a run whose first documents ran the inits written into their URLs: alice, a frame of the page, and bob, her popup. */
function openerAndPopup(ingest: Partial<Ingest>) {
  const { ctx, s, tables, notes, store, clock } = setUp();
  const alicePayload = encodeInit(initFor(tables, spec("alice"), 1, "alice"));
  const bobPayload = encodeInit(initFor(tables, spec("bob"), 1, "bob"));
  s.payloads.set("alice", { text: alicePayload, paused: false }).set("bob", { text: bobPayload, paused: false });
  const aliceProxy = { closed: false } as Window;
  const onMessage = createChannel(
    { ...ctx, win: { location: { origin: "http://localhost:5173" } } as Window, frames: { get: (name) => (name === "alice" ? ({ contentWindow: aliceProxy } as HTMLIFrameElement) : undefined) } },
    ingest as Ingest,
  );
  return { s, notes, store, clock, alicePayload, bobPayload, aliceProxy, onMessage };
}

describe("a hello that reaches the page before the hello of the window it must be the popup of", () => {
  it("waits for that hello, then joins; a window that is not that popup is refused then, as before", () => {
    const atHost: string[] = [];
    const { s, notes, store, alicePayload, bobPayload, aliceProxy, onMessage } = openerAndPopup({ hostReceipt: (r) => void atHost.push(r.source ?? "") });
    const bobProxy = { closed: false, opener: aliceProxy } as unknown as Window;
    const otherProxy = { closed: false, opener: null } as unknown as Window;
    const event = (data: HelloMessage, source: Window, origin: string, port: FakePort) => ({ type: "message", data, source, origin, ports: [port] }) as unknown as MessageEvent;
    const [alicePort, bobPort, otherPort] = [fakePort(), fakePort(), fakePort()];
    onMessage(event(hello("bob", BOB, bobPayload), bobProxy, BOB, bobPort));
    onMessage(event(hello("bob", BOB, bobPayload), otherProxy, BOB, otherPort));
    expect([...s.live.keys()]).toEqual([]);
    expect(bobPort.posted).toEqual([]);
    expect(notes).toEqual([]);
    onMessage(event(hello("alice", ALICE, alicePayload), aliceProxy, ALICE, alicePort));
    expect([...s.live.keys()]).toEqual(["alice", "bob"]);
    expect(s.live.get("bob")?.proxy).toBe(bobProxy);
    expect(bobPort.posted).toEqual([JOINED]);
    expect(store.getState().documents.bob?.map((d) => d.id)).toEqual(["bob#1"]);
    expect(otherPort.posted).toEqual([]);
    expect(notes).toEqual([expect.stringContaining("Another window loaded bob's page while bob was already running elsewhere")]);
    expect(atHost).toEqual([]);
    expect(s.waiting).toEqual([]);
  });
});

describe("a message to the page from a window whose hello waits for its creator's", () => {
  it("is drawn once the window joins, at the time it came; one from a window that never joins is not", () => {
    const atHost: [string, number, string][] = [];
    const { s, clock, alicePayload, bobPayload, aliceProxy, onMessage } = openerAndPopup({ hostReceipt: (r) => void atHost.push([r.source ?? "", r.time, r.preview]) });
    const bobProxy = { closed: false, opener: aliceProxy } as unknown as Window;
    const otherProxy = { closed: false, opener: null } as unknown as Window;
    const event = (data: unknown, source: Window, origin: string, port?: FakePort) => ({ type: "message", data, source, origin, ports: port ? [port] : [] }) as unknown as MessageEvent;
    onMessage(event(hello("bob", BOB, bobPayload), bobProxy, BOB, fakePort()));
    const posted = clock.wallNow();
    onMessage(event("ready", bobProxy, BOB));
    onMessage(event("stranger", otherProxy, BOB));
    expect(atHost).toEqual([]);
    clock.t += 40;
    onMessage(event(hello("alice", ALICE, alicePayload), aliceProxy, ALICE, fakePort()));
    expect([...s.live.keys()]).toEqual(["alice", "bob"]);
    expect(atHost).toEqual([["bob", posted, '"ready"']]);
    expect(s.waiting).toEqual([]);
  });
});

describe("a popup closed before its hello reached the page", () => {
  it("is taken in by the init it quotes, with the early reports it posted while its hello waited for its opener's, and none of another token", () => {
    const taken: string[] = [];
    const { s, notes, store, alicePayload, bobPayload, aliceProxy, onMessage } = openerAndPopup({
      receive: (_s, live, json) => void taken.push(`${live.spec.name}#${live.doc}: ${String(json)}`),
      hostReceipt: () => {},
    });
    // Firefox and WebKit give a message from a window that is gone no source.
    const event = (data: unknown, source: Window | null, origin: string, port?: FakePort) => ({ type: "message", data, source, origin, ports: port ? [port] : [] }) as unknown as MessageEvent;
    const early = (token: string) => ({ brand: BRAND, type: "early-reports", run: "r1-abc", window: "bob", token, batch: { type: "reports", json: `[${token}]`, count: 1 } });
    const bobPort = fakePort();
    onMessage(event({ ...hello("bob", BOB, bobPayload), token: "tb" }, null, BOB, bobPort));
    onMessage(event(early("tb"), null, BOB));
    onMessage(event(early("forged"), null, BOB));
    expect([...s.live.keys()]).toEqual([]);
    onMessage(event({ ...hello("alice", ALICE, alicePayload), token: "ta" }, aliceProxy, ALICE, fakePort()));
    expect([...s.live.keys()]).toEqual(["alice", "bob"]);
    expect(s.live.get("bob")?.proxy).toBeNull();
    expect(bobPort.posted).toEqual([JOINED]);
    expect(taken).toEqual(["bob#1: [tb]"]);
    expect(store.getState().documents.bob?.map((d) => d.id)).toEqual(["bob#1"]);
    expect(notes).toEqual([]);
    expect(s.waiting).toEqual([]);
  });
});

describe("an opener's report that it opened its popup", () => {
  it("gives the popup its initial about:blank and says loading, unless the popup's page joined first", () => {
    const { ctx, s, store } = setUp();
    const ingest = createIngest(ctx, new HeldSends(), { popupBlocked: () => undefined, clicked: () => undefined });
    const alice: LiveWindow = { spec: spec("alice"), proxy: { closed: false } as Window, port: asPort(fakePort()), origin: ALICE, doc: 1 };
    s.live.set("alice", alice);
    const opened = (seq: number, time: number) => JSON.stringify(compactReports([{ kind: "lifecycle", seq, time, what: "popup-opened", detail: "bob" }] as RuntimeReport[]));
    // In order: the report first, then bob's page (accept() adds it and says running).
    ingest.receive(s, alice, opened(1, 1_700_000_000_010), 1);
    ingest.catchUp();
    expect(store.getState().documents.bob?.map((d) => d.initial === true)).toEqual([true]);
    expect(store.getState().windows.bob?.status).toBe("loading");
    store.getState().addDocument("bob", { id: "bob#1", origin: BOB, start: 1_700_000_000_020 });
    store.getState().setWindowStatus("bob", "running");
    // bob's page joined before the report of a later open arrived: bob stays as it is.
    ingest.receive(s, alice, opened(2, 1_700_000_000_015), 1);
    ingest.catchUp();
    expect(store.getState().documents.bob?.map((d) => d.id ?? "initial")).toEqual(["initial", "bob#1"]);
    expect(store.getState().windows.bob?.status).toBe("running");
  });
});

describe("an early batch, which comes twice", () => {
  it("is taken in once, report by report, whichever copy comes first and in whatever order its seqs are", () => {
    const { ctx, s, store } = setUp();
    const ingest = createIngest(ctx, new HeldSends(), { popupBlocked: () => undefined, clicked: () => undefined });
    const live: LiveWindow = { spec: spec("alice"), proxy: { closed: false } as Window, port: asPort(fakePort()), origin: ALICE, doc: 1 };
    s.live.set("alice", live);
    const line = (seq: number, text: string) => ({ kind: "console", seq, time: 1_700_000_000_010 + seq, level: "log", text });
    // seq 4 was numbered before seq 5 but reported after it, as a receipt is while its ports are adopted.
    const first = JSON.stringify(compactReports([line(3, "a"), line(5, "b"), line(4, "c")] as RuntimeReport[]));
    const later = JSON.stringify(compactReports([line(6, "d")] as RuntimeReport[]));
    ingest.receive(s, live, first, 3, true);
    ingest.receive(s, live, first, 3, true);
    ingest.receive(s, live, later, 1, false);
    ingest.receive(s, live, later, 1, false);
    ingest.catchUp();
    // Not early: a batch that came once, taken as it is (the second copy here is a script's own post).
    expect(store.getState().consoleLines.map((l) => l.text).sort()).toEqual(["a", "b", "c", "d", "d"]);
  });
});
