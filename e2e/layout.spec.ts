/**
 * The normal layout on a projector (1280x720) and a laptop (1440x900): nothing runs off the side,
 * the controls and the first messages are on the first screen, every panel can be reached, and
 * the diagram's lanes show their origins whole.
 */
import { expect, test, type Page } from "@playwright/test";
import { BUILTIN_SCENARIOS, PROMISED } from "./builtins";
import { chooseScenario, openPlayground, timelineRows } from "./helpers";

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
        return { lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size, cut: el.scrollWidth > el.clientWidth };
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

/**
 * The sequence diagram as drawn: whether it scrolls sideways, and where each lane's head and line
 * are, in page pixels.
 */
const diagramLayout = (page: Page) =>
  page.locator(".sequence").evaluate((seq) => {
    const box = seq.getBoundingClientRect();
    const middle = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.left + r.width / 2;
    };
    return {
      box: { left: box.left, right: box.right },
      sideways: Math.max(...[seq, ...seq.querySelectorAll(".sequence-scroll")].map((el) => el.scrollWidth - el.clientWidth)),
      heads: [...seq.querySelectorAll(".lane-head")].map((h) => ({ left: h.getBoundingClientRect().left, right: h.getBoundingClientRect().right, middle: middle(h) })),
      lines: [...(seq.querySelector(".sequence-rows li")?.querySelectorAll(".lane-line") ?? [])].map(middle),
    };
  });

/** Every lane, head and line, inside the diagram's box, the line under the middle of its head. */
async function expectLanesShown(page: Page, lanes: number) {
  const d = await diagramLayout(page);
  expect(d.sideways, "the diagram scrolls sideways").toBeLessThanOrEqual(0);
  expect(d.heads).toHaveLength(lanes);
  expect(d.lines, "lane lines in the first arrow's row").toHaveLength(lanes);
  d.heads.forEach((head, i) => {
    expect(head.left).toBeGreaterThanOrEqual(d.box.left);
    expect(head.right).toBeLessThanOrEqual(d.box.right);
    expect(Math.abs(d.lines[i]! - head.middle), `lane ${i + 1}'s line under its head`).toBeLessThanOrEqual(1);
  });
}

/**
 * Each arrow's label as a person sees it: the part of its text that is drawn (a label that clips
 * shows only what is inside its box, and must then end in "…"), against the row's lane lines, its
 * marks (arrow head, the bar of a blocked message, the cross of a lost one or of an error) and
 * every other label.
 */
