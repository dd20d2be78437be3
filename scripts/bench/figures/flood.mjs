/**
 * Floods of 10,000, 100,000 and 1,000,000 messages: a window posts them to itself
 * (scenarios/flood.scenario.json, 1000 per setTimeout(0), when the bench calls `__benchGo()`), in
 * the playground and on the plain page, one after the other, five times at 10k and 100k and three
 * times at 1M (runsAt). The ratio plain / playground of the flood's own time (alice's count, from
 * her first send to her last receipt), the median of the pairs', says what recording costs per
 * message, and whether that cost grows with the run.
 * "Caught up" is when the timeline has drawn the flood (its "Catching up" figure goes for good),
 * timed in the pages from alice's last receipt; the host page's longest task counts until then,
 * and the heap is read a second after, without forcing a collection.
 */
import { CONTEXT, consoleLines, settle, waitForFrame } from "../browser.mjs";
import { CATCH_UP_PROBE, CAUGHT_UP, LONGTASK_PROBE, QUIET_PLAIN_RECEIPTS } from "../probes.mjs";
import { list, median, ms, pairedRatio, pairedText, row, spread, spreadText } from "../report.mjs";
import { benchScenario, plainUrl, playgroundUrl } from "../scenarios.mjs";
import { log, within } from "../util.mjs";

export const SIZES = [10_000, 100_000, 1_000_000];
/**
 * The sizes `BENCH_FLOOD_SIZES` asks for (`100000`, or `10000,1000000`: a quicker loop while
 * working on one), every size when it is unset or empty, or what is wrong with it: a size the
 * bench does not know is refused rather than quietly measured as every size.
 */
export function floodSizes(text = "") {
  const asked = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (asked.length === 0) return { sizes: SIZES };
  const unknown = asked.filter((s) => !SIZES.includes(Number(s)));
  if (unknown.length > 0) return { error: `BENCH_FLOOD_SIZES takes sizes from ${SIZES.join(", ")}: not ${unknown.join(", ")}` };
  return { sizes: SIZES.filter((n) => asked.includes(String(n))) };
}
/**
 * Pairs at each size. A 10k or 100k flood lasts well under the time the machine's speed takes to
 * swing, so each run meets one swing whole and the pairs' ratios scatter (0.6 to 1.1 in one run of
 * three pairs): five pairs. A 1M flood lasts 20 s and averages over its swings; three are enough,
 * and each costs most of a minute.
 */
export const runsAt = (n) => (n >= 1_000_000 ? 3 : 5);
/** Long enough for a slow machine at each size, short enough that a stuck page does not hang the bench. */
const timeoutFor = (n) => Math.max(60_000, (n / 100_000) * 45_000);
/** The timeline's "Catching up" figure. */
const WAITING = ".timeline-head .waiting";
/**
 * How long the figure must stay gone to count as caught up: a window writes what it held during
 * its flood within a few milliseconds of the flood's end, and the figure shows as that arrives.
 */
const CAUGHT_UP_QUIET_MS = 1000;
const label = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

async function flood(browser, n) {
  const timeout = timeoutFor(n);
  const context = await browser.newContext(CONTEXT);
  const rafTimeout = 10_000;
  let caughtUpAt = Infinity;
  const out = { n, timedOut: false, inSandboxMs: NaN, catchUpMs: NaN, longest: NaN, total: NaN, count: NaN, heap: NaN, raf: NaN, rafTimedOut: false, note: "" };
  try {
    await context.addInitScript(LONGTASK_PROBE);
    await context.addInitScript(CATCH_UP_PROBE, WAITING);
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
    await alice.evaluate(() => window.__benchGo());
    try {
      const [, inSandbox, lastReceipt] = (await within(done, timeout, "flood")).split(/\s+/);
      out.inSandboxMs = Number(inSandbox);
      // The host draws a burst after it: its long tasks count until the timeline has caught up.
      const gone = await within(page.evaluate(CAUGHT_UP, { sel: WAITING, after: Number(lastReceipt), quietMs: CAUGHT_UP_QUIET_MS }), timeout, "catch-up");
      // The figure never showed after the last receipt: nothing was left to draw.
      out.catchUpMs = gone === null ? 0 : gone - Number(lastReceipt);
      caughtUpAt = gone ?? Number(lastReceipt);
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
        page.evaluate(
          ({ goAt, caughtUpAt }) => {
            const all = window.__benchLongTasks;
            const heap = performance.memory ? performance.memory.usedJSHeapSize : NaN;
            if (!all) return { supported: false, heap };
            const until = caughtUpAt - performance.timeOrigin;
            const during = all.filter(([start]) => start >= goAt && start <= until).map(([, d]) => d);
            return { supported: true, heap, longest: during.length ? Math.max(...during) : 0, total: during.reduce((a, b) => a + b, 0), count: during.length };
          },
          { goAt, caughtUpAt },
        ),
        10_000,
        "long-task stats",
      );
      if (!stats.supported) out.note = "longtask observer not supported";
      Object.assign(out, { heap: stats.heap, longest: stats.longest, total: stats.total, count: stats.count });
    }
  } finally {
    await context.close();
  }
  return out;
}

