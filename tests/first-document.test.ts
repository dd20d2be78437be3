import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../src/run/parser";
import { decodeInit, encodeInit, readFragment, urlWithInit } from "../sandboxes/first-document";
import { MAX_INIT_URL, type InitMessage } from "../sandboxes/protocol";
import { SCRIPTS } from "../src/run/scripts";
import { initFor, pageFrameUrls, payloadsOf, type RunTables } from "../src/host/run/init";
import type { Scenario } from "../src/scenario/types";

const scenario: Scenario = {
  id: "t",
  title: "t",
  summary: "",
  windows: [
    { name: "alice", origin: "alice", kind: "iframe", script: 'console.log("héllo ✓");\nframes[0].postMessage("hi", "*");' },
    { name: "bob", origin: "bob", kind: "iframe", parent: "alice", script: "let i = 0; while (i < 3) i++;" },
    { name: "carol", origin: "carol", kind: "popup", opener: "bob", script: "opener.postMessage(1, '*');" },
    { name: "__proto__", origin: "carol", kind: "iframe", parent: "bob", createdByScript: true, script: "" },
  ],
};
const urls = Object.fromEntries(scenario.windows.map((w) => [w.name, `http://${w.origin}.localhost:5173/?pgw=${w.name}`]));
const run: RunTables = { scenario, runId: "r1", runStart: 1000.5, origins: {}, urls, sites: {}, paused: false, clickToOpen: false, scripts: SCRIPTS };

// Scripts other than the built-ins' need the parser, which the app loads apart (src/run/parser.ts).
beforeAll(() => loadParser());

describe("a first document's init in its URL", () => {
  it("comes back exactly as written, whatever the script's characters", () => {
    const init = initFor(run, scenario.windows[0]!, 1, "alice");
    const payload = encodeInit(init);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeInit(payload)).toEqual(init);
    // What a parent's runtime writes for its frame is the very text the host expects.
    const frame = init.frames[0]!;
    expect(frame.init).toBeDefined();
    expect(encodeInit(JSON.parse(JSON.stringify(frame.init)) as InitMessage)).toBe(payloadsOf(init, false).get("bob")?.text);
  });

  it("is plain base64url of the init's UTF-8 JSON, as the browser's own Uint8Array.toBase64 writes it", () => {
    // A browser with Uint8Array.prototype.toBase64 writes the payload with it, one without (and
    // this Node) with the code beside it: both must write, and read, the same text. Each length
    // of the last group of three bytes is here (no padding is written).
    const vectors: [string, string][] = [
      ["", "eyJ0eXBlIjoiaW5pdCIsImh0bWwiOiIifQ"],
      ["é", "eyJ0eXBlIjoiaW5pdCIsImh0bWwiOiLDqSJ9"],
      ["✓✓", "eyJ0eXBlIjoiaW5pdCIsImh0bWwiOiLinJPinJMifQ"],
    ];
    for (const [html, text] of vectors) {
      const init = { type: "init", html } as unknown as InitMessage;
      expect(encodeInit(init)).toBe(text);
      expect(decodeInit(text)).toEqual(init);
    }
  });

  it("is not an init when it was not written by encodeInit", () => {
    expect(decodeInit("not base64!")).toBeNull();
    expect(decodeInit(btoa(JSON.stringify({ type: "other" })))).toBeNull();
  });

  it("reads the fragment's init and theme, in either order, and nothing else", () => {
    expect(readFragment("#pginit=abc&color-scheme=dark")).toEqual({ payload: "abc", colorScheme: "dark" });
    expect(readFragment("#color-scheme=light")).toEqual({ payload: null, colorScheme: "light" });
    expect(readFragment("#section-2")).toEqual({ payload: null, colorScheme: undefined });
  });

  it("is left out of a URL that would be too long, which then gets its init over the channel", () => {
    expect(urlWithInit("http://a.localhost/", "x".repeat(MAX_INIT_URL))).toBeNull();
    const huge: Scenario = { ...scenario, windows: [{ ...scenario.windows[0]!, script: `"${"x".repeat(MAX_INIT_URL)}";` }, ...scenario.windows.slice(1)] };
    expect(pageFrameUrls({ ...run, scenario: huge }).has("alice")).toBe(false);
  });

  it("carries the inits of every window the document makes or opens, and the host expects each", () => {
    const frames = pageFrameUrls(run);
    expect([...frames.keys()]).toEqual(["alice"]);
    const bob = frames.get("alice")!.init.frames[0]!.init!;
    expect(bob.documentNumber).toBe(1);
    // bob's popup and the frame his script makes are his to open, with inits of their own.
    expect(Object.keys(bob.opens ?? {}).sort()).toEqual(["__proto__", "carol"]);
    expect(Object.getPrototypeOf(bob.opens)).toBe(Object.prototype);
    const expected = payloadsOf(frames.get("alice")!.init, true);
    expect([...expected.keys()].sort()).toEqual(["__proto__", "alice", "bob", "carol"]);
    // A later document makes new windows whose documents the host counts: no inits for them.
    const later = initFor(run, scenario.windows[1]!, 2, "bob");
    expect(later.frames).toEqual([]);
    expect(later.opens).toBeUndefined();
  });
});
