/** The console a run keeps is bounded: lines are shortened, and a flood drops its oldest lines but not the run's first. */
import { describe, expect, it } from "vitest";
import { appendConsole, CONSOLE_HEAD, MAX_CONSOLE_LINES, MAX_CONSOLE_TEXT, shortenConsoleText } from "../src/timeline/console-cap";
import type { ConsoleRecord } from "../src/timeline/records";

const line = (n: number, text = `line ${n}`): ConsoleRecord => ({ kind: "console", key: `a#1:${n}`, window: "a", time: n, level: "log", text });
const numbers = (lines: readonly ConsoleRecord[]) => lines.map((l) => l.time);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("shortenConsoleText", () => {
  it("keeps short lines as they are and cuts long ones, saying how long they were", () => {
    expect(shortenConsoleText("hello")).toBe("hello");
    expect(shortenConsoleText("x".repeat(MAX_CONSOLE_TEXT))).toBe("x".repeat(MAX_CONSOLE_TEXT));
    const short = shortenConsoleText("y".repeat(5_000));
    expect(short).toBe(`${"y".repeat(MAX_CONSOLE_TEXT)}… (5000 characters)`);
    // Shortened again (as the host's records are when they reach the store), it says the same.
    expect(shortenConsoleText(short)).toBe(short);
  });
});

describe("appendConsole", () => {
  it("keeps every line while there are few", () => {
    const kept = appendConsole({ lines: [line(0)], dropped: 0 }, [line(1), line(2)]);
    expect(numbers(kept.lines)).toEqual([0, 1, 2]);
    expect(kept.dropped).toBe(0);
  });

  it("beyond the cap, keeps the first lines and the latest, and counts the dropped ones", () => {
    let kept = { lines: [] as ConsoleRecord[], dropped: 0 };
    // Batches of 7 lines, 100 batches: 700 lines into a cap of 50 with a head of 10.
    for (let b = 0; b < 100; b++) kept = appendConsole(kept, range(b * 7, b * 7 + 7).map((n) => line(n)), 50, 10);
    expect(numbers(kept.lines)).toEqual([...range(0, 10), ...range(660, 700)]);
    expect(kept.dropped).toBe(650);
  });

  it("a single batch bigger than the cap keeps its first and latest lines, shortened", () => {
    const kept = appendConsole({ lines: [], dropped: 0 }, range(0, 100_000).map((n) => line(n, `${n} `.padEnd(5_000, "x"))));
    expect(kept.lines).toHaveLength(MAX_CONSOLE_LINES);
    expect(kept.dropped).toBe(100_000 - MAX_CONSOLE_LINES);
    expect(numbers(kept.lines.slice(0, CONSOLE_HEAD))).toEqual(range(0, CONSOLE_HEAD));
    expect(kept.lines.at(-1)?.time).toBe(99_999);
    for (const l of kept.lines) expect(l.text.length).toBeLessThanOrEqual(MAX_CONSOLE_TEXT + 20);
    expect(kept.lines.at(-1)?.text).toMatch(/^99999 x+… \(5000 characters\)$/);
  });

  it("lines from a file are shortened too", () => {
    const kept = appendConsole({ lines: [], dropped: 0 }, [line(0, "z".repeat(10_000))]);
    expect(kept.lines[0]?.text).toBe(`${"z".repeat(MAX_CONSOLE_TEXT)}… (10000 characters)`);
  });
});
