/**
 * The built-in scenarios are files (src/scenario/builtins/NN-id.scenario.json) that the app finds
 * with import.meta.glob. These checks run before any browser does: every file is a valid scenario
 * with the `expected` that e2e/library.spec.ts compares with the timeline, the app lists exactly
 * the files of the directory in file order, and ids stay what share links, saved work and embeds
 * refer to.
 */
import { describe, expect, it } from "vitest";
import config from "../playground.config.json";
import { DEFAULT_SCENARIO, PROMISED } from "../src/scenario/builtin";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import { BUILTIN_FILE_NAME, builtinsFromFiles } from "../src/scenario/builtin-files";
import { validateScenario } from "../src/scenario/schema";
import { fs } from "./node-fs";

/** Every built-in, the library ones loaded: what the picker offers. */
const BUILTIN_SCENARIOS = [...PROMISED, ...LIBRARY_BUILTINS];

const DIR = new URL("../src/scenario/builtins/", import.meta.url);
const SITES = Object.keys(config.sandboxes);
const files = fs.readdirSync(DIR).sort();
const read = (file: string): unknown => JSON.parse(fs.readFileSync(new URL(file, DIR), "utf8"));

describe("src/scenario/builtins", () => {
  it("holds only scenario files named NN-id.scenario.json, numbered 01 onwards without gaps", () => {
    expect(files.filter((f) => !BUILTIN_FILE_NAME.test(f))).toEqual([]);
    expect(files.map((f) => f.slice(0, 2))).toEqual(files.map((_f, i) => String(i + 1).padStart(2, "0")));
  });

  for (const file of files) {
    it(`${file} is a valid scenario whose expected names its own windows and configured sites`, () => {
      const parsed = validateScenario(read(file), SITES);
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
      const { expected, windows, id } = parsed.value;
      expect(id).toBe(BUILTIN_FILE_NAME.exec(file)?.[2]);
      expect(expected?.messages.length ?? 0, `${file} needs "expected" with the rows its summary promises`).toBeGreaterThan(0);
      const placeholders = [...JSON.stringify(expected).matchAll(/\{([a-z][a-z0-9-]*)\}/g)].map((m) => m[1] ?? "");
      expect(placeholders.filter((p) => !SITES.includes(p))).toEqual([]);
      const names = windows.map((w) => w.name);
      expect(Object.keys(expected?.console ?? {}).filter((w) => !names.includes(w))).toEqual([]);
      const ends = [...(expected?.messages ?? [])].flatMap((m) => [m.from, m.to]);
      expect(ends.filter((w) => !names.includes(w) && w !== "(playground)" && w !== "unknown")).toEqual([]);
    });
  }

  it("the app lists every file of the directory, in file order, and nothing else", () => {
    expect(PROMISED).toHaveLength(files.length);
    expect(PROMISED.map((s) => s.id)).toEqual(files.map((f) => BUILTIN_FILE_NAME.exec(f)?.[2]));
    expect(PROMISED).toEqual(builtinsFromFiles(Object.fromEntries(files.map((f) => [f, read(f)]))));
  });

  it("opens on the password popup, and no two built-ins share an id", () => {
    expect(DEFAULT_SCENARIO.id).toBe("password-to-popup");
    const ids = BUILTIN_SCENARIOS.map((s) => s.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("docs/embed.md lists every built-in's id, in the picker's order", () => {
    const doc = fs.readFileSync(new URL("../docs/embed.md", import.meta.url), "utf8");
    const listed = /Open this built-in scenario \(ids: ([^)]*)\)/.exec(doc)?.[1] ?? "";
    expect([...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(BUILTIN_SCENARIOS.map((s) => s.id));
  });
});

describe("reading a built-in file", () => {
  const file = (id: string, expected?: object) => ({
    format: "postmessage-playground/scenario",
    version: 1,
    id,
    title: id,
    windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "" }],
    ...(expected ? { expected } : {}),
  });

  it("orders by file name, whatever order the files were found in", () => {
    const loaded = builtinsFromFiles({ "./b/02-two.scenario.json": file("two", { messages: [] }), "./b/01-one.scenario.json": file("one", { messages: [] }) });
    expect(loaded.map((s) => s.id)).toEqual(["one", "two"]);
  });

  it.each([
    ["without expected", { "01-one.scenario.json": file("one") }, '01-one.scenario.json: a built-in needs "expected", the timeline its summary promises'],
    ["whose name is not its id", { "01-one.scenario.json": file("two", { messages: [] }) }, '01-one.scenario.json: the file\'s id is "two", its name says "one"'],
    ["without a number", { "one.scenario.json": file("one", { messages: [] }) }, "one.scenario.json: a built-in's file is named NN-id.scenario.json"],
    ["that is not a scenario", { "01-one.scenario.json": { ...file("one", { messages: [] }), windows: [] } }, "01-one.scenario.json: windows: must hold at least 1 entry"],
  ])("refuses a file %s, naming it", (_what, files, message) => {
    expect(() => builtinsFromFiles(files)).toThrow(message);
  });
});
