import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { chooseScenario, hostResponds, openPlayground, origin, replaceScript, scenarioLink, timelineRows } from "./helpers";

test("the built-in password-to-popup scenario shows exactly what the browser did", async ({ page, context }) => {
  const popupOpened = context.waitForEvent("page");
  await openPlayground(page);
  const popup = await popupOpened;
  expect(new URL(popup.url()).origin).toBe(origin("bob"));

  await expect.poll(() => timelineRows(page)).toEqual([
    {
      from: "bob",
      to: "alice",
      targetOrigin: JSON.stringify(origin("alice")),
      state: "delivered",
      origin: JSON.stringify(origin("bob")),
      source: "popup bob",
      data: '"ready"',
    },
    {
      from: "alice",
      to: "bob",
      targetOrigin: JSON.stringify(origin("alice")),
      state: "blocked",
      origin: "—",
      source: "—",
      data: `"The user is 'bob' and the password is 'secret'"`,
    },
    {
      from: "alice",
      to: "bob",
      targetOrigin: JSON.stringify(origin("bob")),
      state: "delivered",
      origin: JSON.stringify(origin("alice")),
      source: "opener",
      data: '"hello there!"',
    },
    {
      from: "bob",
      to: "alice",
      targetOrigin: JSON.stringify(origin("alice")),
      state: "delivered",
      origin: JSON.stringify(origin("bob")),
      source: "popup bob",
      data: '"hi there yourself!  the secret response is: rheeeeet!"',
    },
  ]);
  // The blocked row says why, in words.
  await expect(page.locator("tr.state-blocked .reason")).toContainText(`does not match bob (${origin("bob")})`);
  // Each window is shown with its origin; the popup is listed, and its closing is reflected.
  await expect(page.getByRole("figure").filter({ hasText: "alice" })).toContainText(origin("alice"));
  const bobItem = page.locator('.window-list li[data-window="bob"]');
  await expect(bobItem).toContainText(origin("bob"));
  await expect(bobItem).toContainText("running");
  await expect(page.locator(".console-line", { hasText: "alice received: hi there yourself!" })).toBeVisible();
  await popup.close();
  await expect(bobItem).toContainText("closed");
});

test("editing a script in Monaco reruns the scenario with fresh windows", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const firstFrameUrl = await page.locator('iframe[data-window="alice"]').getAttribute("src");

  await replaceScript(
    page,
    "bob",
    `window.addEventListener("message", (event) => {
  if (event.origin !== playground.origin("alice")) return;
  event.source.postMessage({ edited: true, got: event.data }, event.origin);
});
opener.postMessage("ready", playground.origin("alice"));
`,
  );
  await expect
    .poll(async () => (await timelineRows(page)).at(-1)?.data)
    .toBe('{edited: true, got: "hello there!"}');
  expect(await page.locator('iframe[data-window="alice"]').getAttribute("src")).not.toBe(firstFrameUrl);
  expect((await timelineRows(page)).map((r) => r.state)).toEqual(["delivered", "blocked", "delivered", "delivered"]);

  // Ctrl/Cmd+Enter reruns at once, with a new run (new frame URL) and a fresh timeline.
  const before = await page.locator('iframe[data-window="alice"]').getAttribute("src");
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect.poll(() => page.locator('iframe[data-window="alice"]').getAttribute("src")).not.toBe(before);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
});

test('"*" delivers where a wrong origin blocks, and "foo" throws a SyntaxError shown on the timeline', async ({ page }) => {
  await openPlayground(page);
  await chooseScenario(page, "Parent and child iframe");
  await expect.poll(() => timelineRows(page)).toEqual([
    {
      from: "dave",
      to: "carol",
      targetOrigin: JSON.stringify(origin("carol")),
      state: "delivered",
      origin: JSON.stringify(origin("dave")),
      source: "frames[0]",
      data: '{type: "hello", from: "dave"}',
    },
    {
      from: "carol",
      to: "dave",
      targetOrigin: JSON.stringify(origin("dave")),
      state: "delivered",
      origin: JSON.stringify(origin("carol")),
      source: "parent",
      data: '{type: "welcome"}',
    },
    {
      from: "carol",
      to: "dave",
      targetOrigin: '"*"',
      state: "delivered",
      origin: JSON.stringify(origin("carol")),
      source: "parent",
      data: '"to anyone"',
    },
    {
      from: "carol",
      to: "dave",
      targetOrigin: JSON.stringify(origin("evil")),
      state: "blocked",
      origin: "—",
      source: "—",
      data: '"to evil only"',
    },
  ]);

  await replaceScript(
    page,
    "carol",
    `const child = document.querySelector("iframe").contentWindow;
window.addEventListener("message", (event) => {
  if (event.origin !== playground.origin("dave")) return;
  try {
    child.postMessage("typo in targetOrigin", "foo");
  } catch (e) {
    console.log("caught", e.name);
  }
});
`,
  );
  await expect
    .poll(() => timelineRows(page))
    .toEqual([
      expect.objectContaining({ from: "dave", to: "carol", state: "delivered" }),
      expect.objectContaining({ from: "carol", to: "dave", targetOrigin: '"foo"', state: "error", data: '"typo in targetOrigin"' }),
    ]);
  await expect(page.locator("tr.state-error .reason")).toContainText("SyntaxError");
  await expect(page.locator(".console-line", { hasText: "caught SyntaxError" })).toBeVisible();
});

