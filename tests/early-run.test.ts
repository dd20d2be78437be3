import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BRAND, type HelloMessage } from "../sandboxes/protocol";
import { appLoaded, appStarted, END_WAIT_MS, endEarlyRun, endOnceHeard, isSameRun, leaveEarlyRun, markAppLoaded, opensOnDefault, takeEarlyRun, type EarlyRun, type Ending } from "../src/host/run/early";

describe("opensOnDefault: a first visit's early run starts only when the app surely runs the default scenario", () => {
  const plain = { search: "", hash: "" };
  it("a plain address, nothing stored", () => {
    expect(opensOnDefault(plain, [])).toBe(true);
    expect(opensOnDefault(plain, ["another-site:key"])).toBe(true);
  });
  it("not for a link, an embed or a safe-mode address", () => {
    expect(opensOnDefault({ search: "", hash: "#scenario=N4Ig" }, [])).toBe(false);
    expect(opensOnDefault({ search: "?embed&scenario=password-to-popup", hash: "" }, [])).toBe(false);
    expect(opensOnDefault({ search: "?safe", hash: "" }, [])).toBe(false);
  });
  it("not once the playground has stored anything: saved work or a note of a running tab", () => {
    expect(opensOnDefault(plain, ["postmessage-playground:v1"])).toBe(false);
    expect(opensOnDefault(plain, ["postmessage-playground:v1:running"])).toBe(false);
    expect(opensOnDefault(plain, ["postmessage-playground:v1:unreadable"])).toBe(false);
  });
});

describe("isSameRun: the app takes the early run only when it writes the very same frames", () => {
  const frame = (url: string) => ({ element: {} as HTMLIFrameElement, url });
  const early = (frames: Record<string, string>): EarlyRun => ({
    runId: "r1-abcdef12",
    runStart: 1000,
    scenarioId: "password-to-popup",
    frames: new Map(Object.entries(frames).map(([name, url]) => [name, frame(url)])),
    events: [],
    holder: {} as HTMLElement,
    stop: () => {},
  });
  const run = early({ alice: "http://alice.localhost:5173/?pgw=alice#init=1" });
  it("the same scenario and frame URLs", () => {
    expect(isSameRun(run, "password-to-popup", { alice: "http://alice.localhost:5173/?pgw=alice#init=1", bob: "http://bob.localhost:5173/?pgw=bob" }, ["alice"])).toBe(true);
  });
  it("not another scenario", () => {
    expect(isSameRun(run, "reply-with-event-source", { alice: "http://alice.localhost:5173/?pgw=alice#init=1" }, ["alice"])).toBe(false);
  });
  it("not when a frame's URL differs (its init written otherwise, e.g. paused or waiting for a click)", () => {
    expect(isSameRun(run, "password-to-popup", { alice: "http://alice.localhost:5173/?pgw=alice#init=2" }, ["alice"])).toBe(false);
  });
  it("not when the app's run has more or other frames", () => {
    expect(isSameRun(run, "password-to-popup", { alice: "http://alice.localhost:5173/?pgw=alice#init=1", carol: "x" }, ["alice", "carol"])).toBe(false);
    expect(isSameRun(run, "password-to-popup", { carol: "http://alice.localhost:5173/?pgw=alice#init=1" }, ["carol"])).toBe(false);
  });
});

describe("the handoff: the page's early-run script and the app share no module, only the page's window", () => {
  const run = { runId: "r1-abcdef12" } as EarlyRun;
  beforeEach(() => vi.stubGlobal("window", {}));
  afterEach(() => vi.unstubAllGlobals());

  it("the app takes the run the script left, once", () => {
    expect(appStarted()).toBe(false);
    leaveEarlyRun(run);
    expect(takeEarlyRun()).toBe(run);
    expect(takeEarlyRun()).toBeNull();
    expect(appStarted()).toBe(true);
  });
  it("an app that looked first has started: a script that comes later must start nothing", () => {
    expect(takeEarlyRun()).toBeNull();
    expect(appStarted()).toBe(true);
  });
  it("a script that started nothing leaves nothing", () => {
    leaveEarlyRun(null);
    expect(appStarted()).toBe(false);
    expect(takeEarlyRun()).toBeNull();
  });
  it("the app's first line marks it as loaded, apart from taking the run: it may look much later", () => {
    expect(appLoaded()).toBe(false);
    markAppLoaded();
    expect(appLoaded()).toBe(true);
    expect(appStarted()).toBe(false);
    leaveEarlyRun(run);
    expect(takeEarlyRun()).toBe(run);
  });
  it("nothing of it is enumerable on the page's window", () => {
    leaveEarlyRun(run);
    markAppLoaded();
    expect(Object.keys(window)).toEqual([]);
  });
});

