/**
 * Files nested too deep, or with a version of the wrong type, are refused with a message that says
 * what is wrong and where, and never throw (zod reads nested values by recursion; a file nested a
 * few thousand levels deep overflowed the stack and opened with no word at all).
 */
import { describe, expect, it } from "vitest";
import { nesting, treeLevels } from "../src/scenario/file-checks";
import { SCENARIO_FORMAT, validateScenario } from "../src/scenario/schema";
import { parseTimelineFile, TIMELINE_FORMAT } from "../src/timeline/export-format";

const SITES = ["alice", "bob"];
const scenario = { format: SCENARIO_FORMAT, version: 1, id: "x", title: "t", windows: [{ name: "a", origin: "alice", kind: "iframe", script: "" }] };

/**
 * JSON of a data tree `levels` nodes deep (each node's one entry holds the next), written as text:
 * JSON.stringify recurses and overflows on such a value, and a hostile file is written by hand anyway.
 */
function deepTreeJson(levels: number): string {
  const open = '{"t":"node","id":1,"tag":"Object","entries":[["next",';
  return `${open.repeat(levels - 1)}{"t":"leaf","text":"bottom"}${']],"more":0}'.repeat(levels - 1)}`;
}
const deepArrayJson = (levels: number) => `${"[".repeat(levels)}"bottom"${"]".repeat(levels)}`;
const deepTree = (levels: number): unknown => JSON.parse(deepTreeJson(levels));
/** A value nested `levels` arrays deep. */
const deepArray = (levels: number): unknown => JSON.parse(deepArrayJson(levels));
/** Stands in a value's place in a file's JSON, replaced by text that JSON.stringify could not write. */
const raw = (json: string) => `@raw:${json}@`;

const send = (i: number, tree?: unknown) => ({
  kind: "send",
  key: `a#1:${i}`,
  window: "a",
  doc: "a#1",
  origin: "http://alice.localhost",
  time: i,
  target: "a",
  targetLabel: "self",
  targetOrigin: "*",
  form: "positional",
  preview: String(i),
  shape: `n:${i}`,
  transfer: [],
  transferAfter: [],
  portsSent: [],
  ...(tree === undefined ? {} : { tree }),
});

const timeline = (extra: Record<string, unknown> = {}) =>
  stringify({
    format: TIMELINE_FORMAT,
    version: 1,
    exportedAt: "2026-01-01T00:00:00.000Z",
    runStart: 0,
    scenario,
    windowOrigins: { a: "http://alice.localhost" },
    documents: {},
    sends: [send(0), send(1), send(2), send(3)],
    receipts: [],
    console: [],
    ...extra,
  });

function stringify(file: Record<string, unknown>): string {
  return JSON.stringify(file).replace(/"@raw:(.*?)@"/g, (_, json: string) => JSON.parse(`"${json}"`) as string);
}

describe("nesting is measured without recursion", () => {
  it("counts levels of arrays and objects, and of data-tree nodes", () => {
    expect(nesting("x")).toBe(0);
    expect(nesting({ a: [1, { b: 2 }] })).toBe(3);
    expect(nesting(deepArray(100_000))).toBe(100_000);
    expect(treeLevels(deepTree(1))).toBe(1);
    expect(treeLevels(deepTree(2000))).toBe(2000);
  });
});

describe("a timeline file with a tree nested too deep", () => {
  it("is refused with the field and how deep it is, without throwing", () => {
    const sends = [send(0), send(1), send(2), send(3, raw(deepTreeJson(2000)))];
    const result = parseTimelineFile(timeline({ sends }));
    expect(result).toEqual({ ok: false, error: "sends[3].tree is nested 2000 levels deep; at most 32 are read" });
  });

  it("names a receipt's tree too, and any other field nested too deep", () => {
    const receipt = { kind: "receipt", tree: raw(deepTreeJson(40)) };
    expect(parseTimelineFile(timeline({ receipts: [receipt] }))).toEqual({ ok: false, error: "receipts[0].tree is nested 40 levels deep; at most 32 are read" });
    const line = { kind: "console", key: "k", window: "a", time: 0, level: "log", text: raw(deepArrayJson(5000)) };
    expect(parseTimelineFile(timeline({ console: [line] }))).toEqual({ ok: false, error: "console[0].text is nested 5000 levels deep; at most 32 are read" });
    expect(parseTimelineFile(timeline({ documents: { a: raw(deepArrayJson(3000)) } }))).toEqual({ ok: false, error: "documents is nested 3001 levels deep; at most 32 are read" });
  });

  it("opens when its trees are as deep as the limit", () => {
    const result = parseTimelineFile(timeline({ sends: [send(0, raw(deepTreeJson(32)))] }));
    expect(result.ok).toBe(true);
  });
});

describe("a version of the wrong type is named as such", () => {
  it("in a timeline file", () => {
    expect(parseTimelineFile(timeline({ version: "1" }))).toEqual({ ok: false, error: 'version must be the number 1, not the string "1"' });
    expect(parseTimelineFile(timeline({ version: null }))).toEqual({ ok: false, error: "version must be the number 1, not null" });
    expect(parseTimelineFile(timeline({ version: 2 }))).toEqual({ ok: false, error: "version 2 of the timeline format is not known to this playground (it reads version 1)" });
    expect(parseTimelineFile(timeline({ version: undefined }))).toEqual({ ok: false, error: "version is missing: it must be the number 1" });
    expect(parseTimelineFile(timeline({ scenario: { ...scenario, version: "1" } }))).toEqual({ ok: false, error: `its scenario's version must be the number 1, not the string "1"` });
  });

  it("in a scenario file", () => {
    expect(validateScenario({ ...scenario, version: "1" }, SITES)).toEqual({ ok: false, error: 'version must be the number 1, not the string "1"' });
    expect(validateScenario({ ...scenario, version: true }, SITES)).toEqual({ ok: false, error: "version must be the number 1, not the boolean true" });
    expect(validateScenario({ ...scenario, version: [1] }, SITES)).toEqual({ ok: false, error: "version must be the number 1, not an array" });
    expect(validateScenario({ ...scenario, version: 3 }, SITES)).toEqual({ ok: false, error: "version 3 of the scenario format is not known to this playground (it reads version 1)" });
    expect(validateScenario(scenario, SITES).ok).toBe(true);
  });

  it("a scenario nested too deep is refused with where", () => {
    const windows = [{ ...scenario.windows[0], script: deepArray(10_000) }];
    expect(validateScenario({ ...scenario, windows }, SITES)).toEqual({ ok: false, error: "windows[0].script is nested 10000 levels deep; at most 32 are read" });
    expect(validateScenario(deepArray(10_000), SITES).ok).toBe(false);
  });
});
