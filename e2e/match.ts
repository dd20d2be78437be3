/**
 * Reading the timeline and console as a person sees them in Playwright's Chromium, and matching
 * them against a scenario's `expected` block (docs/scenario-format.md). Shared by the conformance
 * suite and the scenario library's tests; the pure half is e2e/match-core.ts, which the Firefox
 * and WebKit runner uses too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import type { Expected, ExpectedRow } from "../src/scenario/schema";
import { expectedFor } from "../src/engines/expected";
import { origin } from "./helpers";
import { placeholders, readConsole, readShownRows, rowMatcher, type ShownRow } from "./match-core";

export { pick, unmatched, windowLabel, type ShownRow } from "./match-core";

export const SITES = Object.keys((JSON.parse(readFileSync(join(import.meta.dirname, "..", "playground.config.json"), "utf8")) as { sandboxes: object }).sandboxes);

/** `{alice}` -> the origin of site alice on this test server. */
export const fill = placeholders(SITES, origin);

export async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(readShownRows);
}

/** Rows as Chromium must show them: the row's own fields (per-engine outcomes are for the others). */
export const rowMatches: (e: ExpectedRow, a: ShownRow) => boolean = rowMatcher(fill);

export async function consoleByWindow(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(readConsole);
}

/** The console lines Chromium must print. */
export function expectedConsole(expected: Expected): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [w, lines] of Object.entries(expectedFor(expected, "chromium").console)) out[w] = lines.map(fill);
  return out;
}

/** Polls until `check` passes, then once more a little later: a late extra event must fail too. */
export async function settle(check: () => Promise<void> | void): Promise<void> {
  await expect(check).toPass({ timeout: 15_000, intervals: [100, 250, 500] });
  await new Promise((r) => setTimeout(r, 700));
  await check();
}
