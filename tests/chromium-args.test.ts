import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, OMNIBOX_POPUP_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from "../scripts/chromium-args.mjs";
import { fs } from "./node-fs";

/**
 * The features the installed Playwright disables, read from its source: its chromiumSwitches
 * module lists them as `disabledFeatures = [ "Name", ... ]`.
 */
function playwrightDisabledFeatures(): string[] {
  const lib = new URL("../node_modules/playwright-core/lib/", import.meta.url);
  const candidates = ["coreBundle.js", "server/chromium/chromiumSwitches.js"];
  for (const file of candidates) {
    let source: string;
    try {
      source = fs.readFileSync(new URL(file, lib), "utf8");
    } catch {
      continue;
    }
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(source)?.[1];
    if (list) return [...list.replace(/\/\/.*$/gm, "").matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  }
  throw new Error(`Playwright's list of disabled features was not found in ${candidates.join(" or ")}: see scripts/chromium-args.mjs`);
}

describe("Chromium's command line (scripts/chromium-args.mjs)", () => {
  it("has one --disable-features, naming the omnibox popup's features and every one Playwright disables", () => {
    const switches = CHROMIUM_ARGS.filter((a) => a.startsWith("--disable-features="));
    // Chromium reads only the last one, and Playwright's own comes before ours.
    expect(switches).toHaveLength(1);
    const names = (switches[0] as string).slice("--disable-features=".length).split(",");
    expect(names).toEqual(expect.arrayContaining(OMNIBOX_POPUP_FEATURES));
    const playwright = playwrightDisabledFeatures();
    expect(playwright.length).toBeGreaterThan(5);
    expect(names).toEqual(expect.arrayContaining(playwright));
    expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(expect.arrayContaining(playwright));
  });
});
