/**
 * The normal layout on a projector (1280x720) and a laptop (1440x900): nothing runs off the side,
 * the controls and the first messages are on the first screen, every panel can be reached, and
 * the diagram's lanes show their origins whole.
 */
import { expect, test } from "@playwright/test";
import { openPlayground, timelineRows } from "./helpers";

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test(`the layout works at ${width}x${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openPlayground(page);
    await expect.poll(async () => (await timelineRows(page)).length).toBe(4);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const onFirstScreen = async (locator: ReturnType<typeof page.locator>) => {
      const box = await locator.boundingBox();
      expect(box, "laid out").not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(height);
    };
    await onFirstScreen(page.getByRole("button", { name: /^Run/ }));
    await onFirstScreen(page.getByRole("combobox", { name: "Scenario" }));
    await onFirstScreen(page.getByRole("button", { name: "Present" }));
    await onFirstScreen(page.locator(".sequence-rows li").first());

    // Each lane's origin fits its lane, on one line and not cut.
    const lanes = page.locator(".lane-head code");
    await expect(lanes).toHaveCount(2);
    for (const code of await lanes.all()) {
      const fit = await code.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return { lines: range.getClientRects().length, cut: el.scrollWidth > el.clientWidth };
      });
      expect(fit).toEqual({ lines: 1, cut: false });
    }

    for (const region of ["Scripts", "Running windows", "Message timeline", "Console"]) {
      const r = page.getByRole("region", { name: region });
      await r.scrollIntoViewIfNeeded();
      await expect(r).toBeInViewport();
    }
  });
}
