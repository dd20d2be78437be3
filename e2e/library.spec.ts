/**
 * The scenario library: every built-in scenario runs from the picker and produces the timeline
 * its explanation promises, checked in real Chromium. The built-ins that run real libraries
 * (src/scenario/library-builtins.ts) promise their console lines and a true timeline instead,
 * since their handshakes differ from run to run: e2e/libraries.spec.ts checks them.
 */
import { expect, test } from "@playwright/test";
import { BUILTIN_SCENARIOS, PROMISED } from "../src/scenario/builtin";
import { chooseScenario, openPlayground } from "./helpers";
import { consoleByWindow, expectedConsole, pick, rowMatches, settle, shownRows, unmatched } from "./match";

test("the picker offers every built-in scenario by its title, and each has an explanation", async ({ page }) => {
  await openPlayground(page);
  const options = page.getByRole("combobox", { name: "Scenario" }).locator("optgroup[label='Built in'] option");
  await expect(options).toHaveText(BUILTIN_SCENARIOS.map((b) => b.title));
  expect(BUILTIN_SCENARIOS.filter((b) => b.summary.trim() === "").map((b) => b.title)).toEqual([]);
});

for (const scenario of PROMISED) {
  test(`built-in "${scenario.title}" shows what its explanation promises`, async ({ page }) => {
    await openPlayground(page);
    if (scenario.id !== "password-to-popup") await chooseScenario(page, scenario.title);
    await expect(page.locator(".scenario-summary")).toHaveText(scenario.summary);
    const consoleWindows = Object.keys(scenario.expected.console ?? {});
    await settle(async () => {
      const { missing, extra } = unmatched(scenario.expected.messages, await shownRows(page), rowMatches);
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect(pick(await consoleByWindow(page), consoleWindows)).toEqual(expectedConsole(scenario.expected));
    });
    // A lesson that ends in a red error teaches the error: no loop may run past its scenario's guard.
    const stopped = Object.entries(await consoleByWindow(page)).flatMap(([w, lines]) => lines.filter((l) => l.includes("LoopGuardError")).map((l) => `${w}: ${l}`));
    expect(stopped).toEqual([]);
  });
}