async function expectLabelsClear(page: Page, messages = 4) {
  const rows = await page.locator(".sequence-rows li").evaluateAll((lis) =>
    lis.map((li) => {
      const label = li.querySelector(".arrow-label");
      if (!label) return null;
      const style = getComputedStyle(label);
      const box = label.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(label);
      const ink = range.getBoundingClientRect();
      const clips = style.overflowX !== "visible";
      const drawn = clips
        ? { left: Math.max(ink.left, box.left), right: Math.min(ink.right, box.right), top: Math.max(ink.top, box.top), bottom: Math.min(ink.bottom, box.bottom) }
        : { left: ink.left, right: ink.right, top: ink.top, bottom: ink.bottom };
      const row = li.getBoundingClientRect();
      return {
        text: label.textContent ?? "",
        drawn,
        cut: clips && ink.right - box.right > 0.5,
        ellipsis: style.textOverflow === "ellipsis" && style.whiteSpace !== "normal",
        row: { left: row.left, right: row.right, top: row.top, bottom: row.bottom },
        lanes: [...li.querySelectorAll(".lane-line")].map((l) => {
          const r = l.getBoundingClientRect();
          return r.left + r.width / 2;
        }),
        marks: [...li.querySelectorAll(".arrow path")].map((m) => {
          const r = m.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }),
      };
    }),
  );
  expect(rows, "one row per message").toHaveLength(messages);
  const drawn: { text: string; left: number; right: number; top: number; bottom: number }[] = [];
  for (const r of rows) {
    expect(r, "every arrow has a label").not.toBeNull();
    const { text, drawn: d } = r!;
    expect(d.right - d.left, `"${text}" shows some of its text`).toBeGreaterThan(0);
    if (r!.cut) expect(r!.ellipsis, `"${text}" is cut with "…"`).toBe(true);
    expect(d.left, `"${text}" inside its row`).toBeGreaterThanOrEqual(r!.row.left);
    expect(d.right, `"${text}" inside its row`).toBeLessThanOrEqual(r!.row.right);
    expect(d.top).toBeGreaterThanOrEqual(r!.row.top);
    expect(d.bottom).toBeLessThanOrEqual(r!.row.bottom);
    for (const lane of r!.lanes) expect(lane > d.left && lane < d.right, `"${text}" crosses the lane line at x=${lane}`).toBe(false);
    for (const m of r!.marks) {
      const overlaps = m.left < d.right && m.right > d.left && m.top < d.bottom && m.bottom > d.top;
      expect(overlaps, `"${text}" over one of its arrow's marks`).toBe(false);
    }
    drawn.push({ text, ...d });
  }
  for (const [i, a] of drawn.entries()) {
    for (const b of drawn.slice(i + 1)) {
      const overlaps = a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
      expect(overlaps, `"${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
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

  // Every control of the toolbar on one row: their middles line up. The title, two pickers and seven buttons.
  const middles = await page.locator(".toolbar").evaluate((bar) =>
    [...bar.querySelectorAll("h1, select, button")]
      .filter((el) => !el.closest(".notice") && el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return r.top + r.height / 2;
      }),
  );
  expect(middles).toHaveLength(10);
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(6);
  // And nothing else in it: every text and control drawn in the toolbar lies in the band of that row.
  const toolbar = await page.locator(".toolbar").evaluate((bar) => {
    const boxes = [...bar.querySelectorAll("*")]
      .filter((el) => !el.closest(".notice, .share-panel") && el.getClientRects().length > 0)
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const controls = [...bar.querySelectorAll("h1, select, button")].map((el) => el.getBoundingClientRect()).filter((r) => r.height > 0);
    return {
      height: bar.getBoundingClientRect().height,
      band: Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top)),
      tallest: Math.max(...controls.map((r) => r.height)),
    };
  });
  expect(toolbar.band, `one row (${toolbar.height}px tall)`).toBeLessThanOrEqual(toolbar.tallest);
  // The scenario's summary, no longer in the toolbar, is still on the first screen.
  const summary = page.locator(".scenario-summary");
  await expect(summary).toHaveText(BUILTIN_SCENARIOS[0]!.summary);
  await expect(summary).toBeInViewport({ ratio: 1 });

  // The blocked message, picked in the diagram where it is seen, shows why in the inspector, on the first screen.
  await page.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
  const reason = page.locator("aside.inspector .reason");
  await expect(reason).toContainText("does not match bob");
  await expect(reason).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // With the inspector open both lanes of the diagram are still drawn whole, their labels between them.
  await expectLanesShown(page, 2);
  await expectLabelsClear(page);

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
  // The diagram's two lanes share the screen's width: nothing of it is off to the side.
  await expectLanesShown(page, 2);
  await expectLabelsClear(page);
});

// Labels beside narrower lanes: an error's at its sender, and three windows' lanes on a phone.
for (const [id, lanes] of [
  ["data-clone-error", 2],
  ["siblings-through-parent", 3],
] as const) {
  test(`on a phone, "${id}": the diagram fits the screen and its labels stay between the lanes`, async ({ page }) => {
    const scenario = PROMISED.find((p) => p.id === id)!;
    await page.setViewportSize({ width: 390, height: 844 });
    await openPlayground(page);
    await chooseScenario(page, scenario.title);
    // Nested frames on a busy machine: the run may take longer than an assertion's usual wait.
    await expect(page.locator("table.timeline tbody tr.entry")).toHaveCount(scenario.expected.messages.length, { timeout: 20_000 });
    await expect(page.locator(".sequence-rows li")).toHaveCount(scenario.expected.messages.length);
    await expectLanesShown(page, lanes);
    await expectLabelsClear(page, scenario.expected.messages.length);
  });
}

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
