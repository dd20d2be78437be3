import { describe, expect, it } from "vitest";
import { resolveOrigins } from "../sandboxes/origins";
import { BRAND, isHelloMessage, parseRuntimeMessage, pathLabel } from "../sandboxes/protocol";
import { formatConsoleArgs, preview, shapeOf } from "../sandboxes/runtime/preview";

describe("preview", () => {
  it("renders what was sent without calling getters", () => {
    let called = false;
    const data = {
      a: 1,
      s: "x",
      get secret() {
        called = true;
        return 42;
      },
    };
    expect(preview(data)).toBe('{a: 1, s: "x", secret: [getter]}');
    expect(called).toBe(false);
  });

  it("handles cycles, buffers, typed arrays, maps and non-cloneables", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(preview(cyclic)).toBe('{name: "loop", self: [Circular]}');
    expect(preview(new ArrayBuffer(8))).toBe("ArrayBuffer(8)");
    expect(preview(new Uint8Array([1, 2, 3]))).toBe("Uint8Array(3) [1, 2, 3]");
    expect(preview(new Map([[1, 2]]))).toBe("Map(1)");
    expect(preview(function hello() {})).toBe("ƒ hello()");
    expect(preview(Symbol("s"))).toBe("Symbol(s)");
  });

  it("marks a transferred (detached) buffer", () => {
    const buf = new ArrayBuffer(4);
    structuredClone(buf, { transfer: [buf] });
    expect(preview(buf)).toBe("ArrayBuffer (detached)");
  });

  it("truncates long data", () => {
    expect(preview("x".repeat(10_000)).length).toBeLessThan(600);
    expect(preview(Array.from({ length: 100 }, (_, i) => i))).toContain("… 92 more");
  });
});

describe("shapeOf", () => {
  it("is the same before and after structured cloning", () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    for (const v of ["hello", 3, null, undefined, true, [1, 2], { a: 1, b: [2] }, new Point(1, 2), new Date(0), new Map()]) {
      expect(shapeOf(structuredClone(v))).toBe(shapeOf(v));
    }
  });

  it("tells different messages apart", () => {
    expect(shapeOf("ready")).not.toBe(shapeOf("hello"));
    expect(shapeOf({ a: 1 })).not.toBe(shapeOf({ b: 1 }));
  });
});

describe("console formatting", () => {
  it("prints strings bare and previews everything else", () => {
    expect(formatConsoleArgs(["got", { a: 1 }, 2])).toBe("got {a: 1} 2");
  });
});

describe("protocol", () => {
  it("reads a batch's claim that it holds only the window's messages to itself, when its time is finite and its events a count within the batch's, on a JSON batch that is not early", () => {
    const self = { last: 12.5, events: 2 };
    expect(parseRuntimeMessage({ type: "reports", json: "[]", count: 3, self })).toEqual({ type: "reports", json: "[]", count: 3, self });
    for (const bad of [
      { self: 12.5 },
      { self: { last: Infinity, events: 2 } },
      { self: { last: "12", events: 2 } },
      { self: { last: 12, events: 4 } },
      { self: { last: 12, events: 1.5 } },
      { self: { last: 12, events: -1 } },
      { self, early: true },
    ]) {
      const batch = parseRuntimeMessage({ type: "reports", json: "[]", count: 3, ...bad });
      expect(batch && "self" in batch).toBe(false);
    }
    expect(parseRuntimeMessage({ type: "reports", reports: [], self })).toEqual({ type: "reports", reports: [] });
  });

  it("reads a window's counts of its messages to itself that it did not send, when its time is finite and its counts whole numbers within bounds, not both 0", () => {
    expect(parseRuntimeMessage({ type: "unsent", last: 12.5, events: 3, held: 0, extra: "x" })).toEqual({ type: "unsent", last: 12.5, events: 3, held: 0 });
    expect(parseRuntimeMessage({ type: "unsent", last: 0, events: 0, held: 20 })).toEqual({ type: "unsent", last: 0, events: 0, held: 20 });
    for (const bad of [
      { last: 12.5, held: 1 },
      { last: 12.5, events: 3 },
      { last: Infinity, events: 3, held: 0 },
      { last: "12", events: 3, held: 0 },
      { last: 12, events: 0, held: 0 },
      { last: 12, events: 1.5, held: 0 },
      { last: 12, events: 3, held: 0.5 },
      { last: 12, events: -3, held: 5 },
      { last: 12, events: 3, held: -1 },
      { last: 12, events: 2e9, held: 0 },
      { last: 12, events: 0, held: 2e9 },
    ]) {
      expect(parseRuntimeMessage({ type: "unsent", ...bad })).toBeNull();
    }
  });

  it("labels window paths as a script would write them", () => {
    expect(pathLabel(["opener"])).toBe("opener");
    expect(pathLabel(["popup:bob"])).toBe("popup bob");
    expect(pathLabel(["frames:0"])).toBe("frames[0]");
    expect(pathLabel(["parent", "frames:1"])).toBe("parent.frames[1]");
    expect(pathLabel(null)).toBe("null");
    expect(pathLabel([])).toBe("unknown");
  });

  it("recognises only a branded hello", () => {
    expect(isHelloMessage({ brand: BRAND, type: "hello", run: "r1", window: "alice", origin: "x", start: 1 })).toBe(true);
    expect(isHelloMessage({ type: "hello", run: "r1", window: "alice" })).toBe(false);
    expect(isHelloMessage({ brand: BRAND, type: "hello", run: 1, window: "alice" })).toBe(false);
    expect(isHelloMessage("hello")).toBe(false);
    expect(isHelloMessage(null)).toBe(false);
  });

  it("fills origin templates from the page address", () => {
    const config = { host: "{scheme}://localhost:{port}", sandboxes: { alice: "{scheme}://alice.localhost:{port}", real: "https://real.example.com" } };
    expect(resolveOrigins(config, { protocol: "http:", port: "5173" })).toEqual({
      host: "http://localhost:5173",
      sandboxes: { alice: "http://alice.localhost:5173", real: "https://real.example.com" },
    });
    expect(resolveOrigins(config, { protocol: "https:", port: "" }).sandboxes.alice).toBe("https://alice.localhost");
  });
});
