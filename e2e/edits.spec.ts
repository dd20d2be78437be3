/** The person's edits: marked where they are, and never lost without a way back. */
import { expect, test } from "@playwright/test";
import { BUILTIN_SCENARIOS } from "./builtins";
import { consoleOf, editorText, errorNotice, flat, infoNotice, openPlayground, replaceScript, scenarioLink, STORAGE_KEY, timelineRows } from "./helpers";

const ORIGINAL = flat(BUILTIN_SCENARIOS[0]?.windows.find((w) => w.name === "alice")?.script);

test("edited scripts are marked, and Reset can be undone", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const aliceTab = page.getByRole("tab", { name: /^alice\.js/ });
  const reset = page.getByRole("button", { name: "Reset", exact: true });
  await expect(aliceTab).not.toContainText("edited");
  await expect(reset).toBeDisabled();

  const edit = "console.log(424242); // my edit";
  await replaceScript(page, "alice", `${edit}\n`);
  await expect(aliceTab).toContainText("edited");
  await expect(page.getByRole("tab", { name: /^bob\.js/ })).not.toContainText("edited");
  await expect(page.locator(".toolbar .edited-mark")).toHaveText("edited");
  await expect(page.locator('ol.console li[data-window="alice"] .text')).toHaveText(["424242"]);

  await reset.click();
  await expect(infoNotice(page)).toContainText("“Password to a popup” is back to its original scripts.");
  await expect.poll(() => editorText(page)).toBe(ORIGINAL);
  await expect(aliceTab).not.toContainText("edited");
  await expect(reset).toBeDisabled();
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);

  await page.getByRole("button", { name: "Undo reset" }).click();
  await expect.poll(() => editorText(page)).toBe(flat(edit));
  await expect(aliceTab).toContainText("edited");
  await expect(page.locator('ol.console li[data-window="alice"] .text')).toHaveText(["424242"]);
  await expect(page.getByRole("button", { name: "Undo reset" })).toHaveCount(0);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain("424242");
});

test("saved work that the page cannot check (its code did not load) is left as it is, and comes back on reload", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const edit = "console.log(515151); // kept";
  await replaceScript(page, "alice", `${edit}\n`);
  await expect(page.locator('ol.console li[data-window="alice"] .text')).toHaveText(["515151"]);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", STORAGE_KEY)).toContain("515151");
  const saved = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);

  // The schema that checks saved work loads on demand (the built app's chunk, the dev server's module).
  const schema = /\/(assets\/schema-[\w-]+\.js|src\/scenario\/schema\.ts)(\?|$)/;
  await page.route(schema, (route) => route.abort());
  await page.reload();
  await expect(errorNotice(page)).toContainText("Your saved work could not be opened: the page could not load the code that checks it");
  await expect(errorNotice(page)).toContainText("It is unchanged; reload the page to try again. Edits made in this page are not saved.");
  // The page still works, on the built-in scenario, and writes nothing over the saved work.
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  await replaceScript(page, "alice", 'console.log("not saved");\n');
  await expect(page.locator('ol.console li[data-window="alice"] .text')).toHaveText(["not saved"]);
  expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe(saved);

  await page.unroute(schema);
  await page.reload();
  await expect(page.locator('ol.console li[data-window="alice"] .text')).toHaveText(["515151"]);
  await expect(errorNotice(page)).toHaveCount(0);
  await expect(page.getByRole("tab", { name: /^alice\.js/ })).toContainText("edited");
});

test("while the editor loads, a long script shows its start and how much more there is; all of it runs", async ({ page, context }) => {
  // The editor's code waits until the test lets it load.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route(/ScriptEditor/, async (route) => {
    await released;
    await route.continue();
  });
  const script = [...Array.from({ length: 299 }, (_, i) => `// line ${i + 1}`), 'console.log("the last line ran");'].join("\n");
  await page.goto(scenarioLink("long-script", [{ name: "alice", origin: "alice", kind: "iframe", script }]));
  await expect(consoleOf(page, "alice")).toHaveText(["the last line ran"]);
  const preview = page.locator(".editor-loading");
  await expect(preview.locator("pre")).toContainText("// line 200");
  await expect(preview.locator("pre")).not.toContainText("// line 201");
  await expect(preview).toContainText("Loading the editor… Until it has, the last 100 lines of this script are not shown.");
  // The script's tabs keep their height above the preview: the whole tab is inside the strip.
  const strip = await page.getByRole("tablist", { name: "Window scripts" }).boundingBox();
  const tab = await page.getByRole("tab", { name: /^alice\.js/ }).boundingBox();
  expect(strip && tab && tab.y >= strip.y && tab.y + tab.height <= strip.y + strip.height + 0.5).toBe(true);
  release();
  await expect(page.locator(".script-editor .monaco-editor")).toBeVisible({ timeout: 20_000 });
  await expect(preview).toHaveCount(0);
  await expect.poll(() => editorText(page)).toContain(flat("// line 1\n// line 2"));
});
