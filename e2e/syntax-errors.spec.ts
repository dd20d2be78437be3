/** A script that does not parse: said in words, and the last timeline stays while the person fixes it. */
import { expect, test } from "@playwright/test";
import { consoleOf, errorNotice, openPlayground, replaceScript, timelineRows } from "./helpers";

test("a syntax error is named with its file and line, does not rerun, and keeps the last timeline", async ({ page }) => {
  await openPlayground(page);
  // Every row from its sender's own report: a receipt can be drawn a moment before its send's report arrives.
  await expect.poll(async () => (await timelineRows(page)).filter((r) => r.targetOrigin !== "(not seen)").length).toBe(4);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const before = await timelineRows(page);
  const aliceStatus = page.locator("figure.frame", { hasText: "alice" }).locator(".status");
  await expect(aliceStatus).toHaveText("running");
  const frameSrc = () => page.locator('iframe[data-window="alice"]').getAttribute("src");
  const firstRun = await frameSrc();

  await replaceScript(page, "alice", 'const popup = window.open(playground.url("bob"), "bob");\nconsole.log("opened");\nreturn popup;\n');
  await expect(errorNotice(page)).toHaveText(/alice\.js line 3, column 1: 'return' outside of function\. Fix it and the scenario runs again\./);
  // Well past the rerun's pause: nothing ran again, and the timeline is the one from before.
  await page.waitForTimeout(2000);
  expect(await frameSrc()).toBe(firstRun);
  expect(await timelineRows(page)).toEqual(before);
  await expect(aliceStatus).toHaveText("running");

  // Run by hand all the same: the window says, in words, that its script did not run.
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect.poll(frameSrc).not.toBe(firstRun);
  await expect(consoleOf(page, "alice")).toHaveText(["alice.js did not run: line 3, column 1: 'return' outside of function. Fix the script and it runs again."]);
  await expect(aliceStatus).toHaveText("error");
  await expect(errorNotice(page)).toHaveCount(0);
  await expect(page.locator("ol.console")).not.toContainText("Failed to execute");

  // Fixed: the scenario runs again by itself.
  await replaceScript(page, "alice", 'console.log("fixed");\n');
  await expect(consoleOf(page, "alice")).toHaveText(["fixed"]);
  await expect(aliceStatus).toHaveText("running");
  await expect(errorNotice(page)).toHaveCount(0);
});
