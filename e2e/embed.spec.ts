/** The playground embedded in another site's page, as a tutorial would use it (docs/embed.md). */
import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { PORT, selectedScenario } from "./helpers";

// A tutorial on another site, served by a server of its own (a real one: Chromium's local
// network checks refuse to let a page that did not come from this machine frame localhost).
const TUTORIAL_PORT = PORT + 50;
let server: Server;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const params = new URL(req.url ?? "/", "http://x").searchParams;
    const query = params.get("embed") ?? "";
    const height = Number(params.get("height") ?? 900);
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><title>Lesson</title><h1>Lesson 3</h1><iframe title="playground" style="width:1200px;height:${height}px;border:0" src="http://localhost:${PORT}/?${query}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(TUTORIAL_PORT, resolve));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function tutorialPage(page: Page, embedQuery: string, height = 900) {
  await page.goto(`http://tutorial.localhost:${TUTORIAL_PORT}/lesson?height=${height}&embed=${encodeURIComponent(embedQuery)}`);
  return page.frameLocator('iframe[title="playground"]');
}

test("embed options: pick the scenario, hide panels, run only on click, inside a cross-origin iframe", async ({ page }) => {
  const frame = await tutorialPage(page, "embed&scenario=reply-with-event-source&hide=editor,console&run=click");
  await expect(frame.getByRole("combobox", { name: "Scenario" })).toHaveValue("reply-with-event-source");
  await expect(frame.getByRole("region", { name: "Scripts" })).toBeHidden();
  await expect(frame.getByRole("region", { name: "Console" })).toBeHidden();
  await expect(frame.getByRole("region", { name: "Message timeline" })).toBeVisible();
  // Nothing runs until the reader asks.
  await page.waitForTimeout(1500);
  await expect(frame.locator("table.timeline tbody tr.entry")).toHaveCount(0);
  await frame.getByRole("button", { name: /^Run/ }).click();
  await expect(frame.locator("table.timeline tbody tr.entry")).toHaveCount(3);
  await expect(frame.locator("table.timeline tbody tr.entry").last()).toContainText("delivered");
});

test("embed read-only: the script is shown but cannot be changed", async ({ page }) => {
  const frame = await tutorialPage(page, "embed&scenario=transfer-arraybuffer&readonly");
  await expect(frame.locator("table.timeline tbody tr.entry")).toHaveCount(2);
  const editor = frame.locator(".script-editor .monaco-editor");
  await expect(editor).toBeVisible();
  const before = (await editor.locator(".view-lines").textContent()) ?? "";
  await editor.locator(".view-lines").click();
  await page.keyboard.type("tampered ");
  await expect(editor.locator(".view-lines")).toHaveText(before);
  await expect(frame.getByRole("textbox", { name: /read-only/ })).toBeAttached();
  // Where the read-only note sends the reader: the full playground, with this scenario.
  const open = frame.getByRole("link", { name: "Open in the playground" });
  await expect(open).toBeVisible();
  await expect(open).toHaveAttribute("href", new RegExp(`^http://localhost:${PORT}/#scenario=[A-Za-z0-9+\\-$]+$`));
});

test("a 720-px embed leads with the timeline, and opens the same scenario in the full playground", async ({ page, context }) => {
  const frame = await tutorialPage(page, "embed&scenario=reply-with-event-source&hide=editor,console&run=click", 720);
  await frame.getByRole("button", { name: /^Run/ }).click();
  const rows = frame.locator("table.timeline tbody tr.entry");
  await expect(rows).toHaveCount(3);
  // Seen without scrolling: the embed's page is at its top, and the whole first row lies inside the frame.
  expect(await frame.locator("html").evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
  const iframe = await page.locator('iframe[title="playground"]').boundingBox();
  const row = await rows.first().boundingBox();
  if (!iframe || !row) throw new Error("the frame or its first row has no box");
  expect(iframe.height).toBe(720);
  expect(row.y).toBeGreaterThanOrEqual(iframe.y);
  expect(row.y + row.height).toBeLessThanOrEqual(iframe.y + iframe.height);
  // The windows panel is still there, below the timeline.
  const windows = await frame.getByRole("region", { name: "Running windows" }).boundingBox();
  expect(windows?.y ?? 0).toBeGreaterThan(row.y);

  const open = frame.getByRole("link", { name: "Open in the playground" });
  await expect(open).toHaveAttribute("target", "_blank");
  await expect(open).toHaveAttribute("rel", /\bnoopener\b/);
  const href = (await open.getAttribute("href")) ?? "";
  // The full playground: no embed parameters, the scenario in the fragment.
  expect(href).toMatch(new RegExp(`^http://localhost:${PORT}/#scenario=[A-Za-z0-9+\\-$]+$`));
  const full = await context.newPage();
  await full.goto(href);
  await expect(full.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
  expect(await selectedScenario(full)).toBe("Replying with event.source and event.origin");
  await expect(full.getByRole("button", { name: "Share" })).toBeVisible();
  await expect(full.getByRole("region", { name: "Scripts" })).toBeVisible();
  await expect(full.locator("table.timeline tbody tr.entry")).toHaveCount(3);
  await full.close();
});

test("an embed's table and diagram fit its width, also beside the inspector", async ({ page }) => {
  const frame = await tutorialPage(page, "embed&scenario=password-to-popup", 720);
  await expect(frame.locator("table.timeline tbody tr.entry")).toHaveCount(4);
  const sideways = (selector: string) => frame.locator(selector).evaluate((el) => el.scrollWidth - el.clientWidth);
  for (const inspector of [false, true]) {
    if (inspector) {
      await frame.getByRole("button", { name: /^2: alice to bob, blocked/ }).click();
      await expect(frame.locator("aside.inspector .reason")).toContainText("does not match bob");
    }
    expect(await sideways(".table-scroll"), `the table scrolls sideways${inspector ? " beside the inspector" : ""}`).toBeLessThanOrEqual(0);
    expect(await sideways(".sequence"), `the diagram scrolls sideways${inspector ? " beside the inspector" : ""}`).toBeLessThanOrEqual(0);
    expect(await sideways("html")).toBeLessThanOrEqual(0);
  }
  // What the narrower table leaves out of its rows is in the inspector.
  await expect(frame.locator("aside.inspector .facts")).toContainText("event.source");
  await expect(frame.locator("aside.inspector .facts")).toContainText("listeners");
});
