/**
 * A first visit opens on the default scenario, and the page starts that first run before the
 * app's code has loaded (src/early-run.ts). The person must see what any visit shows: each window
 * loads once, its page running on when the app takes it in. A link or saved work opens on
 * something else, and the default scenario's windows must then never load at all.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { PARAM_RUN, PARAM_WINDOW } from "../sandboxes/protocol/messages";
import { consoleOf, origin, replaceScript, scenarioLink, STORAGE_KEY, timelineRows } from "./helpers";

/** Every sandbox page the browser loads in `context`, as "window@run", popups included. */
function sandboxDocuments(context: BrowserContext): string[] {
  const loaded: string[] = [];
  context.on("request", (request) => {
    if (request.resourceType() !== "document") return;
    const url = new URL(request.url());
    const window = url.searchParams.get(PARAM_WINDOW);
    if (window !== null) loaded.push(`${window}@${url.searchParams.get(PARAM_RUN) ?? ""}`);
  });
  return loaded;
}

const settled = async (page: Page) => (await timelineRows(page)).map((r) => r.state !== "queued");
const ALICE_HEARS = "alice received: hi there yourself!  the secret response is: rheeeeet!";

test("a first visit: the first run's windows load once, before the app has rendered, and the story is whole", async ({ page, context, baseURL }) => {
  const documents = sandboxDocuments(context);
  // What the host page held first: alice's frame, or the app's first render.
  await page.addInitScript((host) => {
    if (location.origin !== host) return;
    const seen: string[] = [];
    (window as unknown as { firstSeen: string[] }).firstSeen = seen;
    new MutationObserver(() => {
      // The app first: when its first render brings the frame, both are there at once.
      if (!seen.includes("app") && document.getElementById("root")?.childElementCount) seen.push("app");
      if (!seen.includes("frame") && document.querySelector('iframe[data-window="alice"]')) seen.push("frame");
    }).observe(document, { childList: true, subtree: true });
  }, new URL(baseURL ?? "").origin);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
  await expect.poll(() => settled(page)).toEqual([true, true, true, true]);
  expect((await timelineRows(page)).map((r) => [r.from, r.to, r.state])).toEqual([
    ["bob", "alice", "delivered"],
    ["alice", "bob", "blocked"],
    ["alice", "bob", "delivered"],
    ["bob", "alice", "delivered"],
  ]);
  await expect(consoleOf(page, "alice")).toHaveText([ALICE_HEARS]);

  // One run, each of its windows loaded once: the frame was moved into the windows panel, not loaded again.
  const run = documents[0]?.split("@")[1] ?? "";
  expect(run).toMatch(/^r1-/);
  expect(documents.toSorted()).toEqual([`alice@${run}`, `bob@${run}`]);
  const alice = page.getByTitle(`alice on ${origin("alice")}`);
  await expect(alice).toBeVisible();
  await expect(page.locator(".frame iframe")).toHaveCount(1);
  await expect(page.locator("[data-early-holder]")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { firstSeen: string[] }).firstSeen)).toEqual(["frame", "app"]);

  // A rerun replaces the moved frame with a new one, as it does any run's frames.
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect.poll(() => documents.length).toBe(4);
  const rerun = documents[2]?.split("@")[1] ?? "";
  expect(rerun).toMatch(/^r2-/);
  expect(documents.slice(2).toSorted()).toEqual([`alice@${rerun}`, `bob@${rerun}`]);
  await expect.poll(() => settled(page)).toEqual([true, true, true, true]);
  await expect(consoleOf(page, "alice")).toHaveText([ALICE_HEARS]);
  await expect(page.locator(".frame iframe")).toHaveCount(1);
});

test("a link opens its own scenario: the default scenario's windows never load", async ({ page, context }) => {
  const documents = sandboxDocuments(context);
  await page.goto(scenarioLink("carol-alone", [{ name: "carol", origin: "carol", kind: "iframe", script: 'window.postMessage("to myself", "*");' }]));
  await expect.poll(() => settled(page)).toEqual([true]);
  expect(documents.map((d) => d.split("@")[0])).toEqual(["carol"]);
  await expect(page.locator(".frame iframe")).toHaveCount(1);
});

test("a link's scripts wait for the parser, which loads apart: when it does not arrive the page says so, and the link runs once it does", async ({ page, context }) => {
  const documents = sandboxDocuments(context);
  // The parser's chunk (src/run/parser.ts).
  const parser = /\/assets\/prepared-script-[\w-]+\.js$/;
  await page.route(parser, (route) => route.abort());
  await page.goto(scenarioLink("carol-alone", [{ name: "carol", origin: "carol", kind: "iframe", script: 'window.postMessage("to myself", "*");' }]));
  const notice = page.getByRole("alert").filter({ hasText: "script parser" });
  await expect(notice).toContainText("The playground could not load its script parser, so the scenario did not run. Check your connection, then reload the page to try again.");
  await expect(page.locator(".frame iframe")).toHaveCount(0);
  expect(documents).toEqual([]);

  // Run asks again, and is told the same.
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(notice).toHaveCount(1);
  await expect(page.locator(".frame iframe")).toHaveCount(0);

  await page.unroute(parser);
  await page.reload();
  await expect.poll(() => settled(page)).toEqual([true]);
  expect(documents.map((d) => d.split("@")[0])).toEqual(["carol"]);
  await expect(notice).toHaveCount(0);
});

