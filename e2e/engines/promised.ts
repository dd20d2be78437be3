/**
 * A built-in scenario's promised timeline and console (its `expected`), matched against what the
 * playground shows in this engine: shared by the UI tests of e2e/engines/.
 */
import type { BuiltinScenario } from "../../src/scenario/builtin-files";
import { expectedFor } from "../../src/engines/expected";
import { PROMISED } from "../builtins";
import { origin } from "../helpers";
import { SITES } from "../match";
import { fillConsole, pick, placeholders, readConsole, readShownRows, rowMatcher, unmatched } from "../match-core";
import type { Driver } from "./drivers";
import { expect } from "./fixtures";
import { settle } from "./settle";

/** `{alice}` -> alice's origin on the test server. */
export const fill = placeholders(SITES, origin);

export function builtin(id: string): BuiltinScenario {
  const found = PROMISED.find((s) => s.id === id);
  if (!found) throw new Error(`no built-in scenario ${id}`);
  return found;
}

/** Runs in the playground page: the scenario the picker shows, and the summary over the timeline. */
export const readShownScenario = () => ({
  id: document.querySelector<HTMLSelectElement>(".scenario-picker select")?.value ?? "",
  summary: document.querySelector(".scenario-summary")?.textContent ?? "",
});

/** The timeline and console the scenario promises, as this engine must show them. */
export async function expectPromised(d: Driver, scenario: BuiltinScenario): Promise<void> {
  const want = expectedFor(scenario.expected, d.engine);
  const windows = Object.keys(want.console);
  await settle(async () => {
    const { missing, extra } = unmatched(want.messages, await d.run(readShownRows), rowMatcher(fill));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(pick(await d.run(readConsole), windows)).toEqual(fillConsole(want.console, fill));
  });
}
