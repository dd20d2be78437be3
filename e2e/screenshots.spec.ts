/**
 * The README's screenshots, at a projector's 1280x720. Not a test: run it when the look changes,
 * with `SCREENSHOTS=1 node scripts/e2e.mjs e2e/screenshots.spec.ts --project=built`, and look at
 * each image before committing it.
 */
import { expect, test, type Page } from "@playwright/test";
import { openPlayground, timelineRows } from "./helpers";

test.skip(!process.env.SCREENSHOTS, "makes docs/images/*.png; set SCREENSHOTS=1");
test.use({ viewport: { width: 1280, height: 720 } });

async function ready(page: Page) {
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await page.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
  await expect(page.locator(".script-editor .monaco-editor")).toBeVisible();
  await expect(page.locator("aside.inspector")).toBeVisible();
}

test("playground.png", async ({ page }) => {
  await openPlayground(page);
  await ready(page);
  await page.screenshot({ path: "docs/images/playground.png" });
});

test("presentation.png", async ({ page }) => {
  await openPlayground(page);
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  await page.getByRole("button", { name: "Present" }).click();
  await ready(page);
  await page.screenshot({ path: "docs/images/presentation.png" });
});

test("embed.png", async ({ page }) => {
  await page.goto("/?embed&scenario=password-to-popup");
  await ready(page);
  await page.screenshot({ path: "docs/images/embed.png" });
});
