/** The playground embedded in another site's page, as a tutorial would use it (docs/embed.md). */
import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { PORT } from "./helpers";

// A tutorial on another site, served by a server of its own (a real one: Chromium's local
// network checks refuse to let a page that did not come from this machine frame localhost).
const TUTORIAL_PORT = PORT + 50;
let server: Server;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams.get("embed") ?? "";
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><title>Lesson</title><h1>Lesson 3</h1><iframe title="playground" style="width:1200px;height:900px" src="http://localhost:${PORT}/?${query}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(TUTORIAL_PORT, resolve));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function tutorialPage(page: Page, embedQuery: string) {
  await page.goto(`http://tutorial.localhost:${TUTORIAL_PORT}/lesson?embed=${encodeURIComponent(embedQuery)}`);
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
});
