/**
 * Accessibility as axe-core checks it, in each view a talk or a tutorial uses (the main view,
 * presentation mode, an embed), in the light and the dark theme: no serious or critical
 * violation. And the keyboard: a way out of the editor, and focus kept when the inspector closes.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openPlayground, timelineRows } from "./helpers";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`) }));
}

for (const theme of ["light", "dark"] as const) {
  for (const view of ["main view", "presentation mode", "embed"] as const) {
    test(`axe: no serious or critical violation in the ${view}, ${theme} theme`, async ({ page }) => {
      // axe walks the page and each window's frame; on a busy 2-core machine that takes a while.
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1280, height: 720 });
      if (view === "embed") {
        // An embed has no theme control: it follows the reader's system.
        await page.emulateMedia({ colorScheme: theme });
        await page.goto("/?embed&scenario=password-to-popup");
        await expect(page.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
      } else {
        await openPlayground(page);
      }
      await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
      if (view !== "embed") await page.getByRole("combobox", { name: "Theme" }).selectOption(theme);
      if (view === "presentation mode") await page.getByRole("button", { name: "Present" }).click();
      // A selected message and an open inspector are part of what is seen.
      await page.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
      await expect(page.locator("aside.inspector")).toBeVisible();
      await expect(page.locator(".script-editor .monaco-editor")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test("keyboard: Escape then Tab leaves the editor, as the line under it says", async ({ page }) => {
  await openPlayground(page);
  await expect(page.getByText("Esc then Tab leaves the editor")).toBeVisible();
  const editor = page.locator(".script-editor .monaco-editor");
  await expect(editor).toBeVisible();
  await expect(editor.locator(".view-lines")).toContainText("Window A");
  const before = await editor.locator(".view-lines").innerText();
  await editor.locator(".view-lines").click();
  const inEditor = () => page.evaluate(() => !!document.activeElement?.closest(".monaco-editor"));
  expect(await inEditor()).toBe(true);

  await page.keyboard.press("Escape");
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByRole("tab", { name: /^alice\.js/ })).toBeFocused();

  await editor.locator(".view-lines").click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  expect(await inEditor()).toBe(false);
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
  // Nothing was typed into the script on the way out.
  expect(await editor.locator(".view-lines").innerText()).toBe(before);
});

test("keyboard: closing the inspector puts focus back on the messages, where the arrow keys go on working", async ({ page }) => {
  await openPlayground(page);
  const rows = page.locator("table.timeline tbody tr.entry");
  await expect(rows).toHaveCount(4);
  await rows.nth(1).click();
  await expect(page.locator("aside.inspector")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.locator("aside.inspector")).toHaveCount(0);
  const messages = page.getByLabel("Messages: arrow keys move, Enter opens the inspector");
  await expect(messages).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(2)).toHaveAttribute("aria-selected", "true");

  // The same with the close button.
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Close the inspector (Escape)" }).click();
  await expect(page.locator("aside.inspector")).toHaveCount(0);
  await expect(messages).toBeFocused();
});
