// The built-ins are checked and their scripts prepared when the app is built
// (scripts/builtin-scenarios.ts), not as the page opens: what the build hands the app is what the
// rules make of the files and what preparing the scripts then would give, and a file that breaks
// them stops the build, named. Type-checked with the Node config (tsconfig.node.json), as the
// plugin is.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PREPARED_BUILTINS } from "virtual:builtin-scenarios";
import DEFAULT_ALONE, { PREPARED_DEFAULT } from "virtual:default-scenario";
import { builtinScenarios, readBuiltins } from "../scripts/builtin-scenarios";
import { prepareRecorded, recordScript } from "../src/run/prepare";
import { preparedScript, syntaxErrorIn } from "../src/run/parser";
import { DEFAULT_SCENARIO, PROMISED } from "../src/scenario/builtin";
import { DEFAULT_LOOP_GUARD_MS } from "../src/scenario/types";
import { SCENARIO_FORMAT } from "../src/scenario/scenario-file";

const scenario = (id: string, kind = "iframe") => ({
  format: SCENARIO_FORMAT,
  version: 1,
  id,
  title: `The ${id} one`,
  windows: [{ name: "a", origin: "alice", kind, script: "postMessage(1, '*');" }],
  expected: { messages: [{ from: "a", to: "a", state: "delivered" }] },
});

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "builtins-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** What the app imports from `virtual:builtin-scenarios`, as the plugin serves it. */
function served(dir: string): { builtins: unknown; prepared: unknown } {
  const plugin = builtinScenarios(dir);
  const resolveId = plugin.resolveId as (id: string) => string | undefined;
  const load = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string | undefined;
  const id = resolveId("virtual:builtin-scenarios");
  if (id === undefined) throw new Error("the plugin does not resolve virtual:builtin-scenarios");
  const code = load.call({ addWatchFile: () => {} }, id) ?? "";
  const literals = /^export default JSON\.parse\((".*")\);\nexport const PREPARED_BUILTINS = JSON\.parse\((".*")\);\n$/s.exec(code);
  if (!literals?.[1] || !literals[2]) throw new Error(`unexpected module: ${code.slice(0, 80)}`);
  const value = (literal: string): unknown => JSON.parse(JSON.parse(literal) as string);
  return { builtins: value(literals[1]), prepared: value(literals[2]) };
}

describe("built-ins checked at build time", () => {
  it("the app's built-ins are the directory's files, read by the rules", () => {
    expect(PROMISED).toEqual(readBuiltins());
  });

  it("the module the build serves holds what the rules read, in file order, with the defaults filled in", () => {
    const dir = dirWith({ "02-two.scenario.json": JSON.stringify(scenario("two")), "01-one.scenario.json": JSON.stringify(scenario("one")) });
    const read = readBuiltins(dir);
    expect(read.map((s) => [s.id, s.summary])).toEqual([
      ["one", ""],
      ["two", ""],
    ]);
    expect(served(dir).builtins).toEqual(read);
  });

  it("the app's first run of a built-in takes each script as the build prepared it, the same as preparing it then", () => {
    const windows = PROMISED.flatMap((s) => s.windows.map((w) => ({ script: w.script, guard: (s.loopGuardMs ?? DEFAULT_LOOP_GUARD_MS) > 0 })));
    // Once each: two windows with the same script and guard share one.
    const once = [...new Map(windows.map((w) => [`${String(w.guard)}:${w.script}`, [w.script, w.guard]])).values()];
    expect(PREPARED_BUILTINS.map(([script, guard]) => [script, guard])).toEqual(once);
    for (const [script, guard, prepared] of PREPARED_BUILTINS) {
      expect(preparedScript(script, guard)).toBe(prepared);
      expect(prepared).toEqual(prepareRecorded(script, recordScript(script), guard));
      expect(syntaxErrorIn(script)).toBeUndefined();
    }
  });

  it("a first visit's early run loads the default scenario alone, its scripts as the app's first run takes them", () => {
    expect(DEFAULT_ALONE).toEqual(DEFAULT_SCENARIO);
    const texts = new Set(DEFAULT_SCENARIO.windows.map((w) => w.script));
    expect(PREPARED_DEFAULT).toEqual(PREPARED_BUILTINS.filter(([script]) => texts.has(script)));
    expect(PREPARED_DEFAULT.length).toBe(texts.size);
  });

  it("a directory with no scenario file has nothing to open on: the build stops", () => {
    const plugin = builtinScenarios(dirWith({}));
    const id = (plugin.resolveId as (id: string) => string | undefined)("virtual:default-scenario") ?? "";
    const load = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string | undefined;
    expect(() => load.call({ addWatchFile: () => {} }, id)).toThrow(/holds no scenario file/);
  });

  it("a file that is not a valid built-in stops the build, and says which and why", () => {
    const invalid = dirWith({ "01-one.scenario.json": JSON.stringify(scenario("one")), "02-two.scenario.json": JSON.stringify(scenario("two", "tab")) });
    expect(() => served(invalid)).toThrow('02-two.scenario.json: window 1 ("a"), windows[0].kind: must be "iframe" or "popup", not "tab"');
    const notJson = dirWith({ "01-one.scenario.json": '{"format": ' });
    expect(() => readBuiltins(notJson)).toThrow(/^01-one\.scenario\.json: not JSON \(/);
    const unparsed = { ...scenario("one"), windows: [{ name: "a", origin: "alice", kind: "iframe", script: "postMessage(1, '*'" }] };
    expect(() => served(dirWith({ "01-one.scenario.json": JSON.stringify(unparsed) }))).toThrow(/^one: window a's script does not parse \(/);
  });
});
