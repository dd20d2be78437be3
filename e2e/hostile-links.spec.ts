/**
 * A stranger's link or file, and the scenario it runs, against the person who opens it: it may
 * not navigate the playground away, crash or blank it (now or on the next load), speak for another
 * window, or change the person's saved work.
 */
import { expect, test, type Page } from "@playwright/test";
import LZString from "lz-string";
import {
  consoleOf,
  editorText,
  errorNotice,
  hostResponds,
  openFile,
  openPlayground,
  origin,
  PORT,
  replaceScript,
  scenarioLink,
  selectedScenario,
  STORAGE_KEY,
  timelineRows,
  type TestWindow, flat } from "./helpers";

const frame = (name: string, site: string, ...lines: string[]): TestWindow => ({ name, origin: site, kind: "iframe", script: lines.join("\n") });
const saved = (page: Page) => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY);
/** The saved work as a person knows it: the open scenario, and each scenario's scripts. */
async function savedWork(page: Page): Promise<unknown> {
  type Saved = { id: string; windows: { name: string; script: string }[] };
  const { state } = JSON.parse(await saved(page)) as { state: { scenario: Saved; drafts: Record<string, Saved> } };
  const scripts = (s: Saved) => s.windows.map((w) => `${w.name}: ${w.script}`);
  return { open: state.scenario.id, scripts: scripts(state.scenario), drafts: Object.values(state.drafts).map((d) => [d.id, scripts(d)]) };
}
const keepButton = (page: Page) => page.getByRole("button", { name: "Keep in my scenarios" });
const heading = (page: Page) => page.getByRole("heading", { name: "postMessage Playground" });

/** The default scenario, run to its four messages, with alice's script edited (and autosaved). */
async function editedDefault(page: Page, edit: string): Promise<void> {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await replaceScript(page, "alice", `${edit}\n`);
  await expect.poll(() => saved(page)).toContain(edit);
}

test("a scenario cannot give its frame allow-top-navigation: link and file are refused, the page stays, the work is kept", async ({ page }) => {
  await openPlayground(page);
  // The run settled (no row still waiting for its receipt's report), so that what is compared at
  // the end is the run as it stays, not a moment of it.
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state !== "queued")).toEqual([true, true, true, true]);
  const before = await timelineRows(page);
  const phish = `top.location = "${origin("evil")}/?phished";`;
  await page.goto(scenarioLink("phish", [{ ...frame("alice", "alice", phish), sandbox: "allow-scripts allow-same-origin allow-top-navigation" }]));
  await expect(errorNotice(page)).toContainText("The link's scenario could not be opened");
  await expect(errorNotice(page)).toContainText('"allow-top-navigation" is not allowed: it would let the frame navigate the playground page away');
  await expect(errorNotice(page)).toContainText("Your saved work is unchanged");

  const file = {
    format: "postmessage-playground/scenario",
    version: 1,
    id: "phish",
    title: "phish",
    windows: [{ ...frame("alice", "alice", phish), sandbox: "allow-scripts allow-top-navigation-by-user-activation" }],
  };
  await openFile(page, "phish.scenario.json", JSON.stringify(file));
  await expect(errorNotice(page)).toContainText('windows[0].sandbox: "allow-top-navigation-by-user-activation" is not allowed');
  await expect(errorNotice(page)).toContainText("Nothing was changed");

  expect(new URL(page.url()).origin).toBe(`http://localhost:${PORT}`);
  expect(await selectedScenario(page)).toBe("Password to a popup");
  expect(await timelineRows(page)).toEqual(before);
  await hostResponds(page);
});

test("a forged hello of 100 million characters is a plain message to the page, now and on every reload", async ({ page }) => {
  test.slow();
  await page.goto(
    scenarioLink("huge-hello", [
      frame(
        "alice",
        "alice",
        'const huge = "w".repeat(100_000_000);',
        'parent.postMessage({ brand: "postmessage-playground/runtime@1", type: "hello", run: "r1", window: huge, origin: location.origin, start: 0 }, "*");',
        'parent.postMessage("after the forged hello", "*");',
      ),
      frame("bob", "bob", 'console.log("bob runs");'),
    ]),
  );
  const rows = async () => (await timelineRows(page)).map((r) => [r.from, r.to, r.state, r.data.slice(0, 40)]);
  const expected = [
    ["alice", "playground page", "delivered", '{brand: "postmessage-playground/runtime@'],
    ["alice", "playground page", "delivered", '"after the forged hello"'],
  ];
  await expect.poll(rows, { timeout: 20_000 }).toEqual(expected);
  await expect(consoleOf(page, "bob")).toHaveText(["bob runs"]);
  await hostResponds(page);

  // Kept, it reruns whenever the playground opens: still a plain message.
  await keepButton(page).click();
  await page.goto("/");
  await expect(heading(page)).toBeVisible();
  await expect.poll(rows, { timeout: 20_000 }).toEqual(expected);
  await hostResponds(page);
});

