/**
 * The built-in scenarios, in the picker's order: every file of src/scenario/builtins/ (in file
 * name order; the first is the one the playground opens on), then the two that run real libraries
 * (library-builtins.ts, loaded on demand: library-index.ts). Adding a built-in is adding a file
 * there: the build checks it (scripts/builtin-scenarios.ts), tests/builtins.test.ts validates it
 * and e2e/library.spec.ts runs it and checks its `expected` against the timeline.
 */
import BUILTINS from "virtual:builtin-scenarios";
import type { BuiltinScenario } from "./builtin-files";
import { libraryEntry, LIBRARY_INDEX } from "./library-index";

/** The built-ins whose promised timeline e2e/library.spec.ts checks, row for row; checked when the app was built. */
export const PROMISED: readonly BuiltinScenario[] = BUILTINS;
/** Every built-in as the picker lists it. */
export const BUILTIN_CHOICES: readonly { id: string; title: string }[] = [...PROMISED, ...LIBRARY_INDEX];
/** Whether `id` is a built-in's, loaded or not. */
export const isBuiltinId = (id: string): boolean => PROMISED.some((b) => b.id === id) || libraryEntry(id) !== undefined;

const first = PROMISED[0];
if (first === undefined) throw new Error("src/scenario/builtins/ holds no scenario file");
export const DEFAULT_SCENARIO: BuiltinScenario = first;
