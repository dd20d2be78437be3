/**
 * The built-in scenarios as the app lists them, read from the same files by the same code that
 * makes them part of the app when it is built (scripts/builtin-scenarios.ts);
 * e2e/library.spec.ts checks that the picker offers exactly these.
 */
import { BUILTIN_DIR, readBuiltins } from "../scripts/builtin-scenarios";
import type { BuiltinScenario } from "../src/scenario/builtin-files";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import type { Scenario } from "../src/scenario/types";

export { BUILTIN_DIR };

export const PROMISED: readonly BuiltinScenario[] = readBuiltins();
export const BUILTIN_SCENARIOS: readonly Scenario[] = [...PROMISED, ...LIBRARY_BUILTINS];
/** The scenario the playground opens with: the first file, as in src/scenario/builtin.ts. */
export const DEFAULT_SCENARIO: BuiltinScenario = (() => {
  const first = PROMISED[0];
  if (!first) throw new Error(`no built-in scenario files in ${BUILTIN_DIR}`);
  return first;
})();