test("popups named constructor and toString are windows like any other: the page never goes blank", async ({ page }) => {
  await page.goto(
    scenarioLink("proto-names", [
      frame(
        "alice",
        "alice",
        'for (const name of ["constructor", "toString", "hasOwnProperty"]) {',
        '  const w = window.open("about:blank?pgw=" + name);',
        '  w.postMessage("to " + name, "*");',
        "}",
        'console.log("sent");',
        'try { playground.url("constructor"); } catch (e) { console.log(e.message.split(" (")[0]); }',
      ),
      frame("bob", "bob", ""),
    ]),
  );
  const rows = async () => (await timelineRows(page)).map((r) => [r.from, r.data, r.state]);
  const expected = [
    ["alice", '"to constructor"', "unobserved"],
    ["alice", '"to toString"', "unobserved"],
    ["alice", '"to hasOwnProperty"', "unobserved"],
  ];
  await expect.poll(rows).toEqual(expected);
  await expect(consoleOf(page, "alice")).toHaveText(["sent", 'No window named "constructor" in this scenario']);
  await expect(page.locator(".panel-broken")).toHaveCount(0);
  await page.bringToFront();
  await hostResponds(page);

  await keepButton(page).click();
  await page.goto("/");
  await expect.poll(rows).toEqual(expected);
  await expect(page.locator(".panel-broken")).toHaveCount(0);
  await page.bringToFront();
  await hostResponds(page);
});

test("a window forges events about itself only: not another window's message, popup or state", async ({ page }) => {
  await page.goto(
    scenarioLink("forger", [
      frame(
        "alice",
        "alice",
        // Claims carol's popup as its own, and rewrites every receipt it makes as it is made.
        'const fake = window.open("about:blank?pgw=pop");',
        'fake.postMessage("to the fake pop", "*");',
        'Object.defineProperty(Object.prototype, "tree", { configurable: true, set(v) {',
        '  Object.defineProperty(this, "tree", { value: v, writable: true, enumerable: true, configurable: true });',
        '  if (this.kind === "receipt") { this.source = ["parent", "frames:1"]; this.origin = playground.origin("bob"); }',
        "} });",
        'Object.defineProperty(Object.prototype, "origin", { configurable: true, set(v) {',
        '  Object.defineProperty(this, "origin", { value: playground.origin("bob"), writable: true, enumerable: true, configurable: true });',
        '  this.source = ["parent", "frames:1"];',
        "} });",
        // Once bob runs, so that the forged path leads to him.
        'setTimeout(() => window.postMessage({ claim: "from bob" }, "*"), 1500);',
      ),
      frame("bob", "bob", 'console.log("bob sent nothing");'),
      frame("carol", "carol", 'addEventListener("message", (e) => console.log("carol got " + e.data));', 'setTimeout(() => window.open(playground.url("pop")), 500);'),
      { name: "pop", origin: "dave", kind: "popup", opener: "carol", script: 'opener.postMessage("pop is here", playground.origin("carol"));' },
    ]),
  );
  await expect(consoleOf(page, "carol")).toHaveText(["carol got pop is here"], { timeout: 15_000 });
  await page.bringToFront();
  await expect.poll(async () => (await timelineRows(page)).filter((r) => r.data.includes("claim")).length).toBe(2);
  const rows = await timelineRows(page);
  // pop's own message is true: delivered, from pop, and pop is running.
  expect(rows.filter((r) => r.from === "pop").map((r) => [r.to, r.data, r.state])).toEqual([["carol", '"pop is here"', "delivered"]]);
  await expect(page.locator('li[data-window="pop"] .status')).toHaveText("running");
  // alice's send to her own blank window is not pop's.
  expect(rows.filter((r) => r.data === '"to the fake pop"').map((r) => [r.from, r.to, r.state])).toEqual([["alice", "unknown", "unobserved"]]);
  // The receipt alice rewrote is shown as hers alone: a row from bob, seen at receiver, that alice reports.
  expect(rows.filter((r) => r.data.includes("claim")).map((r) => [r.from, r.to])).toEqual([
    ["alice", "alice"],
    ["bob", "alice"],
  ]);
  const bobRow = page.locator("table.timeline tbody tr", { has: page.locator('td[data-col="from"]', { hasText: "bob" }) });
  await expect(bobRow.locator(".badge-reconstructed")).toHaveText("seen at receiver");
  await bobRow.click();
  await expect(page.locator("aside.inspector")).toContainText("as alice alone reports");
});

