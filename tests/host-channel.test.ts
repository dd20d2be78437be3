// The host's checks on a runtime's hello (src/host/channel/hello.ts), without a browser: windows
// here are plain objects with the properties a WindowProxy has, compared by identity as the host does.
import { afterEach, describe, expect, it } from "vitest";
import { BRAND, MAX_INIT_URL, type HelloMessage } from "../sandboxes/protocol";
import { judgeHello, type HelloEnv } from "../src/host/channel/hello";
import { goneSender } from "../src/host/channel/identity";
import type { FrameLookup, LiveWindow, Session } from "../src/host/session";
import type { Scenario } from "../src/scenario/types";

const ALICE = "http://alice.localhost:5173";
const BOB = "http://bob.localhost:5173";
const EVIL = "http://evil.localhost:5173";
const sites = { host: "http://localhost:5173", sandboxes: { alice: ALICE, bob: BOB, evil: EVIL } };

const scenario: Scenario = {
  id: "t",
  title: "t",
  summary: "",
  windows: [
    { name: "alice", origin: "alice", kind: "iframe", script: "" },
    { name: "inner", origin: "bob", kind: "iframe", parent: "alice", script: "" },
    { name: "bob", origin: "bob", kind: "popup", opener: "alice", script: "" },
  ],
};

interface FakeWindow {
  parent?: FakeWindow;
  opener?: FakeWindow | null;
  closed: boolean;
}
const asWindow = (w: FakeWindow) => w as unknown as Window;

const host: FakeWindow = { closed: false };
const aliceWin: FakeWindow = { parent: host, opener: null, closed: false };
const frames: FrameLookup = { get: (name) => (name === "alice" ? ({ contentWindow: asWindow(aliceWin) } as HTMLIFrameElement) : undefined) };
const env: HelloEnv = { host: asWindow(host), sites, frames };

