/**
 * The scenario library: every file in src/scenario/builtins/ runs from the picker and produces
 * exactly the timeline and console lines its `expected` promises, in real Chromium. A new file is
 * run here without touching this spec. The built-ins that run real libraries
 * (src/scenario/library-builtins.ts) promise their console lines and a true timeline instead,
 * since their handshakes differ from run to run: e2e/libraries.spec.ts checks them.
 */
import { expect, test } from "@playwright/test";
import { BUILTIN_SCENARIOS, PROMISED } from "./builtins";
import { chooseScenario, openPlayground } from "./helpers";
import { consoleByWindow, expectedConsole, pick, rowMatches, settle, shownRows, unmatched } from "./match";

test("the picker offers every built-in scenario by its title, and each has an explanation", async ({ page }) => {
  await openPlayground(page);
  const options = page.getByRole("combobox", { name: "Scenario" }).locator("optgroup[label='Built in'] option");
  await expect(options).toHaveText(BUILTIN_SCENARIOS.map((b) => b.title));
  expect(BUILTIN_SCENARIOS.filter((b) => b.summary.trim() === "").map((b) => b.title)).toEqual([]);
});

for (const [i, scenario] of PROMISED.entries()) {
  test(`built-in "${scenario.title}" shows what its explanation promises`, async ({ page }) => {
    await openPlayground(page);
    // The first file is the scenario the playground opens on.
    if (i > 0) await chooseScenario(page, scenario.title);
    await expect(page.locator(".scenario-summary")).toHaveText(scenario.summary);
    const consoleWindows = Object.keys(scenario.expected.console ?? {});
    await settle(async () => {
      const shown = await shownRows(page);
      // Rows pair one to one, so a missing row and an extra row each fail, whatever the count.
      const { missing, extra } = unmatched(scenario.expected.messages, shown, rowMatches);
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect(shown).toHaveLength(scenario.expected.messages.length);
      expect(pick(await consoleByWindow(page), consoleWindows)).toEqual(expectedConsole(scenario.expected));
    });
    // A lesson that ends in a red error teaches the error: no loop may run past its scenario's guard.
    const stopped = Object.entries(await consoleByWindow(page)).flatMap(([w, lines]) => lines.filter((l) => l.includes("LoopGuardError")).map((l) => `${w}: ${l}`));
    expect(stopped).toEqual([]);
  });
}
