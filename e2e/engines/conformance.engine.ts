/**
 * The conformance suite (conformance/*.scenario.json, docs/scenario-format.md) in Firefox ESR and
 * WebKitGTK, as e2e/conformance.spec.ts runs it in Chromium: each file in the playground, from a
 * `#scenario=` link, comparing the timeline and console a person sees with the file's `expected`
 * as this engine must meet it (its per-engine outcomes applied); and on the plain page, with the
 * same scripts on the same origins and no runtime, comparing what any page can observe.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import LZString from "lz-string";
import { validateScenario, type ScenarioFile } from "../../src/scenario/schema";
import { expectedFor, meetsEither } from "../../src/engines/expected";
import { origin } from "../helpers";
import { dispatchedRows, fillConsole, pick, placeholders, plainConsole, plainMatcher, readConsole, readShownRows, rowMatcher, unmatched, type PlainLine } from "../match-core";
import { SITES } from "../match";
import { BASE, expect, test } from "./fixtures";
import { settle } from "./settle";

const DIR = join(import.meta.dirname, "..", "..", "conformance");
const fill = placeholders(SITES, origin);

function load(file: string): ScenarioFile {
  const parsed = validateScenario(JSON.parse(readFileSync(join(DIR, file), "utf8")), SITES);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  if (!parsed.value.expected) throw new Error(`${file}: a conformance file needs "expected"`);
  return parsed.value;
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".scenario.json")).sort();

/** Runs in the plain host page: the lines every window relayed to it. */
const relayedLines = () => (window as unknown as { pgPlainLines?: unknown[] }).pgPlainLines ?? null;

for (const file of files) {
  const scenario = load(file);
  const link = LZString.compressToEncodedURIComponent(JSON.stringify(scenario));

  test.describe(file, () => {
    test("playground timeline", async ({ driver }) => {
      const want = expectedFor(scenario.expected ?? { messages: [] }, driver.engine);
      const windows = Object.keys(want.console);
      await driver.goto(`${BASE}/#scenario=${link}`);
      await expect.poll(() => driver.run(() => document.querySelector<HTMLSelectElement>(".scenario-picker select")?.value)).toBe(scenario.id);
      await settle(() =>
        meetsEither(want, async (outcome) => {
          const { missing, extra } = unmatched(outcome.messages, await driver.run(readShownRows), rowMatcher(fill));
          expect({ missing, extra }).toEqual({ missing: [], extra: [] });
          expect(pick(await driver.run(readConsole), windows)).toEqual(fillConsole(outcome.console, fill));
        }),
      );
    });

    test("plain page without the runtime", async ({ driver }) => {
      const want = expectedFor(scenario.expected ?? { messages: [] }, driver.engine);
      const windows = Object.keys(want.console);
      await driver.goto(`${BASE}/sandboxes/plain.html?relay#scenario=${link}`);
      await settle(async () => {
        const lines = (await driver.run(relayedLines)) as PlainLine[] | null;
        expect(lines, "the plain page keeps the relayed lines").not.toBeNull();
        await meetsEither(want, (outcome) => {
          const { missing, extra } = unmatched(dispatchedRows(outcome.messages), (lines ?? []).filter((l) => l.t === "receipt"), plainMatcher(fill));
          expect({ missing, extra }).toEqual({ missing: [], extra: [] });
          expect(pick(plainConsole(lines ?? []), windows)).toEqual(fillConsole(outcome.console, fill));
        });
      });
    });
  });
}
