import { PREPARED_BUILTINS } from "virtual:builtin-scenarios";
import { describe, expect, it } from "vitest";
import { loadParser, preparedScript, scriptsReady, syntaxErrorIn } from "../src/run/parser";
import { DEFAULT_SCENARIO } from "../src/scenario/builtin";
import type { Scenario } from "../src/scenario/types";

const edited = (script: string, loopGuardMs?: number): Scenario => ({
  ...DEFAULT_SCENARIO,
  ...(loopGuardMs !== undefined ? { loopGuardMs } : {}),
  windows: DEFAULT_SCENARIO.windows.map((w, i) => (i === 0 ? { ...w, script } : w)),
});

// One file, one module instance: the first test sees the parser not loaded yet, as the app does.
describe("the script parser, loaded apart", () => {
  it("before it loads: a built-in's scripts are ready as the build prepared them, any other waits", () => {
    expect(scriptsReady(DEFAULT_SCENARIO)).toBe(true);
    const alice = DEFAULT_SCENARIO.windows[0]!.script;
    expect(preparedScript(alice, true)).toBe(PREPARED_BUILTINS.find(([script, guard]) => script === alice && guard)?.[2]);
    expect(syntaxErrorIn(alice)).toBeUndefined();
    // The build prepared the default with its loop guard: without it, the script is another to prepare.
    expect(scriptsReady(edited(alice, 0))).toBe(false);
    expect(scriptsReady(edited(`${alice}\n// an edit`))).toBe(false);
    expect(() => preparedScript("postMessage(1, '*');", true)).toThrow(/has not loaded yet/);
    expect(() => syntaxErrorIn("let x = ;")).toThrow(/has not loaded yet/);
  });

  it("once loaded: every script", async () => {
    await loadParser();
    expect(scriptsReady(edited("postMessage(1, '*');"))).toBe(true);
    expect(preparedScript("postMessage(1, '*');", true).sites).toHaveLength(1);
    expect(syntaxErrorIn("let x = ;")?.message).toMatch(/Unexpected token/);
    // Loading again is the same load.
    expect(loadParser()).toBe(loadParser());
  });
});
