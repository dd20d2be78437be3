/**
 * Files and links, driven through the toolbar as a person does: Save scenario, Export timeline,
 * Open…, Share, and links opened in the address bar. What is checked is what the person sees:
 * the downloaded files, the scenario picker, the scripts in the editor, the timeline and the notice.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";
import LZString from "lz-string";
import {
  burstLink,
  chooseScenario,
  editorText,
  errorNotice,
  infoNotice,
  openFile,
  openPlayground,
  origin,
  replaceScript,
  selectedScenario,
  STORAGE_KEY,
  timelineRows, flat } from "./helpers";

const BUILTIN_STATES = ["delivered", "blocked", "delivered", "delivered"];

async function downloadedJson(download: Download): Promise<{ name: string; text: string; json: Record<string, unknown> }> {
  const path = await download.path();
  const text = await readFile(path, "utf8");
  return { name: download.suggestedFilename(), text, json: JSON.parse(text) as Record<string, unknown> };
}

async function clickAndDownload(page: Page, button: string): Promise<Download> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: button }).click();
  return download;
}

const aliceFrameSrc = (page: Page) => page.locator('iframe[data-window="alice"]').getAttribute("src");

const SELF_POST_SCENARIO = {
  format: "postmessage-playground/scenario",
  version: 1,
  id: "self-post-e2e",
  title: "Alice talks to herself (formats e2e)",
  summary: "One frame posting to itself.",
  windows: [
    {
      name: "alice",
      origin: "alice",
      kind: "iframe",
      script: 'addEventListener("message", e => console.log("got", e.data)); window.postMessage("hi", "/");\n',
    },
  ],
};

const SELF_POST_ROW = {
  from: "alice",
  to: "alice",
  targetOrigin: '"/"',
  state: "delivered",
  origin: JSON.stringify(origin("alice")),
  source: expect.any(String) as unknown as string,
  data: '"hi"',
};

test("Save scenario downloads a scenario file that Open… opens and runs again", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(BUILTIN_STATES);

  const saved = await downloadedJson(await clickAndDownload(page, "Save scenario"));
  expect(saved.name).toBe("password-to-popup.scenario.json");
  expect(saved.json).toMatchObject({ format: "postmessage-playground/scenario", version: 1, id: "password-to-popup", title: "Password to a popup" });
  expect((saved.json.windows as { name: string }[]).map((w) => w.name)).toEqual(["alice", "bob"]);

  // Open the very file again: the same scenario, run afresh (new frame, new timeline).
  const before = await aliceFrameSrc(page);
  await openFile(page, saved.name, saved.text);
  await expect(infoNotice(page)).toContainText(`Opened Password to a popup from ${saved.name}`);
  expect(await selectedScenario(page)).toBe("Password to a popup");
  await expect.poll(() => aliceFrameSrc(page)).not.toBe(before);
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(BUILTIN_STATES);
  await expect(page.locator(".console-line", { hasText: "alice received: hi there yourself!" })).toBeVisible();
});

test("an exported timeline opens as it was, without running anything", async ({ page, context }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(BUILTIN_STATES);
  const shown = await timelineRows(page);

  const exported = await downloadedJson(await clickAndDownload(page, "Export timeline"));
  expect(exported.name).toBe("password-to-popup.timeline.json");
  expect(exported.json).toMatchObject({ format: "postmessage-playground/timeline", version: 1 });
  const rows = exported.json.rows as { from: string; to: string; state: string; data: string }[];
  expect(rows.map((r) => [r.from, r.to, r.state, r.data])).toEqual(shown.map((r) => [r.from, r.to, r.state, r.data]));

  // A fresh page (the built-in scenario runs again on load), then the file.
  const livePopup = context.waitForEvent("page");
  await page.reload();
  await livePopup;
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(BUILTIN_STATES);
  const opened: string[] = [];
  context.on("page", (p) => opened.push(p.url()));

  await openFile(page, exported.name, exported.text);
  await expect(infoNotice(page)).toContainText(`Showing the timeline exported in ${exported.name}`);
  await expect.poll(() => timelineRows(page)).toEqual(shown);
  await expect(page.locator(".console-line", { hasText: "alice received: hi there yourself!" })).toBeVisible();

  // Nothing runs: no frame is loaded, no popup opens, and the timeline stays as exported.
  await expect(page.locator(".windows-panel iframe")).toHaveCount(0);
  await expect(page.locator('.window-list li[data-window="bob"]')).toContainText("closed");
  await page.waitForTimeout(1500);
  expect(opened).toEqual([]);
  expect(await timelineRows(page)).toEqual(shown);

  // Run starts the scenario live again, and the page no longer says it shows an export.
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(page.locator('iframe[data-window="alice"]')).toHaveCount(1);
  await expect(infoNotice(page)).toHaveCount(0);
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(BUILTIN_STATES);
});

test("an export made while the timeline is still catching up holds every message", async ({ page }) => {
  test.setTimeout(90_000);
  const N = 9000;
  // alice's own console, read by the browser: the playground's console panel would only show it
  // once the host has caught up with it.
  const done = page.waitForEvent("console", { predicate: (m) => m.text() === "burst done", timeout: 60_000 });
  await page.goto(burstLink("burst-export", N));
  await done;
  // The host is still drawing the burst when the person exports.
  await expect(page.getByRole("status").filter({ hasText: /^Catching up: [\d,]+ reports still to draw$/ })).toBeVisible();
  const exported = await downloadedJson(await clickAndDownload(page, "Export timeline"));
  const rows = exported.json.rows as { state: string; data: string }[];
  expect(rows).toHaveLength(N);
  expect(rows.filter((r) => r.state !== "delivered")).toEqual([]);
  expect(rows.at(-1)?.data).toBe(String(N - 1));
});

test("opening an exported timeline stops the live run's windows", async ({ page, context }) => {
  const livePopup = context.waitForEvent("page");
  await openPlayground(page);
  const popup = await livePopup;
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const exported = await downloadedJson(await clickAndDownload(page, "Export timeline"));
  await openFile(page, exported.name, exported.text);
  await expect(infoNotice(page)).toContainText("Showing the timeline exported");
  await expect.poll(() => popup.isClosed(), { timeout: 5000 }).toBe(true);
});

test("after viewing an exported timeline, picking another scenario runs it", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const exported = await downloadedJson(await clickAndDownload(page, "Export timeline"));
  await openFile(page, exported.name, exported.text);
  await expect(infoNotice(page)).toContainText("Showing the timeline exported");
  await expect(page.locator(".windows-panel iframe")).toHaveCount(0);

  await chooseScenario(page, "Parent and child iframe");
  await expect(page.locator('iframe[data-window="carol"]')).toHaveCount(1);
  await expect(infoNotice(page)).toHaveCount(0);
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.data)).toContain('"to evil only"');
});

test("Share gives a link that opens and runs the scenario, saved only when the person keeps it", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await openFile(page, "self-post.scenario.json", JSON.stringify(SELF_POST_SCENARIO, null, 2));
  await expect.poll(() => selectedScenario(page)).toBe(SELF_POST_SCENARIO.title);
  await expect.poll(() => timelineRows(page)).toEqual([SELF_POST_ROW]);

  const share = page.getByRole("button", { name: "Share" });
  await share.click();
  // The link is shown as well as copied: a read-only field, focused and selected.
  const panel = page.getByRole("group", { name: "Share link" });
  await expect(panel.getByRole("status")).toHaveText("Link copied");
  const field = panel.getByRole("textbox", { name: "Link to this scenario" });
  await expect(field).toBeFocused();
  await expect(field).not.toBeEditable();
  const link = await field.inputValue();
  expect(await field.evaluate((f: HTMLInputElement) => f.value.slice(f.selectionStart ?? 0, f.selectionEnd ?? 0))).toBe(link);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link).toMatch(new RegExp(`^http://localhost:${new URL(page.url()).port}/#scenario=[A-Za-z0-9+\\-$]+$`));
  // Copy copies it again; by keyboard: Tab to Copy, Enter; Escape closes and gives focus back to Share.
  await page.evaluate(() => navigator.clipboard.writeText("something else"));
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("button", { name: "Copy" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(share).toBeFocused();
  // Close does the same.
  await share.press("Enter");
  await expect(field).toBeFocused();
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toHaveCount(0);
  await expect(share).toBeFocused();

  // A browser that has never seen the scenario (no saved work) opens the link.
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(infoNotice(other)).toContainText(`Opened "${SELF_POST_SCENARIO.title}" from the link`);
    expect(await selectedScenario(other)).toBe(SELF_POST_SCENARIO.title);
    await expect(other.getByRole("tab", { name: /^alice\.js/ })).toBeVisible();
    await expect(other.getByRole("tab", { name: /^bob\.js/ })).toHaveCount(0);
    await expect.poll(() => timelineRows(other)).toEqual([SELF_POST_ROW]);
    await expect(other.locator(".console-line", { hasText: "got hi" })).toBeVisible();
    await expect.poll(() => editorText(other)).toBe(flat(SELF_POST_SCENARIO.windows[0]?.script.trim()));
    // Not saved yet: the link stays in the address bar, and the saved work is what it was (none).
    expect(other.url()).toContain("#scenario=");
    expect(await other.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).not.toContain(SELF_POST_SCENARIO.id);
    await other.getByRole("button", { name: "Keep in my scenarios" }).click();
    await expect(other.getByRole("button", { name: "Keep in my scenarios" })).toHaveCount(0);
    await expect.poll(() => other.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain(SELF_POST_SCENARIO.id);
    expect(new URL(other.url()).hash).toBe("");
  } finally {
    await fresh.close();
  }
});

test("a link to the open scenario with other scripts shows and runs the link's scripts", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await openFile(page, "self-post.scenario.json", JSON.stringify(SELF_POST_SCENARIO));
  await expect.poll(() => timelineRows(page)).toEqual([SELF_POST_ROW]);
  // Same id, other scripts (as share-link.ts builds links), pasted into the address bar of the page
  // that has the scenario open.
  const changed = {
    ...SELF_POST_SCENARIO,
    windows: [{ ...SELF_POST_SCENARIO.windows[0], script: 'window.postMessage("from the link", "*");\n' }],
  };
  await page.goto(`/#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(changed))}`);
  await expect(infoNotice(page)).toContainText(`Opened "${SELF_POST_SCENARIO.title}" from the link`);
  await expect.poll(() => editorText(page)).toBe(flat('window.postMessage("from the link", "*");'));
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.data)).toEqual(['"from the link"']);
});

test("a broken link says so and leaves the saved work as it was", async ({ page, context }) => {
  // Three loads of the playground (with Monaco) on a 2-core machine.
  test.slow();
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const edited = 'console.log("my saved work, not to be lost");';
  await replaceScript(page, "alice", `${edited}\n`);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain("my saved work, not to be lost");

  // Pasted into the address bar of the open playground.
  await page.goto("/#scenario=garbage!!");
  const alert = errorNotice(page);
  await expect(alert).toContainText("The link's scenario could not be opened");
  await expect(alert).toContainText("this link is cut short or damaged (it could not be decompressed). Ask for the link again. Your saved work is unchanged.");
  expect(new URL(page.url()).hash).toBe("");
  expect(await selectedScenario(page)).toBe("Password to a popup");
  await expect.poll(() => editorText(page)).toBe(flat(edited));

  await page.reload();
  await expect(errorNotice(page)).toHaveCount(0);
  expect(await selectedScenario(page)).toBe("Password to a popup");
  await page.getByRole("tab", { name: /^alice\.js/ }).click();
  await expect.poll(() => editorText(page)).toBe(flat(edited));

  // Opened in a new tab: the link is read before anything runs, and still nothing is lost.
  const tab = await context.newPage();
  await tab.goto("/#scenario=garbage!!");
  await expect(errorNotice(tab)).toContainText("The link's scenario could not be opened");
  expect(new URL(tab.url()).hash).toBe("");
  await tab.getByRole("tab", { name: /^alice\.js/ }).click();
  // Monaco loads in a third page while two others run theirs: on two busy cores that can take over 10 s.
  await expect.poll(() => editorText(tab), { timeout: 30_000 }).toBe(flat(edited));
  await tab.close();
});

test("files that cannot be opened say what is wrong and where, and change nothing", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const edited = 'console.log("still here");';
  const firstRun = await aliceFrameSrc(page);
  await replaceScript(page, "alice", `${edited}\n`);
  await expect.poll(() => aliceFrameSrc(page)).not.toBe(firstRun);
  await expect(page.locator(".console-line", { hasText: "still here" })).toBeVisible();
  expect(await timelineRows(page)).toEqual([]);
  const exported = await downloadedJson(await clickAndDownload(page, "Export timeline"));
  const frameSrc = await aliceFrameSrc(page);

  const unchanged = async () => {
    expect(await selectedScenario(page)).toBe("Password to a popup");
    await expect(page.getByRole("tab", { name: /^alice\.js/ })).toHaveAttribute("aria-selected", "true");
    expect(await editorText(page)).toBe(flat(edited));
    expect(await aliceFrameSrc(page)).toBe(frameSrc);
    await expect(infoNotice(page)).toHaveCount(0);
  };
  const alert = errorNotice(page);

  const badKind = '{"format":"postmessage-playground/scenario","version":1,"id":"x","title":"t","windows":[{"name":"a","origin":"alice","kind":"nope","script":""}]}';
  await openFile(page, "bad-kind.json", badKind);
  await expect(alert).toContainText("bad-kind.json is not a scenario this playground can open");
  await expect(alert).toContainText('window 1 ("a"), windows[0].kind: must be "iframe" or "popup", not "nope"');
  await expect(alert).toContainText("Nothing was changed");
  await unchanged();

  await openFile(page, "future.json", badKind.replace('"version":1', '"version":99').replace('"nope"', '"iframe"'));
  await expect(alert).toContainText("future.json");
  await expect(alert).toContainText("version 99");
  await unchanged();

  await openFile(page, "notes.json", "these are my notes, not a scenario\n");
  await expect(alert).toContainText("notes.json");
  await expect(alert).toContainText("not JSON: a scenario or timeline file starts with {");
  await unchanged();

  const truncated = exported.text.slice(0, Math.floor(exported.text.length / 2));
  await openFile(page, "cut.timeline.json", truncated);
  await expect(alert).toContainText("cut.timeline.json is not a timeline this playground can open");
  await expect(alert).toContainText("not JSON");
  await unchanged();

  // A timeline file that is JSON but not a timeline says which field is wrong.
  const wrongField = JSON.parse(exported.text) as Record<string, unknown>;
  wrongField.sends = "none";
  await openFile(page, "wrong.timeline.json", JSON.stringify(wrongField));
  await expect(alert).toContainText("wrong.timeline.json");
  await expect(alert).toContainText("sends");
  await unchanged();

  // The notice can be dismissed.
  await page.getByRole("button", { name: "Dismiss message" }).click();
  await expect(alert).toHaveCount(0);
});
