/**
 * The timeline as a person uses it: diagram and table with one selection, the inspector, filters,
 * the window tree, pausing and stepping delivery, resending, the keyboard, and a flood.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { burstLink, consoleOf, openPlayground, origin, scenarioLink, timelineRows } from "./helpers";

const rowsIn = (page: Page) => page.locator("table.timeline tbody tr.entry");
const diagramRows = (page: Page) => page.getByRole("region", { name: "Sequence diagram" }).locator("button.arrow-row");
const inspector = (page: Page) => page.locator("aside.inspector");

test("the diagram and the table share one selection, and the inspector shows the selected message", async ({ page }) => {
  await openPlayground(page);
  await expect(rowsIn(page)).toHaveCount(4);
  await expect(diagramRows(page)).toHaveCount(4);

  // Clicking the blocked arrow in the diagram selects the same message in the table.
  await diagramRows(page).nth(1).click();
  await expect(rowsIn(page).nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(diagramRows(page).nth(1)).toHaveAttribute("aria-pressed", "true");
  await expect(inspector(page).getByRole("heading", { level: 3 })).toContainText("alice → bob");
  await expect(inspector(page).getByRole("heading", { level: 3 })).toContainText("blocked");
  await expect(inspector(page)).toContainText("event.origin— (no event)");

  // And the other way round: the table row selects the arrow.
  await rowsIn(page).nth(2).click();
  await expect(diagramRows(page).nth(2)).toHaveAttribute("aria-pressed", "true");
  await expect(inspector(page)).toContainText(`"${origin("alice")}"`);
});

test("keyboard: arrows move between messages, Enter opens the inspector, Escape closes it, p pauses", async ({ page }) => {
  await openPlayground(page);
  await expect(rowsIn(page)).toHaveCount(4);
  await page.getByLabel("Messages: arrow keys move, Enter opens the inspector").focus();
  await page.keyboard.press("ArrowDown");
  await expect(rowsIn(page).nth(0)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("ArrowDown");
  await expect(rowsIn(page).nth(2)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("k");
  await expect(rowsIn(page).nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(inspector(page)).toHaveCount(0);
  await page.keyboard.press("Enter");
  await expect(inspector(page)).toContainText("blocked");
  await page.keyboard.press("Escape");
  await expect(inspector(page)).toHaveCount(0);
  const pause = page.getByRole("button", { name: /Pause delivery/ });
  await page.getByLabel("Messages: arrow keys move, Enter opens the inspector").focus();
  await page.keyboard.press("p");
  await expect(page.getByRole("button", { name: /Resume delivery/ })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("p");
  await expect(pause).toHaveAttribute("aria-pressed", "false");
});

test("filters by window, state and text, and the window tree focuses on one window", async ({ page }) => {
  await openPlayground(page);
  await expect(rowsIn(page)).toHaveCount(4);
  await page.getByRole("combobox", { name: "State" }).selectOption("blocked");
  await expect(rowsIn(page)).toHaveCount(1);
  await expect(page.getByText("1 of 4 messages")).toBeVisible();
  await page.getByRole("combobox", { name: "State" }).selectOption("");
  await page.getByRole("searchbox", { name: "Text" }).fill("hello there");
  await expect(rowsIn(page)).toHaveCount(1);
  await expect(rowsIn(page).first()).toContainText('"hello there!"');
  await page.getByRole("searchbox", { name: "Text" }).fill("");
  await expect(rowsIn(page)).toHaveCount(4);

  const tree = page.getByRole("navigation", { name: /Window tree/ });
  await expect(tree).toContainText(origin("bob"));
  // bob is a popup: it sits under alice, its opener.
  await expect(tree.locator("li li li")).toContainText("bob");
  await tree.getByRole("button", { name: /alice/ }).click();
  await expect(page.getByRole("combobox", { name: "Window" })).toHaveValue("alice");
  await expect(rowsIn(page)).toHaveCount(4); // every message here involves alice
  await page.getByRole("combobox", { name: "Window" }).selectOption("");
});

const inspectScenario = scenarioLink("inspect-data", [
  {
    name: "alice",
    origin: "alice",
    kind: "iframe",
    script: [
      'addEventListener("message", (e) => console.log("alice got", typeof e.data));',
      "const data = { name: \"cyclic\", list: [1, 2, 3], map: new Map([[\"k\", { deep: true }]]), bytes: new Uint8Array([7, 8]) };",
      "data.self = data;",
      'window.postMessage(data, "/");',
    ].join("\n"),
  },
]);

test("the inspector shows data as a tree (cycles, Maps, typed arrays) and jumps to the sending line", async ({ page }) => {
  await page.goto(inspectScenario);
  await expect(rowsIn(page)).toHaveCount(1);
  await rowsIn(page).first().click();
  const tree = inspector(page).locator("details.tree-node").first();
  await expect(tree.locator("> summary")).toContainText("Object{5}");
  await expect(tree).toContainText("[reference to #1");
  const map = tree.locator("details.tree-node", { hasText: "Map(1)" }).first();
  await map.locator("> summary").click();
  await expect(map).toContainText("deep");
  await expect(tree).toContainText("Uint8Array(2) [7, 8]");

  await inspector(page).getByRole("button", { name: /Show alice\.js:4/ }).click();
  await expect(page.getByRole("tab", { name: /^alice\.js/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(".script-editor .active-line-number")).toHaveText("4");
});

const pauseScenario = scenarioLink("pause-step", [
  {
    name: "alice",
    origin: "alice",
    kind: "iframe",
    script: [
      'addEventListener("message", (e) => console.log("got", e.data));',
      'for (const word of ["one", "two", "three"]) window.postMessage(word, "/");',
    ].join("\n"),
  },
]);

test("pause holds sends as queued; step releases one, drop forgets one, release all sends the rest", async ({ page }) => {
  await page.goto(pauseScenario);
  await expect(rowsIn(page)).toHaveCount(3);
  await page.getByRole("button", { name: /Pause delivery/ }).click();
  await page.keyboard.press("ControlOrMeta+Enter"); // fresh windows start paused
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(["queued", "queued", "queued"]);
  await expect(rowsIn(page).first()).toContainText("held: delivery is paused");

  await page.getByRole("button", { name: /^Step/ }).click();
  await expect.poll(async () => (await timelineRows(page)).find((r) => r.data === '"one"')?.state).toBe("delivered");

  await rowsIn(page).filter({ hasText: '"two"' }).click();
  await inspector(page).getByRole("button", { name: "Drop it" }).click();
  await expect.poll(async () => (await timelineRows(page)).find((r) => r.data === '"two"')?.state).toBe("lost");

  await page.getByRole("button", { name: /Release all/ }).click();
  // Released sends are placed at their release, when the browser's postMessage really ran.
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.data} ${r.state}`)).toEqual([
    '"two" lost',
    '"one" delivered',
    '"three" delivered',
  ]);
  const consoleLines = consoleOf(page, "alice");
  await expect(consoleLines).toHaveText(["got one", "got three"]);
});

test("edit and resend: from a recorded send, change data and targetOrigin and send again from the same window", async ({ page }) => {
  await openPlayground(page);
  await expect(rowsIn(page)).toHaveCount(4);
  await rowsIn(page).filter({ hasText: '"hello there!"' }).click();
  const form = inspector(page).locator("form.resend");
  await expect(form.getByLabel("data (JSON)")).toHaveValue('"hello there!"');
  await form.getByLabel("data (JSON)").fill('{"again": true}');
  await form.getByRole("button", { name: "Resend" }).click();
  await expect.poll(async () => (await timelineRows(page)).find((r) => r.data === "{again: true}")).toMatchObject({
    from: "alice",
    to: "bob",
    state: "delivered",
    origin: JSON.stringify(origin("alice")),
  });
  // The browser's own check still decides: a wrong targetOrigin is blocked.
  await rowsIn(page).filter({ hasText: '"hello there!"' }).click();
  await form.getByLabel("data (JSON)").fill('"hello there!"');
  await form.getByLabel("targetOrigin").fill(origin("evil"));
  await form.getByRole("button", { name: "Resend" }).click();
  await expect.poll(async () => (await timelineRows(page)).filter((r) => r.data === '"hello there!"').map((r) => r.state)).toEqual(["delivered", "blocked"]);
});

test("a long timeline follows the keyboard: End shows the last message, Home the first again", async ({ page }) => {
  await page.goto(
    scenarioLink("many", [
      { name: "alice", origin: "alice", kind: "iframe", script: 'for (let i = 1; i <= 300; i++) window.postMessage(i, "/");' },
    ]),
  );
  const count = page.locator(".timeline-panel h2 .count");
  await expect(count).toHaveText("300 messages");
  const table = page.locator(".table-scroll");
  const row = (n: number) => rowsIn(page).filter({ has: page.locator("td.num").first().getByText(String(n), { exact: true }) });
  // The list is virtualized: the last message is not in the document until the list gets there.
  await expect(row(300)).toHaveCount(0);
  await page.getByLabel("Messages: arrow keys move, Enter opens the inspector").focus();
  await page.keyboard.press("End");
  await expect(row(300)).toHaveAttribute("aria-selected", "true");
  await expect(row(300)).toBeInViewport();
  await expect(diagramRows(page).filter({ hasText: "300" })).toBeInViewport();
  await page.keyboard.press("Home");
  await expect(row(1)).toHaveAttribute("aria-selected", "true");
  await expect(row(1)).toBeInViewport();
  await expect.poll(() => table.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(diagramRows(page).first()).toBeInViewport();
});

const floodScenario = scenarioLink("flood", [
  {
    name: "alice",
    origin: "alice",
    kind: "iframe",
    script: [
      "const N = 100000;",
      "let got = 0;",
      'addEventListener("message", () => { if (++got === N) console.log("flood done"); });',
      "let sent = 0;",
      '(function burst() { for (let i = 0; i < 1000 && sent < N; i++) window.postMessage(sent++, "/"); if (sent < N) setTimeout(burst, 0); })();',
    ].join("\n"),
  },
]);

test("a flood of 100,000 messages: the list stays virtualized, older events are dropped and counted, the page stays usable", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(floodScenario);
  await expect(page.getByText(/older events dropped \(the event cap keeps/)).toBeVisible({ timeout: 60_000 });
  // Usable while flooding: a filter responds.
  await page.getByRole("combobox", { name: "State" }).selectOption("delivered");
  await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("delivered");
  await page.getByRole("combobox", { name: "State" }).selectOption("");
  await expect(consoleOf(page, "alice").filter({ hasText: "flood done" })).toHaveCount(1, { timeout: 90_000 });
  const counter = page.getByText(/older events dropped \(the event cap keeps/);
  const number = async (where: Locator, pattern: RegExp) => Number(pattern.exec((await where.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  expect(await number(counter, /^([\d,]+)/)).toBeGreaterThan(100_000);
  // Only the rows in view are in the document.
  expect(await rowsIn(page).count()).toBeLessThan(200);
  // Every one of the 200,000 events is kept or counted, exactly (most were counted without being
  // read), once the last reports are in: a kept message holds its send and its receipt, a receipt
  // whose send was dropped is a row of its own that says so.
  const heading = page.locator(".timeline-panel h2");
  const search = page.getByRole("searchbox", { name: "Text" });
  await expect(async () => {
    await search.fill("");
    const dropped = await number(counter, /^([\d,]+)/);
    const messages = await number(heading, /([\d,]+) messages/);
    await search.fill("its send was among the older events dropped");
    const orphans = await number(heading, /([\d,]+) of [\d,]+ messages/);
    expect(2 * (messages - orphans) + orphans + dropped).toBe(200_000);
  }).toPass({ timeout: 20_000 });
  // The newest message is kept, delivered.
  await page.getByRole("searchbox", { name: "Text" }).fill("99999");
  await expect.poll(async () => (await timelineRows(page)).map((r) => [r.data, r.state])).toEqual([["99999", "delivered"]]);
});

test("a burst is drawn after it: the timeline says it is catching up, then shows every message", async ({ page }) => {
  test.setTimeout(90_000);
  const N = 6000;
  await page.goto(burstLink("burst", N));
  const catchingUp = page.getByRole("status").filter({ hasText: /^Catching up: [\d,]+ reports still to draw$/ });
  await expect(catchingUp).toBeVisible({ timeout: 20_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "burst done" })).toHaveCount(1, { timeout: 60_000 });
  await expect(catchingUp).toHaveCount(0, { timeout: 30_000 });
  // Nothing was lost on the way: every send is on the timeline, paired with its receipt.
  const count = page.locator(".timeline-panel h2 .count");
  // Written as the dropped count is, with a comma every three digits.
  await expect(count).toHaveText("6,000 messages");
  // With the filter on "delivered", a count without "of" means every message passed it.
  await page.getByRole("combobox", { name: "State" }).selectOption("delivered");
  await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("delivered");
  await expect(count).toHaveText("6,000 messages");
  await page.getByRole("combobox", { name: "State" }).selectOption("queued");
  await expect(count).toHaveText("0 of 6,000 messages");
});