const channels: MessageChannel[] = [];
function newPort(): MessagePort {
  const channel = new MessageChannel();
  channels.push(channel);
  return channel.port1;
}
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function session(): Session {
  return {
    runId: "r1-abc",
    scenario,
    origins: { alice: ALICE, inner: BOB, bob: BOB },
    urls: {},
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
}

function goLive(s: Session, name: string, proxy: FakeWindow): void {
  const spec = scenario.windows.find((w) => w.name === name);
  if (!spec) throw new Error(name);
  const live: LiveWindow = { spec, proxy: asWindow(proxy), port: newPort(), origin: s.origins[name] ?? "", doc: 1 };
  s.live.set(name, live);
  s.documentsOf.set(name, 1);
}

const hello = (over: Partial<HelloMessage> = {}): HelloMessage => ({ brand: BRAND, type: "hello", run: "r1-abc", window: "alice", origin: ALICE, start: 1, ...over });

describe("hello checks", () => {
  it("accepts the frame of the page from its own origin, with a port, for this run", () => {
    const v = judgeHello(session(), env, { data: hello(), origin: ALICE, source: asWindow(aliceWin), port: newPort() });
    expect(v.kind).toBe("accept");
  });

  it("refuses a hello from another origin than the window's", () => {
    const v = judgeHello(session(), env, { data: hello({ origin: EVIL }), origin: EVIL, source: asWindow(aliceWin), port: newPort() });
    expect(v.kind).toBe("refuse");
  });

  it("refuses a hello from the right origin but another window (identity, not claims)", () => {
    const stranger: FakeWindow = { parent: host, opener: null, closed: false };
    const v = judgeHello(session(), env, { data: hello(), origin: ALICE, source: asWindow(stranger), port: newPort() });
    expect(v).toEqual({ kind: "refuse", stranger: { spec: scenario.windows[0], liveElsewhere: false } });
  });

  it("refuses a hello for another run, without a port, or without a source", () => {
    const s = session();
    expect(judgeHello(s, env, { data: hello({ run: "r0-old" }), origin: ALICE, source: asWindow(aliceWin), port: newPort() }).kind).toBe("refuse");
    expect(judgeHello(s, env, { data: hello(), origin: ALICE, source: asWindow(aliceWin), port: undefined }).kind).toBe("refuse");
    expect(judgeHello(s, env, { data: hello(), origin: ALICE, source: null, port: newPort() }).kind).toBe("refuse");
  });

  it("treats oversized fields and a wrong brand as no hello at all", () => {
    const long = "x".repeat(201);
    for (const data of [hello({ window: long }), hello({ run: long }), hello({ origin: long }), { ...hello(), brand: "other" }, "hello", null]) {
      expect(judgeHello(session(), env, { data, origin: ALICE, source: asWindow(aliceWin), port: newPort() })).toEqual({ kind: "not-hello" });
    }
  });

  it("names no window after an object's built-in properties", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const v = judgeHello(session(), env, { data: hello({ window: name }), origin: ALICE, source: asWindow(aliceWin), port: newPort() });
      expect(v).toEqual({ kind: "refuse" });
    }
  });

  it("accepts a nested frame only from a window whose parent is its live parent", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const inner: FakeWindow = { parent: aliceWin, closed: false };
    const elsewhere: FakeWindow = { parent: host, closed: false };
    expect(judgeHello(s, env, { data: hello({ window: "inner", origin: BOB }), origin: BOB, source: asWindow(inner), port: newPort() }).kind).toBe("accept");
    expect(judgeHello(s, env, { data: hello({ window: "inner", origin: BOB }), origin: BOB, source: asWindow(elsewhere), port: newPort() }).kind).toBe("refuse");
  });

  it("keeps a nested frame's hello waiting while its parent has not said hello, and refuses it once the parent stopped", () => {
    const s = session();
    const inner: FakeWindow = { parent: aliceWin, closed: false };
    const m = { data: hello({ window: "inner", origin: BOB }), origin: BOB, source: asWindow(inner), port: newPort() };
    expect(judgeHello(s, env, m)).toEqual({ kind: "wait", creator: "alice" });
    // Only a hello right in all else waits: one from the wrong origin is refused at once.
    expect(judgeHello(s, env, { ...m, origin: EVIL }).kind).toBe("refuse");
    // alice said hello once and was stopped: no hello of hers is on its way.
    s.documentsOf.set("alice", 1);
    expect(judgeHello(s, env, m).kind).toBe("refuse");
  });

  it("accepts a popup only from a window its opener opened", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const popup: FakeWindow = { opener: aliceWin, closed: false };
    const other: FakeWindow = { opener: null, closed: false };
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: BOB }), origin: BOB, source: asWindow(popup), port: newPort() }).kind).toBe("accept");
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: BOB }), origin: BOB, source: asWindow(other), port: newPort() }).kind).toBe("refuse");
  });

  it("names a live window of the run that claims to be another an impostor", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const v = judgeHello(s, env, { data: hello({ window: "bob", origin: ALICE }), origin: ALICE, source: asWindow(aliceWin), port: newPort() });
    expect(v).toEqual({ kind: "refuse", impostor: { from: "alice", claimed: "bob" } });
  });

  it("takes a live window's next document only from the same WindowProxy, from a configured origin", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const popup: FakeWindow = { opener: aliceWin, closed: false };
    goLive(s, "bob", popup);
    // The popup navigated to another configured site: its new document may say hello.
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: EVIL }), origin: EVIL, source: asWindow(popup), port: newPort() }).kind).toBe("accept");
    // Not to a site nobody configured, nor claiming another origin than the event's.
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: "http://x.example" }), origin: "http://x.example", source: asWindow(popup), port: newPort() }).kind).toBe("refuse");
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: ALICE }), origin: EVIL, source: asWindow(popup), port: newPort() }).kind).toBe("refuse");
    // A second popup that alice opened is not bob while bob lives.
    const second: FakeWindow = { opener: aliceWin, closed: false };
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: BOB }), origin: BOB, source: asWindow(second), port: newPort() })).toEqual({
      kind: "refuse",
      stranger: { spec: scenario.windows[2], liveElsewhere: true },
    });
    // Once bob is gone, a new popup of alice's may be bob.
    popup.closed = true;
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: BOB }), origin: BOB, source: asWindow(second), port: newPort() }).kind).toBe("accept");
  });

  it("accepts a hello quoting the init the host wrote into that window's URL, or quoting none", () => {
    const s = session();
    s.payloads.set("alice", { text: "YWxpY2U", paused: false });
    expect(judgeHello(s, env, { data: hello({ payload: "YWxpY2U" }), origin: ALICE, source: asWindow(aliceWin), port: newPort() }).kind).toBe("accept");
    // No payload: the document waits for its init over the channel (a reload, a URL too long).
    expect(judgeHello(s, env, { data: hello(), origin: ALICE, source: asWindow(aliceWin), port: newPort() }).kind).toBe("accept");
  });

  it("refuses a hello quoting an init the host did not write for that window", () => {
    const s = session();
    s.payloads.set("alice", { text: "YWxpY2U", paused: false });
    s.payloads.set("bob", { text: "Ym9i", paused: false });
    // A URL of someone's invention, one written for another window, and one for a window with none written.
    for (const payload of ["ZXZpbA", "Ym9i", "", "YWxpY2U="]) {
      const v = judgeHello(s, env, { data: hello({ payload }), origin: ALICE, source: asWindow(aliceWin), port: newPort() });
      expect(v).toEqual({ kind: "refuse", stranger: { spec: scenario.windows[0], liveElsewhere: false } });
    }
    goLive(s, "alice", aliceWin);
    const inner: FakeWindow = { parent: aliceWin, closed: false };
    expect(judgeHello(s, env, { data: hello({ window: "inner", origin: BOB, payload: "YWxpY2U" }), origin: BOB, source: asWindow(inner), port: newPort() }).kind).toBe("refuse");
    // The right window, origin and run: only the quoted init is wrong.
    expect(judgeHello(s, env, { data: hello({ window: "inner", origin: BOB }), origin: BOB, source: asWindow(inner), port: newPort() }).kind).toBe("accept");
  });

  it("refuses a live window that quotes its own init for a document the host did not write it for", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const popup: FakeWindow = { opener: aliceWin, closed: false };
    // alice's script opened bob's page with an init of its own making: bob's document is not the scenario's.
    const v = judgeHello(s, env, { data: hello({ window: "bob", origin: BOB, payload: "Zm9yZ2Vk" }), origin: BOB, source: asWindow(popup), port: newPort() });
    expect(v).toEqual({ kind: "refuse", stranger: { spec: scenario.windows[2], liveElsewhere: false } });
    s.payloads.set("bob", { text: "Ym9i", paused: false });
    expect(judgeHello(s, env, { data: hello({ window: "bob", origin: BOB, payload: "Ym9i" }), origin: BOB, source: asWindow(popup), port: newPort() }).kind).toBe("accept");
  });

  it("treats a payload that is not a string, or longer than any URL it could come from, as no hello", () => {
    for (const payload of [42, null, { x: 1 }, "x".repeat(MAX_INIT_URL + 1)]) {
      const data = { ...hello(), payload };
      expect(judgeHello(session(), env, { data, origin: ALICE, source: asWindow(aliceWin), port: newPort() })).toEqual({ kind: "not-hello" });
    }
  });

  it("takes in a first document whose window went away before its hello came, by the init it quotes alone", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    s.payloads.set("inner", { text: "aW5uZXI", paused: false });
    const gone = (over: Partial<HelloMessage>, source: FakeWindow | null, origin = BOB) =>
      judgeHello(s, env, { data: hello({ window: "inner", origin: BOB, ...over }), origin, source: source === null ? null : asWindow(source), port: newPort() });
    // Firefox and WebKit give no source; Chromium a WindowProxy that reads closed and has no parent.
    expect(gone({ payload: "aW5uZXI" }, null)).toMatchObject({ kind: "accept", source: null });
    expect(gone({ payload: "aW5uZXI" }, { closed: true }).kind).toBe("accept");
    // Nothing else can vouch for it: no init, another window's, another origin. Refused without a
    // word about strangers, as nothing says where it was.
    expect(gone({}, null)).toEqual({ kind: "refuse" });
    expect(gone({ payload: "YWxpY2U" }, null)).toEqual({ kind: "refuse" });
    expect(gone({ payload: "aW5uZXI", origin: EVIL }, null, EVIL)).toEqual({ kind: "refuse" });
    // A later document gets its init over the channel, so quotes none the host wrote.
    s.documentsOf.set("inner", 1);
    expect(gone({ payload: "aW5uZXI" }, null).kind).toBe("refuse");
  });

  it("keeps a gone window's hello waiting while its creator has not said hello", () => {
    const s = session();
    s.payloads.set("inner", { text: "aW5uZXI", paused: false });
    const m = { data: hello({ window: "inner", origin: BOB, payload: "aW5uZXI" }), origin: BOB, source: null, port: newPort() };
    expect(judgeHello(s, env, m)).toEqual({ kind: "wait", creator: "alice" });
    goLive(s, "alice", aliceWin);
    expect(judgeHello(s, env, m).kind).toBe("accept");
  });

  it("names the sender of a message that came with no source: the one gone window of its origin", () => {
    const s = session();
    goLive(s, "alice", aliceWin);
    const popup: FakeWindow = { opener: aliceWin, closed: false };
    goLive(s, "bob", popup);
    expect(goneSender(s, "alice", BOB)).toBeNull();
    popup.closed = true;
    expect(goneSender(s, "alice", BOB)).toBe("bob");
    // Not from another origin, and not the receiver itself.
    expect(goneSender(s, "alice", ALICE)).toBeNull();
    expect(goneSender(s, "bob", BOB)).toBeNull();
    // Two gone windows of that origin: either could have sent it.
    const inner: LiveWindow = { spec: scenario.windows[1] as LiveWindow["spec"], proxy: null, port: newPort(), origin: BOB, doc: 1 };
    s.live.set("inner", inner);
    expect(goneSender(s, "alice", BOB)).toBeNull();
  });

  it("accepts an opaque frame's hello only with origin null", () => {
    const opaque: Scenario = { ...scenario, windows: [{ name: "alice", origin: "alice", kind: "iframe", sandbox: "allow-scripts", script: "" }] };
    const s = { ...session(), scenario: opaque };
    expect(judgeHello(s, env, { data: hello({ origin: "null" }), origin: "null", source: asWindow(aliceWin), port: newPort() }).kind).toBe("accept");
    expect(judgeHello(s, env, { data: hello(), origin: ALICE, source: asWindow(aliceWin), port: newPort() }).kind).toBe("refuse");
  });
});
