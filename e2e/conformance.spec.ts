/**
 * The conformance suite: every file in conformance/ is a scenario with the timeline and console
 * output the browser must produce. Each runs twice in real Chromium:
 * 1. in the playground, opened from a `#scenario=` link, reading the timeline and console as a
 *    person sees them;
 * 2. on the plain test page (sandboxes/plain.html), the same scripts on the same origins with no
 *    runtime at all, reading only what any page can observe (its message events and console).
 * Both must match the file, so the runtime is shown to change nothing the browser does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import LZString from "lz-string";
import { validateScenario, type ScenarioFile } from "../src/scenario/schema";
import { expectedFor } from "../src/engines/expected";
import { SITES, consoleByWindow, expectedConsole, fill, pick, rowMatches, settle, shownRows, unmatched } from "./match";
import { dispatchedRows, plainMatcher, type PlainLine } from "./match-core";

const DIR = join(import.meta.dirname, "..", "conformance");

function load(file: string): ScenarioFile {
  const parsed = validateScenario(JSON.parse(readFileSync(join(DIR, file), "utf8")), SITES);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  if (!parsed.value.expected) throw new Error(`${file}: a conformance file needs "expected"`);
  return parsed.value;
}

function collectPlain(context: BrowserContext): PlainLine[] {
  const lines: PlainLine[] = [];
  context.on("console", (msg) => {
    const text = msg.text();
    if (text.startsWith("[pg-plain] ")) lines.push(JSON.parse(text.slice(11)) as PlainLine);
  });
  return lines;
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".scenario.json")).sort();

test("the README counts the conformance files right", () => {
  const said = /holds (\d+) scenario files/.exec(readFileSync(join(DIR, "..", "README.md"), "utf8"))?.[1];
  expect(Number(said)).toBe(files.length);
});

for (const file of files) {
  const scenario = load(file);
  const expected = scenario.expected ?? { messages: [] };
  // The file's rows are Chromium's outcome; other engines' are in e2e/engines/.
  const rows = expectedFor(expected, "chromium").messages;
  const json = JSON.stringify(scenario);
  const consoleWindows = Object.keys(expectedFor(expected, "chromium").console);

  test.describe(file, () => {
    test("playground timeline", async ({ page }) => {
      await page.goto(`/#scenario=${LZString.compressToEncodedURIComponent(json)}`);
      await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue(scenario.id);
      await settle(async () => {
        const { missing, extra } = unmatched(rows, await shownRows(page), rowMatches);
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        expect(pick(await consoleByWindow(page), consoleWindows)).toEqual(expectedConsole(expected));
      });
    });

    test("plain page without the runtime", async ({ page, context }) => {
      const lines = collectPlain(context);
      await page.goto(`/sandboxes/plain.html#scenario=${LZString.compressToEncodedURIComponent(json)}`);
      await settle(() => {
        const { missing, extra } = unmatched(dispatchedRows(rows), lines.filter((l) => l.t === "receipt"), plainMatcher(fill));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        const printed: Record<string, string[]> = {};
        for (const l of lines) if (l.t === "console") (printed[l.window] ??= []).push(l.text ?? "");
        expect(pick(printed, consoleWindows)).toEqual(expectedConsole(expected));
      });
    });
  });
}
