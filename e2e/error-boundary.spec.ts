/**
 * A part of the page that throws while drawing does not take the rest with it: it says what
 * broke, the other panels keep working (the editor, the run, the console), nothing saved is lost,
 * focus stays on something the person can use, and the panel comes back when asked.
 */
import { expect, test } from "@playwright/test";
import { consoleOf, openPlayground, replaceScript, STORAGE_KEY } from "./helpers";

const rowsIn = (page: import("@playwright/test").Page) => page.locator("table.timeline tbody tr.entry");

test("a panel that throws says what broke, the rest keeps working, and it comes back with focus", async ({ page }) => {
  await openPlayground(page);
  await expect(rowsIn(page)).toHaveCount(4);

  // A bug in the inspector: the built-in it formats times with throws when it draws (the
  // timeline's own rows, with whole milliseconds, still draw).
  await page.evaluate(() => {
    const real = Object.getOwnPropertyDescriptor(Number.prototype, "toFixed") as PropertyDescriptor;
    Object.defineProperty(window, "restoreToFixed", { value: () => Object.defineProperty(Number.prototype, "toFixed", real) });
    const toFixed = real.value as (this: number, digits?: number) => string;
    Number.prototype.toFixed = function (this: number, digits?: number) {
      if (digits === 1) throw new RangeError("the inspector's bug");
      return toFixed.call(this, digits);
    };
  });
  await rowsIn(page).nth(1).click();

  const broken = page.getByRole("region", { name: "Timeline", exact: true });
  await expect(broken.getByRole("alert")).toHaveText(
    "This panel stopped working (RangeError: the inspector's bug). The rest of the playground still works.Show the timeline again",
  );
  await expect(page.getByRole("region", { name: "Message timeline" })).toHaveCount(0);
  // The focused row went with the panel; focus is on the way back, not on the page's body.
  const again = broken.getByRole("button", { name: "Show the timeline again" });
  await expect(again).toBeFocused();

  // The editor, the run and the console still work, and the edit is saved.
  await replaceScript(page, "bob", 'console.log("bob ran again");');
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(consoleOf(page, "bob")).toHaveText(["bob ran again"]);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain("bob ran again");

  // Once the cause is gone, the timeline comes back with the new run's messages, and focus with it.
  await page.evaluate(() => (window as unknown as { restoreToFixed: () => void }).restoreToFixed());
  await again.click();
  const timeline = page.getByRole("region", { name: "Message timeline" });
  await expect(timeline).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline", exact: true })).toHaveCount(0);
  await expect(timeline.locator(":focus")).toHaveCount(1);
});
