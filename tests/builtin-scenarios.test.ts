// The built-ins are checked when the app is built (scripts/builtin-scenarios.ts), not as the page
// opens: what the build hands the app is what the rules make of the files, and a file that breaks
// them stops the build, named. Type-checked with the Node config (tsconfig.node.json), as the
// plugin is.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinScenarios, readBuiltins } from "../scripts/builtin-scenarios";
import { PROMISED } from "../src/scenario/builtin";
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
function served(dir: string): unknown {
  const plugin = builtinScenarios(dir);
  const resolveId = plugin.resolveId as (id: string) => string | undefined;
  const load = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string | undefined;
  const id = resolveId("virtual:builtin-scenarios");
  if (id === undefined) throw new Error("the plugin does not resolve virtual:builtin-scenarios");
  const code = load.call({ addWatchFile: () => {} }, id) ?? "";
  const literal = /^export default JSON\.parse\((".*")\);\n$/s.exec(code)?.[1];
  if (literal === undefined) throw new Error(`unexpected module: ${code.slice(0, 80)}`);
  return JSON.parse(JSON.parse(literal) as string);
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
    expect(served(dir)).toEqual(read);
  });

  it("a file that is not a valid built-in stops the build, and says which and why", () => {
    const invalid = dirWith({ "01-one.scenario.json": JSON.stringify(scenario("one")), "02-two.scenario.json": JSON.stringify(scenario("two", "tab")) });
    expect(() => served(invalid)).toThrow('02-two.scenario.json: window 1 ("a"), windows[0].kind: must be "iframe" or "popup", not "tab"');
    const notJson = dirWith({ "01-one.scenario.json": '{"format": ' });
    expect(() => readBuiltins(notJson)).toThrow(/^01-one\.scenario\.json: not JSON \(/);
  });
});