test("a sandbox in a busy loop does not freeze the host, and Reset restores a working scenario", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await replaceScript(page, "alice", "while (true) {}\n");
  // The rerun starts alice's endless loop; wait until the new frame has been created.
  await expect.poll(async () => (await timelineRows(page)).length).toBe(0);
  await expect(page.locator('.frame:has(iframe[data-window="alice"]) .status')).toHaveText("running");

  // The host still answers a click within a second (measured in the page, from the click's own time).
  await hostResponds(page);

  await page.getByRole("button", { name: "Reset" }).click();
  await expect.poll(() => timelineRows(page)).toHaveLength(4);
  expect((await timelineRows(page)).map((r) => r.state)).toEqual(["delivered", "blocked", "delivered", "delivered"]);
});

/** alice opens bob as a named popup, as the default scenario does; resolves with bob's window. */
async function openNamedPopup(page: Page, context: BrowserContext, bob: string, options: { loopGuardMs?: number } = {}): Promise<Page> {
  const popup = context.waitForEvent("page");
  await page.goto(
    scenarioLink(
      "named-popup",
      [
        { name: "alice", origin: "alice", kind: "iframe", script: 'window.open(playground.url("bob"), "bob");' },
        { name: "bob", origin: "bob", kind: "popup", opener: "alice", script: bob },
      ],
      "named popup",
      options,
    ),
  );
  return popup;
}

/** Ctrl+Enter: the new run's bob must be a window of its own that runs (its first line printed once). */
async function rerunInNewPopup(page: Page, context: BrowserContext, old: Page, firstLine: string): Promise<Page> {
  const popup = context.waitForEvent("page");
  await page.keyboard.press("ControlOrMeta+Enter");
  const next = await popup;
  // A named window.open of the new run opened a window of its own: it did not find the old one.
  expect(next).not.toBe(old);
  await expect(page.locator(".console-line", { hasText: firstLine })).toHaveCount(1);
  await expect(page.locator('.window-list li[data-window="bob"]')).toContainText("running");
  return next;
}

test("a rerun's popup is a new window: the last one retires without its name, runs nothing more, and closes", async ({ page, context }) => {
  const old = await openNamedPopup(page, context, 'console.log(`bob starts as "${window.name}"`);\nsetInterval(() => console.log("tick"), 50);');
  await expect(page.locator(".console-line", { hasText: 'bob starts as "bob"' })).toHaveCount(1);
  let oldTicks = 0;
  const rerunAt = { t: Infinity };
  old.on("console", (m) => {
    if (m.text() === "tick" && Date.now() > rerunAt.t + 300) oldTicks++;
  });
  rerunAt.t = Date.now();
  const next = await rerunInNewPopup(page, context, old, 'bob starts as "bob"');
  await expect.poll(() => old.isClosed(), { timeout: 3000 }).toBe(true);
  expect(oldTicks).toBe(0);
  expect(next.isClosed()).toBe(false);
});

test("a popup busy in an endless loop is closed at once by a rerun, which then runs as usual", async ({ page, context }) => {
  const old = await openNamedPopup(page, context, 'console.log("bob starts");\nsetTimeout(() => { while (true) {} }, 100);', { loopGuardMs: 0 });
  await expect(page.locator('.window-list li[data-window="bob"]')).toContainText("unresponsive", { timeout: 10_000 });
  await rerunInNewPopup(page, context, old, "bob starts");
  await expect.poll(() => old.isClosed(), { timeout: 1500 }).toBe(true);
});

test("a popup whose page is replaced by one without a runtime reads as on an unwatched page, not as unresponsive, and a rerun closes it", async ({ page, context }) => {
  const old = await openNamedPopup(page, context, 'console.log("bob starts");\nsetTimeout(() => { location.href = "about:blank"; }, 200);');
  const bob = page.locator('.window-list li[data-window="bob"]');
  await expect(bob.locator(".status")).toHaveText("on an unwatched page", { timeout: 10_000 });
  await expect(page.locator(".console-line", { hasText: "bob's page was replaced by about:blank, and no playground runtime started there" })).toHaveCount(1);
  // Beats later, still what it was: the silence of a page without a runtime is not a busy loop.
  await page.waitForTimeout(3000);
  await expect(bob.locator(".status")).toHaveText("on an unwatched page");
  await expect(page.locator(".console-line", { hasText: "has not answered" })).toHaveCount(0);
  await rerunInNewPopup(page, context, old, "bob starts");
  await expect.poll(() => old.isClosed(), { timeout: 6000 }).toBe(true);
});

test("Stop closes a popup stuck in an endless loop", async ({ page, context }) => {
  const stuck = await openNamedPopup(page, context, "setTimeout(() => { while (true) {} }, 100);", { loopGuardMs: 0 });
  const bob = page.locator('.window-list li[data-window="bob"]');
  await expect(bob).toContainText("unresponsive", { timeout: 10_000 });
  await bob.getByRole("button", { name: "Stop bob" }).click();
  await expect(bob).toContainText("stopped");
  await expect.poll(() => stuck.isClosed(), { timeout: 2000 }).toBe(true);
});

test("a reload of the playground takes the run's popup along, and the new run opens its own", async ({ page, context }) => {
  const old = await openNamedPopup(page, context, 'console.log("bob starts");');
  await expect(page.locator(".console-line", { hasText: "bob starts" })).toHaveCount(1);
  const next = context.waitForEvent("page");
  await page.reload();
  await expect.poll(() => old.isClosed(), { timeout: 3000 }).toBe(true);
  expect(await next).not.toBe(old);
  await expect(page.locator(".console-line", { hasText: "bob starts" })).toHaveCount(1);
  await expect(page.locator('.window-list li[data-window="bob"]')).toContainText("running");
  expect(context.pages().filter((p) => !p.isClosed())).toHaveLength(2);
});