test("a link a sandbox opens in a new tab changes nothing saved; a link over edits opens beside them", async ({ page, context }) => {
  const edit = "console.log(1234567); // my edits, to keep";
  await editedDefault(page, edit);
  const savedBefore = await savedWork(page);

  // A stranger's link: its scenario takes the default's id and title, and opens the playground
  // again from its frame with the same kind of link.
  const forged = {
    format: "postmessage-playground/scenario",
    version: 1,
    id: "password-to-popup",
    title: "Password to a popup",
    windows: [frame("alice", "alice", "console.log(7654321); // not yours")],
  };
  const payload = `/#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(forged))}`;
  const opener = scenarioLink("opener", [frame("alice", "alice", `window.open("http://localhost:${PORT}${payload}");`, 'console.log("opened");')]);
  const tab = context.waitForEvent("page");
  await page.goto(opener);
  const other = await tab;
  await expect(heading(other)).toBeVisible();
  await expect(consoleOf(other, "alice")).toHaveText(["7654321"]);
  await expect(other.getByText(/from the link as a copy, beside your own "password-to-popup"/)).toBeVisible();
  await page.bringToFront();
  await expect(consoleOf(page, "alice")).toHaveText(["opened"]);
  expect(await savedWork(page)).toEqual(savedBefore);
  await other.close();

  // The person's own page, opened again: their edits, and no stranger's entries in the picker.
  await page.goto("/");
  expect(await selectedScenario(page)).toBe("Password to a popup");
  await page.getByRole("tab", { name: /^alice\.js/ }).click();
  await expect.poll(() => editorText(page)).toBe(flat(edit));
  const options = await page.getByRole("combobox", { name: "Scenario" }).locator("option").allTextContents();
  expect(options.filter((o) => o === "Password to a popup")).toHaveLength(1);
  expect(options).not.toContain("opener");
  expect(await savedWork(page)).toEqual(savedBefore);

  // The person opens the stranger's link over their edits: both are kept once they keep it.
  await page.goto(payload);
  await expect(page.getByText(/from the link as a copy, beside your own "password-to-popup"/)).toBeVisible();
  await keepButton(page).click();
  await expect.poll(() => saved(page)).toContain("// not yours");
  expect(await saved(page)).toContain("my edits, to keep");
  await page.getByRole("combobox", { name: "Scenario" }).selectOption({ label: "Password to a popup" });
  await page.getByRole("tab", { name: /^alice\.js/ }).click();
  await expect.poll(() => editorText(page)).toBe(flat(edit));
});

test("safe mode: after the page died running a scenario, the next load says so and runs nothing until asked", async ({ page, context }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  // The renderer of the host page dies, as it does when a script takes all its memory.
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent("crash");
  void cdp.send("Page.crash").catch(() => {});
  await crashed;

  const next = await context.newPage();
  await next.goto("/");
  const alert = next.locator(".toolbar").getByRole("alert");
  await expect(alert).toContainText('closed unexpectedly while it ran “Password to a popup”');
  await expect(alert).toContainText("Your work is unchanged");
  await expect(next.getByText("No messages yet")).toBeVisible();
  await expect(next.locator("iframe[data-window]")).toHaveCount(0);
  // Edits do not rerun it either: the person is fixing what broke the page.
  await replaceScript(next, "alice", 'console.log("fixed");\n');
  await expect(next.locator("iframe[data-window]")).toHaveCount(0);

  await next.getByRole("button", { name: "Run “Password to a popup”" }).click();
  await expect(consoleOf(next, "alice")).toHaveText(["fixed"]);
  await expect(alert).toHaveCount(0);
  // A page that unloads normally leaves nothing behind: the next load runs at once.
  await next.reload();
  await expect(consoleOf(next, "alice")).toHaveText(["fixed"]);
  await expect(next.locator(".toolbar").getByRole("alert")).toHaveCount(0);

  // And `?safe` opens without running, whatever happened before.
  await next.goto("/?safe");
  await expect(next.locator(".toolbar").getByRole("alert")).toContainText("Safe mode: nothing runs until you press Run.");
  await expect(next.locator("iframe[data-window]")).toHaveCount(0);
});