/** The same flood on the plain page, without the runtime: alice's own count. */
async function floodPlain(browser, n) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(QUIET_PLAIN_RECEIPTS);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const ready = lines.next("flood-ready");
    await page.goto(plainUrl(benchScenario("flood", { N: n })));
    await within(ready, 15_000, "plain flood ready");
    await settle(browser);
    const done = lines.next("flood-done", lines.count);
    const alice = await waitForFrame(page, "alice");
    await alice.evaluate(() => window.__benchGo());
    return Number((await within(done, timeoutFor(n), "plain flood")).split(/\s+/)[1]);
  } finally {
    await context.close();
  }
}

/**
 * runsAt(n) pairs at size `n`, the two pages one after the other so that both meet the same load;
 * which goes first alternates, so that neither always follows the other's leftovers.
 */
async function atSize(browser, n) {
  const runs = [];
  const plain = [];
  const inPlayground = async (i) => {
    try {
      runs.push(await flood(browser, n));
    } catch (e) {
      log(`flood ${label(n)} ${i + 1}: ${e.message}`);
      runs.push({ n, error: e.message, inSandboxMs: NaN, catchUpMs: NaN, longest: NaN, heap: NaN, rafTimedOut: true });
    }
  };
  const onPlainPage = async (i) => {
    try {
      plain.push(await floodPlain(browser, n));
    } catch (e) {
      log(`plain flood ${label(n)} ${i + 1}: ${e.message}`);
      plain.push(NaN);
    }
  };
  for (let i = 0; i < runsAt(n); i++) {
    for (const one of i % 2 === 0 ? [inPlayground, onPlainPage] : [onPlainPage, inPlayground]) await one(i);
  }
  // A page that did not answer had no readable longest task: it counts as the worst.
  const worst = runs.map((r) => (r.rafTimedOut || !Number.isFinite(r.longest) ? Infinity : r.longest));
  const longest = { median: median(worst), min: Math.min(...worst), max: Math.max(...worst), runs: worst };
  const playground = spread(runs.map((r) => (r.timedOut ? NaN : r.inSandboxMs)));
  const reference = spread(plain);
  const pairs = pairedRatio(reference.runs, playground.runs);
  return {
    n,
    playground,
    plain: reference,
    ratio: pairs.median,
    pairs,
    longest,
    catchUp: spread(runs.map((r) => r.catchUpMs)),
    heap: spread(runs.map((r) => r.heap / 1e6)),
    longTasks: runs.map((r) => r.count),
    timedOut: runs.filter((r) => r.timedOut).length,
    errors: runs.filter((r) => r.error).map((r) => r.error),
  };
}

const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} MB` : "n/a");
const maxMs = (x) => (x === Infinity ? "no answer" : ms(x));

export default {
  name: "flood",
  about: "10k, 100k and 1M messages from a window to itself: cost per message (vs the plain page), host responsiveness, catch-up, heap",
  async measure({ browser }) {
    const sizes = [];
    const asked = floodSizes(process.env.BENCH_FLOOD_SIZES);
    if (asked.error) throw new Error(asked.error);
    for (const n of asked.sizes) {
      log(`flood: ${label(n)}…`);
      sizes.push(await atSize(browser, n));
    }
    return { sizes };
  },
  rows({ sizes }) {
    return sizes.flatMap((s) => {
      const at = label(s.n);
      const runs = runsAt(s.n);
      const trouble = [s.timedOut ? `${s.timedOut} of ${runs} floods timed out` : "", ...s.errors].filter(Boolean).join("; ");
      return [
        row(
          `${at} flood: plain page / playground, the flood's own time (median of the ${runs} pairs' ratios)`,
          `${pairedText(s.pairs)}: ${spreadText(s.plain)} / ${spreadText(s.playground)}${trouble ? `; ${trouble}` : ""}`,
          "floodRatio",
          s.ratio,
          `floodRatio${at}`,
        ),
        row(
          `${at} flood: host page's longest task, go → caught up (median of ${runs})`,
          `${maxMs(s.longest.median)} (min ${maxMs(s.longest.min)}, max ${maxMs(s.longest.max)}; runs: ${s.longest.runs.map(maxMs).join(", ")}; long tasks per flood: ${list(s.longTasks)})`,
          "floodLongestTask",
          s.longest.median,
          `floodLongestTask${at}`,
        ),
        row(`${at} flood: the flood's last receipt → timeline caught up (median of ${runs})`, spreadText(s.catchUp), "floodCatchUp", s.catchUp.median, `floodCatchUp${at}`),
        row(`${at} flood: host JS heap once caught up (median of ${runs})`, spreadText(s.heap, mb, (x) => x.toFixed(1)), "floodHeap", s.heap.median, `floodHeap${at}`),
      ];
    });
  },
  json: (r) => r,
};
