/**
 * The 100k flood: a window posts 100,000 messages to itself (scenarios/flood.scenario.json, 1000
 * per setTimeout(0), when the bench calls `__benchGo()`). "flood-done" is when the sandbox has them
 * all, "caught up" when the timeline has drawn them; the host page's longest task says whether it
 * stayed responsive meanwhile. Long tasks count until the timeline has caught up, and the heap is
 * read right after, without forcing a collection. The same flood on the plain page is the reference.
 */
import { CONTEXT, consoleLines, settle, waitForFrame } from "../browser.mjs";
import { LONGTASK_PROBE, QUIET_PLAIN_RECEIPTS } from "../probes.mjs";
import { list, ms, row, spread } from "../report.mjs";
import { benchScenario, plainUrl, playgroundUrl } from "../scenarios.mjs";
import { log, within } from "../util.mjs";

const N = 100_000;

async function flood(browser, n = N, timeout = 60_000) {
  const context = await browser.newContext(CONTEXT);
  const rafTimeout = 10_000;
  const out = { n, timeout, rafTimeout, timedOut: false, doneMs: NaN, inSandboxMs: NaN, caughtUpMs: NaN, longest: NaN, total: NaN, count: NaN, loadLongest: NaN, heap: NaN, raf: NaN, rafTimedOut: false, note: "" };
  try {
    await context.addInitScript(LONGTASK_PROBE);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const ready = lines.next("flood-ready");
    await page.goto(playgroundUrl(benchScenario("flood", { N: n })));
    await within(ready, 15_000, "flood ready");
    await page.waitForSelector(".script-editor .monaco-editor", { timeout: 20_000 });
    await settle(browser);
    const goAt = await page.evaluate(() => performance.now());
    const done = lines.next("flood-done", lines.count);
    const alice = await waitForFrame(page, "alice");
    const t0 = Date.now();
    await alice.evaluate(() => window.__benchGo());
    try {
      const text = await within(done, timeout, "flood");
      out.doneMs = Date.now() - t0;
      out.inSandboxMs = Number(text.split(/\s+/)[1]);
      // The host draws a burst after it: its long tasks count until the timeline has caught up.
      await page.waitForSelector(".timeline-head .waiting", { state: "detached", timeout: timeout });
      out.caughtUpMs = Date.now() - t0;
    } catch (e) {
      if (!e.timedOut && e.name !== "TimeoutError") throw e;
      out.timedOut = true;
    }
    // Does the host page still answer? One animation frame, timed from here.
    const r0 = Date.now();
    try {
      await within(page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))), rafTimeout, "rAF");
      out.raf = Date.now() - r0;
    } catch (e) {
      if (!e.timedOut) throw e;
      out.rafTimedOut = true;
    }
    if (!out.rafTimedOut) {
      const stats = await within(
        page.evaluate((goAt) => {
          const all = window.__benchLongTasks;
          const heap = performance.memory ? performance.memory.usedJSHeapSize : NaN;
          if (!all) return { supported: false, heap };
          const during = all.filter(([start]) => start >= goAt).map(([, d]) => d);
          const before = all.filter(([start]) => start < goAt).map(([, d]) => d);
          return {
            supported: true,
            heap,
            longest: during.length ? Math.max(...during) : 0,
            total: during.reduce((a, b) => a + b, 0),
            count: during.length,
            loadLongest: before.length ? Math.max(...before) : 0,
          };
        }, goAt),
        10_000,
        "long-task stats",
      );
      if (!stats.supported) out.note = "longtask observer not supported";
      Object.assign(out, { heap: stats.heap, longest: stats.longest, total: stats.total, count: stats.count, loadLongest: stats.loadLongest });
    }
  } finally {
    await context.close();
  }
  return out;
}

/**
 * The flood FLOOD_RUNS times: the longest task of one flood depends on where a GC pause or the
 * other processes land, so the figure is the median flood's, with every flood's longest task
 * beside it.
 */
const FLOOD_RUNS = 3;
async function floods(browser) {
  const runs = [];
  for (let i = 0; i < FLOOD_RUNS; i++) {
    try {
      const r = await flood(browser);
      // A page that did not answer had no readable longest task: it counts as the worst.
      runs.push({ ...r, rank: r.rafTimedOut || !Number.isFinite(r.longest) ? Infinity : r.longest });
    } catch (e) {
      log(`flood ${i + 1}: ${e.message}`);
      runs.push({ error: e.message, rank: Infinity });
    }
  }
  const sorted = [...runs].sort((a, b) => a.rank - b.rank);
  const middle = sorted[Math.floor(sorted.length / 2)];
  return { ...middle, floods: spread(runs.map((r) => r.rank)) };
}

/** The same flood on the plain page, without the runtime. */
async function floodPlain(browser, n = N) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(QUIET_PLAIN_RECEIPTS);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const ready = lines.next("flood-ready");
    await page.goto(plainUrl(benchScenario("flood", { N: n })));
    await within(ready, 15_000, "plain flood ready");
    const done = lines.next("flood-done", lines.count);
    const alice = await waitForFrame(page, "alice");
    await alice.evaluate(() => window.__benchGo());
    return Number((await within(done, 30_000, "plain flood")).split(/\s+/)[1]);
  } catch (e) {
    log(`plain flood: ${e.message}`);
    return NaN;
  } finally {
    await context.close();
  }
}

export default {
  name: "flood",
  about: "100,000 messages from a window to itself: host responsiveness, catch-up, heap; the plain page for reference",
  async measure({ browser }) {
    const fl = await floods(browser);
    return { ...fl, plainMs: await floodPlain(browser) };
  },
  rows(fl) {
    if (fl.error) return [row("100k flood (info)", `failed: ${fl.error}`, "floodLongestTask", NaN)];
    const plain = `; same flood on the plain page: ${ms(fl.plainMs)}`;
    const floods = fl.floods;
    return [
      row("100k flood: go → flood-done (info)", `${fl.timedOut ? `timed out (${fl.timeout / 1000} s)` : `${ms(fl.doneMs)} (alice's own count ${ms(fl.inSandboxMs)})`}${plain}`),
      row("100k flood: go → timeline caught up (info)", fl.timedOut ? "n/a" : ms(fl.caughtUpMs)),
      row(
        `100k flood: host page's longest task (median of ${floods.runs.length} floods; the other flood rows are that flood's)`,
        fl.rafTimedOut
          ? `not readable: host page did not answer within ${fl.rafTimeout / 1000} s`
          : `${ms(fl.longest)} (min ${ms(floods.min)}, max ${ms(floods.max)}; floods: ${list(floods.runs)}; ${fl.count} long tasks, ${ms(fl.total)} in all; longest while loading, before the flood: ${ms(fl.loadLongest)})${fl.note ? `; ${fl.note}` : ""}`,
        "floodLongestTask",
        fl.rafTimedOut ? NaN : fl.longest,
      ),
      row("100k flood: host JS heap after (info)", Number.isFinite(fl.heap) ? `${(fl.heap / 1e6).toFixed(1)} MB` : "n/a"),
      row("100k flood: host rAF round trip right after (info)", fl.rafTimedOut ? `timed out (${fl.rafTimeout / 1000} s)` : ms(fl.raf)),
    ];
  },
  json: (fl) => fl,
};
