/**
 * postMessage throughput, raw and instrumented: alice (a frame of the page) sends N numbers to bob
 * (its frame, on another origin), on the plain page without the runtime and in the playground;
 * bob times the span from the first to the last receipt. The ratio is what recording costs the
 * windows. Each page sends two bursts: the first runs the page's code cold (V8 compiles what is
 * hot while it runs), the second once it is compiled, as in a page that has been in use.
 *
 * scenarios/throughput.scenario.json: alice sends when the bench calls `__benchGo()` in her frame,
 * once the page around it has settled, and yields every 500 messages with scheduler.postTask
 * where there is one: nested setTimeout(0) is clamped to 4 ms after five levels, which would cap
 * the raw rate by the timer and not by postMessage.
 */
import { CONTEXT, consoleLines, settle, waitForFrame } from "../browser.mjs";
import { QUIET_PLAIN_RECEIPTS } from "../probes.mjs";
import { list, pairedRatio, pairedText, rate, row, spread } from "../report.mjs";
import { benchScenario, plainUrl, playgroundUrl } from "../scenarios.mjs";
import { log, within } from "../util.mjs";

const ROUNDS = 3;

/** One page's two bursts of `n` messages, on the plain page ("raw") or the playground; `file` is scenarios/throughput.scenario.json's, or a variant of it. */
export async function throughputRun(browser, mode, n, timeout, file = benchScenario("throughput", { N: n })) {
  const context = await browser.newContext(CONTEXT);
  try {
    if (mode === "raw") await context.addInitScript(QUIET_PLAIN_RECEIPTS);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const ready = lines.next("bench-ready");
    await page.goto(mode === "raw" ? plainUrl(file) : playgroundUrl(file));
    await within(ready, 15_000, "bob ready");
    // The playground loads Monaco lazily: let the page around the windows settle.
    if (mode === "instrumented") await page.waitForSelector(".script-editor .monaco-editor", { timeout: 20_000 });
    const alice = await waitForFrame(page, "alice");
    const rates = [];
    for (let burst = 0; burst < 2; burst++) {
      await settle(browser);
      const done = lines.next("bench-done", lines.count);
      await alice.evaluate(() => window.__benchGo());
      const text = await within(done, timeout, `${mode} throughput`);
      rates.push(((n - 1) / Number(text.split(/\s+/)[1])) * 1000);
    }
    return { cold: rates[0], warm: rates[1] };
  } finally {
    await context.close();
  }
}

async function throughput(browser) {
  let n = 20_000;
  const raw = [];
  const instrumented = [];
  let lowered = null;
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ["raw", "instrumented"]) {
      try {
        (mode === "raw" ? raw : instrumented).push(await throughputRun(browser, mode, n, 25_000));
      } catch (e) {
        log(`throughput ${mode} round ${round + 1} (N=${n}): ${e.message}`);
        if (e.timedOut && mode === "instrumented" && round === 0 && n > 5000) {
          // The playground cannot keep up with N: start over with fewer messages, both sides.
          lowered = `the playground did not finish ${n} in 25 s`;
          n = 5000;
          raw.length = 0;
          instrumented.length = 0;
          round = -1;
          break;
        }
        (mode === "raw" ? raw : instrumented).push({ cold: NaN, warm: NaN });
      }
    }
  }
  const burst = (which) => {
    const r = spread(raw.map((x) => x[which]));
    const i = spread(instrumented.map((x) => x[which]));
    const pairs = pairedRatio(i.runs, r.runs);
    return { raw: r, instrumented: i, ratio: pairs.median, pairs };
  };
  return { n, cold: burst("cold"), warm: burst("warm"), lowered };
}

const rateSpread = (s) => `${rate(s.median)} (min ${rate(s.min)}, max ${rate(s.max)}; runs: ${list(s.runs)})`;

export default {
  name: "throughput",
  about: "postMessage rate between two cross-origin frames, plain page vs playground",
  measure: ({ browser }) => throughput(browser),
  rows({ n, cold, warm, lowered }) {
    const note = lowered ? ` (lowered from 20000: ${lowered})` : "";
    return [
      row(`postMessage alice→bob (cross-origin frames), raw: plain page, first burst (median of ${ROUNDS}, N=${n})${note}`, rateSpread(cold.raw)),
      row(`postMessage alice→bob, instrumented: playground, first burst (median of ${ROUNDS}, N=${n})`, rateSpread(cold.instrumented)),
      row(`Runtime overhead, first burst after load: instrumented / raw (median of the ${ROUNDS} pairs' ratios)`, pairedText(cold.pairs), "overhead", cold.ratio),
      row(`The same pages' second burst, raw / instrumented (median of ${ROUNDS}) (info)`, `${rateSpread(warm.raw)} / ${rateSpread(warm.instrumented)}`),
      row(`Runtime overhead, second burst: instrumented / raw (median of the ${ROUNDS} pairs' ratios, info)`, pairedText(warm.pairs)),
    ];
  },
  json: (r) => r,
};
