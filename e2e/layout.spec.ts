/**
 * The normal layout on a projector (1280x720) and a laptop (1440x900): nothing runs off the side,
 * the controls and the first messages are on the first screen, every panel can be reached, and
 * the diagram's lanes show their origins whole.
 */
import { expect, test, type Page } from "@playwright/test";
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

/** The viewport's width; the page must never be wider. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** How many lines each text node under `selector` is drawn on (a node that wraps has more than one). */
const linesOfTextNodes = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.flatMap((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const lines: { text: string; lines: number }[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        lines.push({ text: n.textContent ?? "", lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size });
      }
      return lines;
    }),
  );

test("at 1280x720: one row of controls, the blocked message's reason without scrolling, a table that fits, a script that wraps", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);

  // Every control of the toolbar on one row: their middles line up.
  const middles = await page.locator(".toolbar").evaluate((bar) =>
    [...bar.querySelectorAll("h1, select, button")]
      .filter((el) => !el.closest(".notice") && el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return r.top + r.height / 2;
      }),
  );
  expect(middles.length).toBeGreaterThanOrEqual(10);
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(6);

  // The blocked message, picked in the diagram where it is seen, shows why in the inspector, on the first screen.
  await page.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
  const reason = page.locator("aside.inspector .reason");
  await expect(reason).toContainText("does not match bob");
  await expect(reason).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // With the inspector open the table still fits its width, and so does the page.
  const table = page.locator(".table-scroll");
  expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  expect(await documentWidth(page)).toBeLessThanOrEqual(1280);

  // Words are whole: "password" in the blocked row's data, and origins break only between their parts.
  const data = await linesOfTextNodes(page, 'tr.entry[data-state="blocked"] td[data-col="data"] code.data');
  const password = await page.locator('tr.entry[data-state="blocked"] td[data-col="data"] code.data').evaluate((el) => {
    const node = el.firstChild;
    const at = node?.textContent?.indexOf("password") ?? -1;
    if (!node || at < 0) return -1;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + "password".length);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(data.length).toBeGreaterThan(0);
  expect(password, '"password" drawn on one line').toBe(1);
  for (const part of await linesOfTextNodes(
    page,
    'table.timeline td[data-col="from"] .breakable, table.timeline td[data-col="targetOrigin"] .breakable, table.timeline td[data-col="origin"] .breakable, aside.inspector .facts .breakable',
  )) {
    expect(part, `"${part.text}" is not split`).toEqual({ text: part.text, lines: 1 });
  }
  // In the window tree each origin is on one line, whole.
  for (const code of await page.locator(".window-tree code.origin").all()) {
    expect(await code.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
  for (const part of await linesOfTextNodes(page, ".window-tree code.origin")) expect(part.lines).toBe(1);

  // The script wraps: the end of alice's line 10, the code to fix, is inside the editor.
  const editor = page.locator(".script-editor .monaco-editor");
  await expect(editor).toBeVisible();
  const fix = await editor.evaluate((el) => {
    const lines = [...el.querySelectorAll(".view-line")];
    const line = lines.find((l) => l.textContent?.includes("location.origin"));
    if (!line) return null;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let right = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(n);
      right = Math.max(right, range.getBoundingClientRect().right);
    }
    return { right, editorRight: el.getBoundingClientRect().right };
  });
  expect(fix, "alice's location.origin is drawn").not.toBeNull();
  expect(fix!.right).toBeLessThanOrEqual(fix!.editorRight);
});

test("on a phone (390x844) the page is no wider than the screen and the timeline starts on the first screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  expect(await documentWidth(page)).toBeLessThanOrEqual(390);
  const picker = await page.getByRole("combobox", { name: "Scenario" }).boundingBox();
  expect(picker!.x + picker!.width).toBeLessThanOrEqual(390);
  const timeline = await page.getByRole("region", { name: "Message timeline" }).boundingBox();
  expect(timeline!.y).toBeLessThan(844 / 2);
  await expect(page.locator(".sequence-rows li").first()).toBeInViewport();
});

test("presenting at 1280x720: the script beside the timeline, a compact toolbar, four rows of the table, Escape closes the innermost thing", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await page.getByRole("button", { name: "Present" }).click();
  await expect(page.locator("html")).toHaveClass(/presenting/);

  await expect(page.locator(".script-editor .monaco-editor")).toBeInViewport();
  expect((await page.locator(".toolbar").boundingBox())!.height).toBeLessThanOrEqual(80);
  expect(await documentWidth(page)).toBeLessThanOrEqual(1280);
  const table = page.locator(".table-scroll");
  expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // Each of the four rows starts inside the table's box and on the screen.
  const box = (await table.boundingBox())!;
  const rows = page.locator("table.timeline tbody tr.entry");
  for (let i = 0; i < 4; i++) {
    const row = (await rows.nth(i).boundingBox())!;
    expect(row.y + 20, `row ${i + 1} shows`).toBeLessThanOrEqual(Math.min(box.y + box.height, 720));
  }

  await page.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
  await expect(page.locator("aside.inspector .reason")).toBeInViewport();
  await page.keyboard.press("Escape");
  await expect(page.locator("aside.inspector")).toHaveCount(0);
  await expect(page.locator("html")).toHaveClass(/presenting/);
  await expect(page.getByLabel("Messages: arrow keys move, Enter opens the inspector")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.locator("html")).not.toHaveClass(/presenting/);
});