describe("ending a run no app takes: its windows close what they opened before their frames go", () => {
  /** A window's side of its port: it notes what the page says, and answers a ping as the runtime does. */
  function window_(name: string, answers = true) {
    const channel = new MessageChannel();
    const heard: string[] = [];
    channel.port2.onmessage = (e: MessageEvent<{ type: string; n?: number }>) => {
      heard.push(e.data.type);
      if (e.data.type === "ping" && answers) channel.port2.postMessage({ type: "pong", n: e.data.n });
    };
    const data: HelloMessage = { brand: BRAND, type: "hello", run: "r1-abcdef12", window: name, origin: `http://${name}.localhost:5173`, start: 0, token: "a.b" };
    const hello = { data, ports: [channel.port1] } as unknown as MessageEvent;
    return { hello, heard, close: () => channel.port2.close() };
  }
  function ending(events: MessageEvent[]) {
    const removed = vi.fn();
    const stop = vi.fn();
    return { run: { events, holder: { remove: removed } as unknown as HTMLElement, stop } satisfies Ending, removed, stop };
  }
  afterEach(() => vi.useRealTimers());

  it("each window is told to dispose, then pinged; the frames go once every window has answered", async () => {
    const alice = window_("alice");
    const bob = window_("bob");
    const { run, removed, stop } = ending([alice.hello, bob.hello]);
    endEarlyRun(run);
    expect(stop).toHaveBeenCalledOnce();
    expect(removed).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(removed).toHaveBeenCalledOnce());
    expect(alice.heard).toEqual(["dispose", "ping"]);
    expect(bob.heard).toEqual(["dispose", "ping"]);
  });

  it("a window that never answers keeps the frames at most END_WAIT_MS", async () => {
    vi.useFakeTimers();
    const alice = window_("alice", false);
    const { run, removed } = ending([alice.hello]);
    endEarlyRun(run);
    await vi.advanceTimersByTimeAsync(END_WAIT_MS - 1);
    expect(removed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(removed).toHaveBeenCalledOnce();
    alice.close();
  });

  it("with no window heard from, the frames go at once", () => {
    const { run, removed } = ending([]);
    endEarlyRun(run);
    expect(removed).toHaveBeenCalledOnce();
  });

  it("endOnceHeard waits for the hello of every window named, then ends", async () => {
    vi.useFakeTimers();
    const alice = window_("alice");
    const bob = window_("bob");
    const events: MessageEvent[] = [alice.hello];
    const { run, stop } = ending(events);
    endOnceHeard(run, ["alice", "bob"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(stop).not.toHaveBeenCalled();
    events.push(bob.hello);
    await vi.advanceTimersByTimeAsync(100);
    expect(stop).toHaveBeenCalledOnce();
    vi.useRealTimers();
    await vi.waitFor(() => expect(bob.heard).toEqual(["dispose", "ping"]));
  });

  it("endOnceHeard ends after END_WAIT_MS when a window never says hello (a popup the browser blocked)", async () => {
    vi.useFakeTimers();
    const alice = window_("alice");
    const { run, stop } = ending([alice.hello]);
    endOnceHeard(run, ["alice", "bob"]);
    await vi.advanceTimersByTimeAsync(END_WAIT_MS - 100);
    expect(stop).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(stop).toHaveBeenCalledOnce();
  });
});
