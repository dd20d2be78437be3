/**
 * Files that are nested too deep, or that give their version as a string, are refused with a
 * message that says what is wrong and where; the timeline shown and the person's saved work stay.
 */
import { expect, test } from "@playwright/test";
import { consoleOf, editorText, errorNotice, openFile, openPlayground, replaceScript, selectedScenario, timelineRows, hostResponds, flat } from "./helpers";

const scenario = { format: "postmessage-playground/scenario", version: 1, id: "x", title: "t", windows: [{ name: "a", origin: "alice", kind: "iframe", script: "" }] };

/** A timeline file whose fourth send holds a data tree `levels` nodes deep, written as text (JSON.stringify would overflow). */
function deepTimeline(levels: number): string {
  const send = (i: number) =>
    `{"kind":"send","key":"a#1:${i}","window":"a","doc":"a#1","origin":"http://alice.localhost","time":${i},"target":"a","targetLabel":"self","targetOrigin":"*","form":"positional","preview":"${i}","shape":"n:${i}","transfer":[],"transferAfter":[],"portsSent":[]`;
  const open = '{"t":"node","id":1,"tag":"Object","entries":[["next",';
  const tree = `${open.repeat(levels - 1)}{"t":"leaf","text":"bottom"}${']],"more":0}'.repeat(levels - 1)}`;
  const sends = `[${send(0)}},${send(1)}},${send(2)}},${send(3)},"tree":${tree}}]`;
  return `{"format":"postmessage-playground/timeline","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","runStart":0,"scenario":${JSON.stringify(scenario)},"windowOrigins":{"a":"http://alice.localhost"},"documents":{},"sends":${sends},"receipts":[],"console":[]}`;
}

test("a timeline nested 2,000 levels deep and versions given as strings are refused with what and where; nothing is lost", async ({ page }) => {
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const edited = 'console.log("my work, kept through every bad file"); window.postMessage("mine", "/");';
  await replaceScript(page, "alice", `${edited}\n`);
  await expect(consoleOf(page, "alice")).toHaveText(["my work, kept through every bad file"]);
  // The edited run: alice's one message to herself.
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.from}→${r.to} ${r.data} ${r.state}`)).toEqual(['alice→alice "mine" delivered']);
  const rows = await timelineRows(page);
  const alert = errorNotice(page);
  const kept = async () => {
    expect(await selectedScenario(page)).toBe("Password to a popup");
    expect(await timelineRows(page)).toEqual(rows);
    await expect(consoleOf(page, "alice")).toHaveText(["my work, kept through every bad file"]);
    await page.getByRole("tab", { name: /^alice\.js/ }).click();
    await expect.poll(() => editorText(page)).toBe(flat(edited));
    await hostResponds(page);
  };

  await openFile(page, "deep.timeline.json", deepTimeline(2000));
  await expect(alert).toContainText("deep.timeline.json is not a timeline this playground can open: sends[3].tree is nested 2000 levels deep; at most 32 are read. Nothing was changed.");
  await kept();

  const timelineV1 = JSON.parse(deepTimeline(3)) as Record<string, unknown>;
  await openFile(page, "string-version.timeline.json", JSON.stringify({ ...timelineV1, version: "1" }));
  await expect(alert).toContainText('string-version.timeline.json is not a timeline this playground can open: version must be the number 1, not the string "1". Nothing was changed.');
  await kept();

  await openFile(page, "string-version.scenario.json", JSON.stringify({ ...scenario, version: "1" }));
  await expect(alert).toContainText('string-version.scenario.json is not a scenario this playground can open: version must be the number 1, not the string "1". Nothing was changed.');
  await kept();

  const deepScript = `${JSON.stringify({ ...scenario, windows: [{ ...scenario.windows[0], script: "@" }] }).replace('"@"', `${"[".repeat(5000)}${"]".repeat(5000)}`)}`;
  await openFile(page, "deep.scenario.json", deepScript);
  await expect(alert).toContainText("deep.scenario.json is not a scenario this playground can open: windows[0].script is nested 5000 levels deep; at most 32 are read. Nothing was changed.");
  await kept();

  // The same timeline with a tree within the limit opens.
  await openFile(page, "fine.timeline.json", deepTimeline(3));
  await expect(page.getByText("fine.timeline.json")).toBeVisible();
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
});