test("saved work opens on the next visit: only its windows load, with the script as edited", async ({ page, context }) => {
  await page.goto("/");
  await expect.poll(() => settled(page)).toEqual([true, true, true, true]);
  await replaceScript(page, "alice", 'console.log("edited alice");\n');
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain("edited alice");

  const documents = sandboxDocuments(context);
  await page.reload();
  await expect(consoleOf(page, "alice")).toHaveText(["edited alice"]);
  await expect(page.locator(".frame iframe")).toHaveCount(1);
  // The edited alice opens no popup: one window, one run.
  expect(documents.length).toBe(1);
  expect(documents[0]).toMatch(/^alice@r1-/);
});

test("the windows panel breaks before it takes the early frames in: no window runs on out of sight", async ({ page, context, baseURL }) => {
  const documents = sandboxDocuments(context);
  // The panel moves the early frames in with moveBefore: here it throws, in the host page only.
  await page.addInitScript((host) => {
    if (location.origin !== host) return;
    const real = Object.getOwnPropertyDescriptor(Element.prototype, "moveBefore") as PropertyDescriptor;
    Object.defineProperty(window, "restoreMoveBefore", { value: () => Object.defineProperty(Element.prototype, "moveBefore", real) });
    Element.prototype.moveBefore = () => {
      throw new Error("moveBefore broke");
    };
  }, new URL(baseURL ?? "").origin);
  await page.goto("/");

  const windows = page.getByRole("region", { name: "Windows", exact: true });
  await expect(windows.getByRole("alert")).toHaveText("This panel stopped working (Error: moveBefore broke). The rest of the playground still works.Show the windows again");
  // The early run did start (its alice loaded), and its frame went with the panel.
  expect(documents[0]).toMatch(/^alice@r1-/);
  await expect(page.locator("iframe")).toHaveCount(0);
  await expect(page.locator("[data-early-holder]")).toHaveCount(0);

  // Shown again, the panel makes a frame of its own.
  await page.evaluate(() => (window as unknown as { restoreMoveBefore: () => void }).restoreMoveBefore());
  await windows.getByRole("button", { name: "Show the windows again" }).click();
  await expect(page.getByTitle(`alice on ${origin("alice")}`)).toBeVisible();
  await expect(page.locator("iframe")).toHaveCount(1);
});

test("an early-run script that arrives after the app has started its first run starts nothing", async ({ page, context }) => {
  const documents = sandboxDocuments(context);
  // The page loads the early run's script async: here it comes only once the app's run is whole.
  let arrive = () => {};
  const appRan = new Promise<void>((resolve) => (arrive = resolve));
  let early = "";
  await page.route(/\/assets\/early-run-[\w-]+\.js$/, async (route) => {
    early = route.request().url();
    await appRan;
    await route.continue();
  });
  // Not until "load": the page's load waits for every script, this one too.
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await expect.poll(() => settled(page)).toEqual([true, true, true, true]);
  expect(early).not.toBe("");
  const run = documents[0]?.split("@")[1] ?? "";
  // What the app saved would keep the script from starting too: the app's word alone must.
  await page.evaluate(() => localStorage.clear());
  arrive();
  // The script has arrived and run (a module script runs in the task after its fetch ends).
  await expect.poll(() => page.evaluate((url) => performance.getEntriesByName(url).length, early)).toBe(1);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(documents.toSorted()).toEqual([`alice@${run}`, `bob@${run}`]);
  await expect(page.locator("[data-early-holder]")).toHaveCount(0);
  await expect(page.locator("iframe")).toHaveCount(1);
});

test("a page whose app code did not arrive says so, and its early run ends with the popup it opened", async ({ page, context }) => {
  const documents = sandboxDocuments(context);
  // The network loses the app's module: only the early run's script runs.
  await page.route(/\/assets\/main-[\w-]+\.js$/, (route) => route.abort());
  await page.goto("/");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The playground could not start: part of its code did not load.");
  await expect(page.getByRole("button", { name: "Reload the page" })).toBeFocused();
  // The early run had begun (alice's frame loaded), and nothing of it stays running.
  expect(documents.some((d) => d.startsWith("alice@r1-"))).toBe(true);
  await expect(page.locator("iframe")).toHaveCount(0);
  await expect(page.locator("[data-early-holder]")).toHaveCount(0);
  await expect.poll(() => context.pages().length).toBe(1);

  // Once the network is back, the button brings the playground.
  await page.unroute(/\/assets\/main-[\w-]+\.js$/);
  await page.getByRole("button", { name: "Reload the page" }).click();
  await expect(page.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("an app that fails as it starts says what failed, and ends the run it had taken over", async ({ page, context }) => {
  // The app's mount point goes as soon as the parser makes it: its start throws before rendering.
  await page.addInitScript(() => {
    if (window.top !== window) return;
    new MutationObserver(() => document.getElementById("root")?.remove()).observe(document, { childList: true, subtree: true });
  });
  await page.goto("/");
  await expect(page.getByRole("alert")).toContainText("What failed: index.html has no #root element");
  await expect(page.getByRole("button", { name: "Reload the page" })).toBeFocused();
  await expect(page.locator("iframe")).toHaveCount(0);
  await expect(page.locator("[data-early-holder]")).toHaveCount(0);
  await expect.poll(() => context.pages().length).toBe(1);
});
