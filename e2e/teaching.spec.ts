/** Tutorials and talks: editor hints, presentation mode, themes. */
import { expect, test } from "@playwright/test";
import { chooseScenario, openPlayground, replaceScript } from "./helpers";

test('the editor warns about "*" and about handlers that skip the origin check, and the warnings go when fixed', async ({ page }) => {
  await openPlayground(page);
  const warnings = page.locator(".script-editor .squiggly-warning");
  await replaceScript(page, "alice", 'addEventListener("message", (e) => console.log(e.data));\nparent.postMessage("hi", "*");\n');
  await expect(warnings).toHaveCount(2);
  await replaceScript(
    page,
    "alice",
    'addEventListener("message", (e) => { if (e.origin !== playground.origin("bob")) return; console.log(e.data); });\nparent.postMessage("hi", playground.origin("bob"));\n',
  );
  await expect(warnings).toHaveCount(0);
});

test('the timeline flags "*" sends and handlers that used data without checking origin', async ({ page }) => {
  await openPlayground(page);
  await chooseScenario(page, "A handler without an origin check, exploited, then fixed");
  const evilRow = page.locator("table.timeline tbody tr.entry", { hasText: "pwned" });
  await expect(evilRow).toContainText('sent to "*"');
  await expect(evilRow.locator("li.warn")).toContainText("unsafeHandler");
});

test("presentation mode: large type, the script beside the timeline, one message per arrow key, Escape closes the inspector, then leaves", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openPlayground(page);
  const rows = page.locator("table.timeline tbody tr.entry");
  await expect(rows).toHaveCount(4);
  const normalSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await page.getByRole("button", { name: "Present" }).click();
  await expect(page.locator("html")).toHaveClass(/presenting/);
  expect(parseFloat(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(parseFloat(normalSize));
  // The script stays at hand for live edits, beside the timeline; the windows come after both.
  await expect(page.locator(".editor-panel")).toBeVisible();
  const timeline = (await page.locator(".timeline-panel").boundingBox())!;
  const editor = (await page.locator(".editor-panel").boundingBox())!;
  const windowsTop = (await page.locator(".windows-panel").boundingBox())?.y ?? 0;
  expect(Math.abs(timeline.y - editor.y)).toBeLessThanOrEqual(2);
  expect(timeline.y).toBeLessThan(windowsTop);

  await page.locator("body").click({ position: { x: 5, y: 5 } });
  for (const [key, index] of [["ArrowRight", 0], ["ArrowRight", 1], ["ArrowRight", 2], ["ArrowLeft", 1]] as const) {
    await page.keyboard.press(key);
    await expect(rows.nth(index)).toHaveAttribute("aria-selected", "true");
  }
  await expect(page.locator("aside.inspector")).toContainText("blocked");
  await page.keyboard.press("Escape");
  await expect(page.locator("aside.inspector")).toHaveCount(0);
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await page.keyboard.press("Escape");
  await expect(page.locator("html")).not.toHaveClass(/presenting/);
});

test("light and dark themes, remembered after a reload", async ({ page }) => {
  await openPlayground(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  expect(await bg()).toBe("rgb(13, 17, 23)");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
  expect(await bg()).toBe("rgb(13, 17, 23)");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("light");
  expect(await bg()).toBe("rgb(255, 255, 255)");
});

test("presentation mode keeps the chosen theme", async ({ page }) => {
  await openPlayground(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.getByRole("combobox", { name: "Theme" }).selectOption("light");
  await page.getByRole("button", { name: "Present" }).click();
  expect(await bg()).toBe("rgb(255, 255, 255)");
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  expect(await bg()).toBe("rgb(0, 0, 0)");
});

test("a forced theme reaches the frames and the popups, whose scripts still see their own URL", async ({ page, context }) => {
  // The system is light (Playwright's default); the person picks dark, and it is remembered.
  await openPlayground(page);
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
  await page.close();
  const second = await context.newPage();
  // This page's popup: the first page's own may still be announced late.
  const popupOpened = second.waitForEvent("popup");
  await openPlayground(second);
  await expect(second.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");
  const popup = await popupOpened;
  await expect(second.locator("table.timeline tbody tr.entry")).toHaveCount(4);

  const drawnIn = (root: { evaluate: <R>(f: (el: Element) => R) => Promise<R> }) =>
    root.evaluate((el) => ({ scheme: getComputedStyle(el).colorScheme, text: getComputedStyle(document.body).color, hash: location.hash }));
  const dark = { scheme: "dark", text: "rgb(255, 255, 255)", hash: "" };
  expect(await drawnIn(second.frameLocator('iframe[data-window="alice"]').locator("html"))).toEqual(dark);
  expect(await drawnIn(popup.locator("html"))).toEqual(dark);
  expect(new URL(popup.url()).hash).toBe("");
});
