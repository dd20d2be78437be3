/**
 * The built-in library scenarios (src/scenario/libraries/*.json) hold the libraries' browser
 * builds, generated from node_modules by scripts/library-scenarios.mjs. A checked-in file that is
 * not what the generator makes (a library updated, a script edited by hand) fails here. Regenerate:
 *
 *   node scripts/library-scenarios.mjs
 */
import { describe, expect, it } from "vitest";
import config from "../playground.config.json";
import { builtinText, LIBRARIES, scenarioFile, SCENARIOS } from "../scripts/library-scenarios.mjs";
import { BUILTIN_CHOICES, PROMISED } from "../src/scenario/builtin";
import { contentKey } from "../src/scenario/content-key";
import { LIBRARY_INDEX } from "../src/scenario/library-index";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import { validateScenario } from "../src/scenario/schema";
import { fs } from "./node-fs";

/** Every built-in, the library ones loaded: what the picker offers. */
const BUILTIN_SCENARIOS = [...PROMISED, ...LIBRARY_BUILTINS];

const SITES = Object.keys(config.sandboxes);
const builtins = SCENARIOS.filter((s) => s.builtin);
const HOW_TO_UPDATE = "regenerate with: node scripts/library-scenarios.mjs";

describe("library scenarios", () => {
  it.each(builtins.map((s) => [s.id, s] as const))("src/scenario/libraries/%s.json is what the generator makes", (id, entry) => {
    const checkedIn = fs.readFileSync(new URL(`../src/scenario/libraries/${id}.json`, import.meta.url), "utf8");
    expect(checkedIn === builtinText(entry), HOW_TO_UPDATE).toBe(true);
  });

  it("every generated built-in is in the scenario picker, with the console lines it promises", () => {
    expect(LIBRARY_BUILTINS.map((b) => b.id)).toEqual(builtins.map((s) => s.id));
    // The picker lists them, and links are matched with them, before their scripts load (library-index.ts).
    expect(LIBRARY_INDEX, "update src/scenario/library-index.ts").toEqual(LIBRARY_BUILTINS.map((b) => ({ id: b.id, title: b.title, key: contentKey(b) })));
    expect(BUILTIN_CHOICES.map((b) => b.id)).toEqual(BUILTIN_SCENARIOS.map((b) => b.id));
    for (const entry of builtins) {
      const shown = BUILTIN_SCENARIOS.find((b) => b.id === entry.id);
      expect(shown?.title).toBe(entry.title);
      expect(LIBRARY_BUILTINS.find((b) => b.id === entry.id)?.promised.console).toEqual(entry.console);
    }
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))("%s is a valid scenario file", (_id, entry) => {
    const result = validateScenario(scenarioFile(entry), SITES);
    expect(result.ok ? "valid" : result.error).toBe("valid");
  });

  it("every library a scenario names is in the table, and every library is used", () => {
    const used = new Set(SCENARIOS.flatMap((s) => s.windows.flatMap((w) => w.libraries)));
    expect([...used].filter((l) => !(l in LIBRARIES))).toEqual([]);
    expect(Object.keys(LIBRARIES).filter((l) => !used.has(l))).toEqual([]);
  });

  it("a window's script starts with its libraries' builds and ends with its own code", () => {
    const entry = SCENARIOS.find((s) => s.id === "comlink-channel");
    const bob = entry === undefined ? undefined : scenarioFile(entry).windows.find((w) => w.name === "bob");
    expect(bob?.script.startsWith("// comlink ")).toBe(true);
    expect(bob?.script.endsWith('parent.postMessage("ready", playground.origin("alice"));\n')).toBe(true);
    expect(bob?.script).not.toContain("sourceMappingURL");
  });
});

describe("createdByScript", () => {
  const file = (bob: object) => ({
    format: "postmessage-playground/scenario",
    version: 1,
    id: "made",
    title: "made",
    windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "" }, { name: "bob", origin: "bob", script: "", ...bob }],
  });

  it("is accepted on a nested iframe", () => {
    expect(validateScenario(file({ kind: "iframe", parent: "alice", createdByScript: true }), SITES).ok).toBe(true);
  });

  it.each([
    ["a frame of the page", { kind: "iframe", createdByScript: true }],
    ["a popup", { kind: "popup", opener: "alice", createdByScript: true }],
  ])("is refused on %s, which no scenario script makes", (_what, bob) => {
    const result = validateScenario(file(bob), SITES);
    expect(result.ok ? "accepted" : result.error).toBe(
      'window 2 ("bob"), windows[1].createdByScript: only a nested iframe can be made by its parent\'s script (a popup always is; a frame of the page is made by the playground)',
    );
  });

  it("is refused with a sandbox attribute, which the script gives the frame itself", () => {
    const result = validateScenario(file({ kind: "iframe", parent: "alice", createdByScript: true, sandbox: "allow-scripts" }), SITES);
    expect(result.ok ? "accepted" : result.error).toBe(
      'window 2 ("bob"), windows[1].sandbox: a frame the script makes gets the sandbox attribute the script gives it: remove "sandbox" or "createdByScript"',
    );
  });
});
