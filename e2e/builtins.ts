/**
 * The built-in scenarios as the app lists them, read from the same files with the same rules
 * (src/scenario/builtin-files.ts). The app finds them with Vite's `import.meta.glob`, which
 * Playwright's Node cannot run, so the tests read the directory themselves; e2e/library.spec.ts
 * checks that the picker offers exactly these.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinsFromFiles, type BuiltinScenario } from "../src/scenario/builtin-files";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import type { Scenario } from "../src/scenario/types";

export const BUILTIN_DIR = join(import.meta.dirname, "..", "src", "scenario", "builtins");

const files = readdirSync(BUILTIN_DIR).filter((f) => f.endsWith(".scenario.json"));
export const PROMISED: readonly BuiltinScenario[] = builtinsFromFiles(Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(join(BUILTIN_DIR, f), "utf8")) as unknown])));
export const BUILTIN_SCENARIOS: readonly Scenario[] = [...PROMISED, ...LIBRARY_BUILTINS];
/** The scenario the playground opens with: the first file, as in src/scenario/builtin.ts. */
export const DEFAULT_SCENARIO: BuiltinScenario = (() => {
  const first = PROMISED[0];
  if (!first) throw new Error(`no built-in scenario files in ${BUILTIN_DIR}`);
  return first;
})();
