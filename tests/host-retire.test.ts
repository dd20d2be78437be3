// Closing a popup stuck in a loop (src/host/run/retire.ts), with a window that the test moves by
// hand: its location reads as another origin's (a throw) until the host's navigation lands.
import { describe, expect, it } from "vitest";
import { EVICT_MS, evictPopup } from "../src/host/run/retire";
import { manualClock } from "./manual-clock";

/** A stuck popup: the navigation to about:blank lands `landsAfter` ms after it is asked for. */
function stuckPopup(clock: ReturnType<typeof manualClock>, landsAfter: number) {
  let navigatedAt = Infinity;
  const popup = {
    closed: false,
    closeCalls: 0,
    close() {
      popup.closeCalls++;
      if (clock.now() >= navigatedAt + landsAfter) popup.closed = true;
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

  it("goes on after EVICT_MS when the window never becomes the page's", () => {
    const clock = manualClock();
    const popup = stuckPopup(clock, Infinity);
    let wentOn = -1;
    evictPopup(clock, popup as unknown as Window, () => (wentOn = clock.now()));
    const start = clock.now();
    clock.advance(EVICT_MS - 20);
    expect(wentOn).toBe(-1);
    clock.advance(40);
    expect(wentOn - start).toBeGreaterThanOrEqual(EVICT_MS);
    expect(popup.closeCalls).toBe(1);
    expect(popup.closed).toBe(false);
  });
});
