/**
 * A stock browser: its popup blocker is on (Playwright turns it off by default). A newcomer must
 * see the whole story within one obvious click, and the blocked popup must stay part of it.
 */
import { createServer, type Server } from "node:http";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium-args.mjs";
import { PROMISED } from "./builtins";
import { chooseScenario, consoleOf, infoNotice, openPlayground, PORT, timelineRows } from "./helpers";

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ignoreDefaultArgs: ["--disable-popup-blocking"] } });

/** The default scenario's four messages, as the table shows them. */
const STORY = [
  ["bob", "alice", "delivered"],
  ["alice", "bob", "blocked"],
  ["alice", "bob", "delivered"],
  ["bob", "alice", "delivered"],
];
const story = async (page: Page) => (await timelineRows(page)).map((r) => [r.from, r.to, r.state]);
const runButton = (frame: FrameLocator) => frame.getByRole("button", { name: "▶ Run alice.js" });

/** A person's click on ▶ in alice's frame: bob's popup opens, and the page comes back to the front. */
async function clickToRun(page: Page, alice: FrameLocator): Promise<void> {
  const popup = page.waitForEvent("popup");
  await runButton(alice).click();
  await popup;
  await page.bringToFront();
}

test("first load: the blocked popup is explained, and one click in alice's frame shows the whole story", async ({ page }) => {
  await openPlayground(page);
  await expect(infoNotice(page)).toContainText("Your browser blocked the popup alice opens (bob)");
  await expect(infoNotice(page)).toContainText("Click ▶ in alice's frame");
  const alice = page.frameLocator('iframe[data-window="alice"]');
  await expect(runButton(alice)).toBeVisible();
  await expect(alice.getByText("Your browser allows popups only after a click in the window that opens them")).toBeVisible();
  await expect(page.locator('.frame:has(iframe[data-window="alice"]) .status')).toHaveText("waiting for your click");
  expect(await timelineRows(page)).toEqual([]);

  await clickToRun(page, alice);
  await expect.poll(() => story(page)).toEqual(STORY);
  await expect(consoleOf(page, "alice")).toHaveText(["alice received: hi there yourself!  the secret response is: rheeeeet!"]);
  await expect(infoNotice(page)).toHaveCount(0);
  await expect(page.locator('li[data-window="bob"] .status')).toHaveText("running");

  // Run again from the host page: alice waits for its click again, and the click tells the story again.
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(runButton(alice)).toBeVisible();
  await clickToRun(page, alice);
  await expect.poll(() => story(page)).toEqual(STORY);
});

test("a popup scenario picked from the library runs with one click too", async ({ page }) => {
  await openPlayground(page);
  const alice = page.frameLocator('iframe[data-window="alice"]');
  await expect(runButton(alice)).toBeVisible();
  await expect(infoNotice(page)).toContainText("Your browser blocked the popup alice opens (bob)");
  await chooseScenario(page, "Replying with event.source and event.origin");
  const replyRows = PROMISED.find((b) => b.id === "reply-with-event-source")?.expected.messages.length;
  await expect.poll(async () => (await timelineRows(page)).length).toBe(replyRows);
  // The word about bob's popup went with the scenario it was about.
  await expect(infoNotice(page)).toHaveCount(0);
  await chooseScenario(page, "Password to a popup");
  await expect(runButton(alice)).toBeVisible();
  await clickToRun(page, alice);
  await expect.poll(() => story(page)).toEqual(STORY);
});

// A tutorial on another site embeds the playground (docs/embed.md).
const TUTORIAL_PORT = PORT + 51;
let server: Server;
test.beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><title>Lesson</title><iframe title="playground" style="width:1200px;height:900px" src="http://localhost:${PORT}/?embed&scenario=password-to-popup&run=click"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(TUTORIAL_PORT, resolve));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("an embed that runs on click: the click in alice's frame is the one click that runs the story", async ({ page }) => {
  await page.goto(`http://tutorial.localhost:${TUTORIAL_PORT}/lesson`);
  const playground = page.frameLocator('iframe[title="playground"]');
  const alice = playground.frameLocator('iframe[data-window="alice"]');
  await expect(runButton(alice)).toBeVisible();
  const popup = page.waitForEvent("popup");
  await runButton(alice).click();
  await popup;
  await page.bringToFront();
  const rows = playground.locator("table.timeline tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1).locator('td[data-col="state"] .badge')).toHaveText("blocked");
});
