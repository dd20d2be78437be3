/**
 * A window that floods its console: 100,000 lines of 5,000 characters once delayed a click on the
 * host by 8.5 s and took its heap to 600 MB. The host must stay quick and small, keep the run's
 * earlier events, and say what it did not keep.
 */
import { expect, test } from "@playwright/test";
import { consoleOf, scenarioLink, timelineRows, hostResponds } from "./helpers";

const LINES = 100_000;
const LENGTH = 5_000;

test("a console flood of 100,000 lines of 5,000 characters: the host answers, stays small, keeps the timeline and says what it dropped", async ({ page }) => {
  test.setTimeout(300_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  /** The host page's live JS heap, after a garbage collection: what it holds on to, not what it has yet to free. */
  const heapMB = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Infinity) / 1e6;
  };

  await page.goto(
    scenarioLink(
      "console-flood",
      [
        {
          name: "alice",
          origin: "alice",
          kind: "iframe",
          script: [
            `const N = ${LINES};`,
            "let n = 0;",
            'addEventListener("message", (e) => { if (e.data === "before the flood") flood(); });',
            `function flood() { for (let i = 0; i < 1000 && n < N; i++) { n++; console.log(("line " + n + " ").padEnd(${LENGTH}, "x")); } if (n < N) setTimeout(flood, 0); else console.log("flood done"); }`,
          ].join("\n"),
        },
        { name: "bob", origin: "bob", kind: "iframe", parent: "alice", script: 'console.log("bob starts"); parent.postMessage("before the flood", playground.origin("alice"));' },
        { name: "carol", origin: "carol", kind: "iframe", script: "" },
      ],
      "console-flood",
      { loopGuardMs: 0 },
    ),
  );

  // While the flood runs: the host answers, and holds little.
  await expect(consoleOf(page, "alice").filter({ hasText: /^line \d+ / }).first()).toBeAttached({ timeout: 60_000 });
  const heaps: number[] = [];
  const latencies: number[] = [];
  latencies.push(await hostResponds(page, "carol"));
  heaps.push(await heapMB());
  latencies.push(await hostResponds(page, "bob"));
  heaps.push(await heapMB());

  await expect(consoleOf(page, "alice").filter({ hasText: "flood done" })).toHaveCount(1, { timeout: 240_000 });
  latencies.push(await hostResponds(page, "carol"));
  heaps.push(await heapMB());
  const measured = `heap ${heaps.map((h) => h.toFixed(0)).join(", ")} MB; click ${latencies.map((l) => l.toFixed(0)).join(", ")} ms`;
  test.info().annotations.push({ type: "measured", description: measured });
  console.log(`console flood: ${measured}`);
  for (const h of heaps) expect(h).toBeLessThan(150);

  // The run's message from before the flood is still on the timeline.
  expect((await timelineRows(page)).map((r) => [r.from, r.to, r.data, r.state])).toEqual([["bob", "alice", '"before the flood"', "delivered"]]);

  // The latest lines are shown, each shortened and saying how long it was.
  const last = consoleOf(page, "alice").filter({ hasText: `line ${LINES} ` });
  await expect(last).toHaveCount(1);
  const lastText = (await last.textContent()) ?? "";
  expect(lastText).toMatch(new RegExp(`^line ${LINES} x+… \\(${LENGTH} characters\\)$`));
  expect(lastText.length).toBeLessThan(2_100);
  // The console says that lines were dropped, and how many.
  const note = page.getByText(/earlier lines dropped/);
  await expect(note).toBeVisible();
  const dropped = Number(/^([\d,]+) earlier lines dropped/.exec((await note.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  expect(dropped).toBeGreaterThan(LINES - 5_000);
  expect(dropped).toBeLessThan(LINES);
  // Only the rows in view are in the page.
  expect(await page.locator("ol.console li").count()).toBeLessThan(200);

  // The first lines of the run are kept too: the list is scrolled to its start with the keyboard.
  await page.getByRole("region", { name: "Lines logged by the windows" }).focus();
  await page.keyboard.press("Home");
  await expect(consoleOf(page, "bob").filter({ hasText: "bob starts" })).toHaveCount(1);
  await expect(consoleOf(page, "alice").filter({ hasText: /^line 1 x/ })).toHaveCount(1);
  await hostResponds(page, "bob");
});
