// A rerun's wait for the windows still starting, and closing a popup stuck in a loop
// (src/host/run/retire.ts), the latter with a window that the test moves by hand: its location
// reads as another origin's (a throw) until the host's navigation lands.
import { describe, expect, it } from "vitest";
import { afterWindowsStarted, CLOSE_WAIT_MS, EVICT_MS, evictPopup, STARTING_WAIT_MS, stillStarting } from "../src/host/run/retire";
import type { LiveWindow, Session } from "../src/host/session";
import type { WindowStatus } from "../src/store/types";
import { manualClock } from "./manual-clock";

/**
 * A stuck popup: the navigation to about:blank lands `landsAfter` ms after it is asked for; a
 * close() asked for after that takes `closesAfter` ms, as the browser's does.
 */
function stuckPopup(clock: ReturnType<typeof manualClock>, landsAfter: number, closesAfter = 0) {
  let navigatedAt = Infinity;
  let closingAt = Infinity;
  const popup = {
    get closed(): boolean {
      return clock.now() >= closingAt + closesAfter;
    },
    closeCalls: 0,
    close() {
      popup.closeCalls++;
      if (clock.now() >= navigatedAt + landsAfter) closingAt = Math.min(closingAt, clock.now());
    },
    location: {
      replace(url: string) {
        expect(url).toBe("about:blank");
        navigatedAt = clock.now();
      },
      get href(): string {
        if (clock.now() < navigatedAt + landsAfter) throw new DOMException("cross-origin", "SecurityError");
        return "about:blank";
      },
    },
  };
  return popup;
}

describe("stillStarting", () => {
  const windows = [
    { name: "alice", origin: "alice", kind: "iframe" as const, script: "" },
    { name: "inner", origin: "bob", kind: "iframe" as const, parent: "alice", script: "" },
    { name: "bob", origin: "bob", kind: "popup" as const, opener: "alice", script: "" },
  ];
  /** A run whose windows have these statuses; `live` ones have said hello. */
  const check = (statuses: Record<string, WindowStatus>, live: string[] = []) => {
    const s = { scenario: { id: "t", title: "t", summary: "", windows }, live: new Map(live.map((n) => [n, {} as LiveWindow])) } as unknown as Session;
    return stillStarting(s, (name) => statuses[name]);
  };

  it("is true while a frame of the page or a popup loads without having said hello", () => {
    expect(check({ alice: "loading", inner: "loading", bob: "not opened" })).toBe(true);
    expect(check({ alice: "running", inner: "running", bob: "loading" }, ["alice", "inner"])).toBe(true);
  });

  it("is false once they said hello, for a popup not opened or blocked, and for a nested frame", () => {
    expect(check({ alice: "loading", inner: "loading", bob: "loading" }, ["alice", "bob"])).toBe(false);
    expect(check({ alice: "running", inner: "loading", bob: "not opened" }, ["alice"])).toBe(false);
    expect(check({ alice: "running", inner: "running", bob: "blocked by the browser" }, ["alice", "inner"])).toBe(false);
    expect(check({ alice: "removed", inner: "removed", bob: "closed" })).toBe(false);
  });
});

describe("afterWindowsStarted", () => {
  it("goes on at once when no window is starting", () => {
    const clock = manualClock();
    let wentOn = -1;
    afterWindowsStarted(clock, () => false, () => (wentOn = clock.now()));
    expect(wentOn).toBe(clock.now());
  });

  it("waits while a window is starting, and goes on once its page has said hello", () => {
    const clock = manualClock();
    let starting = true;
    let calls = 0;
    let wentOn = -1;
    const start = clock.now();
    afterWindowsStarted(clock, () => starting, () => ((wentOn = clock.now()), calls++));
    clock.advance(300);
    expect(wentOn).toBe(-1);
    starting = false;
    clock.advance(10);
    expect(wentOn - start).toBe(310);
    clock.advance(STARTING_WAIT_MS);
    expect(calls).toBe(1);
  });

  it("goes on after STARTING_WAIT_MS when a page never says hello", () => {
    const clock = manualClock();
    let calls = 0;
    let wentOn = -1;
    const start = clock.now();
    afterWindowsStarted(clock, () => true, () => ((wentOn = clock.now()), calls++));
    clock.advance(STARTING_WAIT_MS - 10);
    expect(wentOn).toBe(-1);
    clock.advance(10);
    expect(wentOn - start).toBe(STARTING_WAIT_MS);
    clock.advance(STARTING_WAIT_MS);
    expect(calls).toBe(1);
  });
});

describe("evictPopup", () => {
  it("waits for a navigation that lands after seconds, then closes the window and goes on", () => {
    const clock = manualClock();
    const popup = stuckPopup(clock, 2000);
    let wentOn = -1;
    evictPopup(clock, popup as unknown as Window, () => (wentOn = clock.now()));
    const start = clock.now();
    clock.advance(1990);
    expect(wentOn).toBe(-1);
    expect(popup.closeCalls).toBe(0);
    clock.advance(20);
    expect(wentOn - start).toBeGreaterThanOrEqual(2000);
    expect(wentOn - start).toBeLessThan(2020);
    expect(popup.closed).toBe(true);
  });

  it("goes on only once the window is closed: until then it keeps its name, which the next run would find", () => {
    const clock = manualClock();
    const popup = stuckPopup(clock, 500, 300);
    let wentOn = -1;
    evictPopup(clock, popup as unknown as Window, () => (wentOn = clock.now()));
    const start = clock.now();
    clock.advance(520);
    expect(popup.closeCalls).toBe(1);
    expect(popup.closed).toBe(false);
    expect(wentOn).toBe(-1);
    clock.advance(300);
    expect(popup.closed).toBe(true);
    expect(wentOn - start).toBeGreaterThanOrEqual(800);
    expect(wentOn - start).toBeLessThan(840);
  });

  it("goes on after EVICT_MS and CLOSE_WAIT_MS when the window never becomes the page's", () => {
    const clock = manualClock();
    const popup = stuckPopup(clock, Infinity);
    let wentOn = -1;
    evictPopup(clock, popup as unknown as Window, () => (wentOn = clock.now()));
    const start = clock.now();
    clock.advance(EVICT_MS + CLOSE_WAIT_MS - 20);
    expect(wentOn).toBe(-1);
    expect(popup.closeCalls).toBe(1);
    clock.advance(40);
    expect(wentOn - start).toBeGreaterThanOrEqual(EVICT_MS + CLOSE_WAIT_MS);
    expect(popup.closed).toBe(false);
  });
});
