/**
 * Hostile sandboxes and bad input. Each test lets a sandbox (or a file, or a link) do its worst
 * and then checks, as a person would, that the host page still answers, that the timeline still
 * holds every earlier event, and that the person is told what happened.
 */
import { expect, test, type Page } from "@playwright/test";
import { origin, PORT, scenarioLink, timelineRows } from "./helpers";

/** The host answers a click within a second: another window's script tab opens. */
async function hostResponds(page: Page, window = "bob"): Promise<void> {
  const tab = page.getByRole("tab", { name: new RegExp(`^${window}\\.js`) });
  await tab.click({ timeout: 1000 });
  await expect(tab).toHaveAttribute("aria-selected", "true", { timeout: 1000 });
}

const consoleOf = (page: Page, window: string) => page.locator(`ol.console li[data-window="${window}"] .text`);

/** bob is a frame inside alice: its sends to `parent` are recorded by its runtime on both ends. */
const child = (script: string) => ({ name: "bob", origin: "bob", kind: "iframe" as const, parent: "alice", script });

test("an endless loop is stopped by the loop guard, with its line; the window and the timeline go on", async ({ page }) => {
  await page.goto(
    scenarioLink("loop", [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: [
          'addEventListener("message", (e) => {',
          '  setTimeout(() => e.source.postMessage("after the loop", e.origin), 50);',
          "  while (true) {}",
          "});",
        ].join("\n"),
      },
      child('parent.postMessage("before the loop", playground.origin("alice"));'),
      { name: "carol", origin: "carol", kind: "iframe", script: "" },
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "LoopGuardError" })).toContainText("the loop on line 3 kept this window busy for over 1000 ms");
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => [r.from, r.data, r.state]))
    .toEqual([
      ["bob", '"before the loop"', "delivered"],
      ["alice", '"after the loop"', "delivered"],
    ]);
  await hostResponds(page, "carol");
});

test("a window busy without a loop guard is marked unresponsive and can be stopped; the rest goes on", async ({ page }) => {
  await page.goto(
    scenarioLink(
      "busy",
      [
        {
          name: "alice",
          origin: "alice",
          kind: "iframe",
          script: 'addEventListener("message", (e) => { e.source.postMessage("thanks", e.origin); setTimeout(() => { while (true) {} }, 200); });',
        },
        child('parent.postMessage("before", playground.origin("alice"));'),
        { name: "carol", origin: "carol", kind: "iframe", script: 'setTimeout(() => console.log("carol still runs"), 6000);' },
      ],
      "busy",
      { loopGuardMs: 0 },
    ),
  );
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.data)).toEqual(['"before"', '"thanks"']);
  const alice = page.locator('.frame:has(iframe[data-window="alice"]), .frame:has(strong:text-is("alice"))').first();
  await expect(alice.locator(".status")).toHaveText("unresponsive", { timeout: 10_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "has not answered" })).toHaveCount(1);
  await hostResponds(page, "carol");

  await page.getByRole("button", { name: "Stop alice" }).click();
  await expect(alice.locator(".status")).toHaveText("stopped");
  await expect(page.locator('iframe[data-window="alice"]')).toHaveCount(0);
  await expect(consoleOf(page, "alice").filter({ hasText: "You stopped alice" })).toHaveCount(1);
  // carol still runs, and the earlier events are all there.
  await expect(consoleOf(page, "carol")).toHaveText(["carol still runs"], { timeout: 10_000 });
  expect((await timelineRows(page)).map((r) => [r.data, r.state])).toEqual([
    ['"before"', "delivered"],
    ['"thanks"', "delivered"],
  ]);
  await hostResponds(page, "carol");
});

test("escapes: top navigation, a popup storm, dialog loops, document.write, closing and reloading", async ({ page, context }) => {
  await page.goto(
    scenarioLink(
      "escapes",
      [
        {
          name: "alice",
          origin: "alice",
          kind: "iframe",
          script: [
            'addEventListener("message", (e) => console.log("alice got " + e.data));',
            'window.open(playground.url("pop"));',
            `try { top.location.href = "${origin("evil")}/?escaped"; } catch (e) { console.log("top navigation refused: " + e.name); }`,
            'for (let i = 0; i < 100; i++) alert("annoying " + i);',
            'console.log("confirm said " + confirm("really?"));',
            'setTimeout(() => { document.write("<h1>replaced</h1>"); }, 10);',
            "window.close();",
          ].join("\n"),
        },
        {
          name: "pop",
          origin: "bob",
          kind: "popup",
          opener: "alice",
          script: [
            'setTimeout(() => opener.postMessage("hi from document " + playground.documentNumber, "*"), 300);',
            "if (playground.documentNumber === 1) setTimeout(() => location.reload(), 600);",
            `else { try { opener.top.location.href = "${origin("evil")}/?escaped-from-popup"; } catch (e) { console.log("top navigation refused: " + e.name); } setTimeout(() => window.close(), 600); }`,
          ].join("\n"),
        },
        {
          name: "carol",
          origin: "carol",
          kind: "iframe",
          script: 'let opened = 0; for (let i = 0; i < 30; i++) if (window.open("about:blank", "storm" + i)) opened++; console.log("storm opened " + opened);',
        },
      ],
      "escapes",
      // Opening a window takes long under test automation: the storm must meet the cap, not the loop guard.
      { loopGuardMs: 30_000 },
    ),
  );
  await expect(consoleOf(page, "carol").filter({ hasText: "storm opened" })).toHaveText("storm opened 10", { timeout: 20_000 });
  await expect(consoleOf(page, "carol").filter({ hasText: "refused" })).toContainText("already has 10 open popups");
  await expect(consoleOf(page, "alice").filter({ hasText: "was not shown" })).toHaveCount(101);
  await expect(consoleOf(page, "alice").filter({ hasText: "confirm said" })).toHaveText("confirm said false");
  await expect(consoleOf(page, "alice").filter({ hasText: "top navigation refused" })).toHaveText("top navigation refused: SecurityError");
  await expect(consoleOf(page, "alice").filter({ hasText: "document.write() replaced" })).toHaveCount(1);
  // Receipts after document.write are still recorded (its listener is gone with the old page):
  // both of pop's documents reach alice.
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => [r.data, r.state]), { timeout: 15_000 })
    .toEqual([
      ['"hi from document 1"', "delivered"],
      ['"hi from document 2"', "delivered"],
    ]);
  await expect(consoleOf(page, "pop").filter({ hasText: "top navigation refused" })).toHaveText("top navigation refused: SecurityError");
  await expect(page.locator('li[data-window="pop"] .status')).toHaveText("closed", { timeout: 10_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got" })).toHaveCount(0);
  expect(new URL(page.url()).origin).toBe(`http://localhost:${PORT}`);
  // The popups took the foreground, as they do for a person, who then switches back.
  await page.bringToFront();
  await hostResponds(page, "carol");
  expect(context.pages().length).toBeLessThanOrEqual(12);
});
