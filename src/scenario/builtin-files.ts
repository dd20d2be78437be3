/**
 * Reading the built-in scenario files (src/scenario/builtins/NN-id.scenario.json). Kept apart from
 * the `import.meta.glob` that finds them in the app (builtin.ts), so that the end-to-end tests,
 * which run in Node without Vite, read the same files through the same rules.
 */
import { describeIssues, fromScenarioFile, scenarioFileSchema, type Expected } from "./schema";
import type { Scenario } from "./types";

/** A built-in scenario, with the timeline and console output its explanation promises. */
export type BuiltinScenario = Scenario & { expected: Expected };

/** `07-siblings-through-parent.scenario.json`: the number orders the picker, the rest is the id. */
export const BUILTIN_FILE_NAME = /^(\d{2})-([A-Za-z][\w-]{0,39})\.scenario\.json$/;

/**
 * The scenarios of `files` (path → parsed JSON), in file name order. A file that is not a valid
 * scenario with `expected`, or whose name does not match its id, stops the load: built-ins are
 * checked in, so this is a mistake in the repository, and tests/builtins.test.ts names it first.
 */
export function builtinsFromFiles(files: Record<string, unknown>): BuiltinScenario[] {
  const named = Object.entries(files).map(([path, json]) => ({ name: path.slice(path.lastIndexOf("/") + 1), json }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.map(({ name, json }) => {
    const idInName = BUILTIN_FILE_NAME.exec(name)?.[2];
    if (idInName === undefined) throw new Error(`${name}: a built-in's file is named NN-id.scenario.json`);
    const parsed = scenarioFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${name}: ${describeIssues(parsed.error, json)}`);
    const { expected } = parsed.data;
    if (expected === undefined) throw new Error(`${name}: a built-in needs "expected", the timeline its summary promises`);
    if (parsed.data.id !== idInName) throw new Error(`${name}: the file's id is "${parsed.data.id}", its name says "${idInName}"`);
    return { ...fromScenarioFile(parsed.data), expected };
  });
}
