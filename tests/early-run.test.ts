import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appStarted, isSameRun, leaveEarlyRun, opensOnDefault, takeEarlyRun, type EarlyRun } from "../src/host/run/early";

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
  it("nothing of it is enumerable on the page's window", () => {
    leaveEarlyRun(run);
    expect(Object.keys(window)).toEqual([]);
  });
});
