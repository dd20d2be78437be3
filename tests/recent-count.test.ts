import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recentCounter } from "../sandboxes/recent-count";

describe("recentCounter", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["performance"] }));
  afterEach(() => vi.useRealTimers());

  it("counts the current window and the one just before it, not older ones", () => {
    const count = recentCounter(50);
    expect(count(10)).toBe(10);
    vi.advanceTimersByTime(30);
    expect(count(5)).toBe(15);
    // A new window: the last one's 15 still count, so a steady flood never reads as quiet.
    vi.advanceTimersByTime(30);
    expect(count()).toBe(16);
    // Two windows later with nothing between: the old counts are gone.
    vi.advanceTimersByTime(120);
    expect(count()).toBe(1);
  });
});
