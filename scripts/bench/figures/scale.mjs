/**
 * The format's largest scenarios: twelve windows, each posting N messages to itself at once
 * (scenarios/twelve.scenario.json), and the throughput pages with alice's script grown to
 * 200,000 characters. For each, open → first message drawn, and what recording costs: the plain
 * page's time over the playground's for the twelve floods, the playground's rate over the plain
 * page's for the big script's first burst.
 */
import { CONTEXT, consoleLines, cpuMeter, settle, waitForFrame } from "../browser.mjs";
import { QUIET_PLAIN_RECEIPTS } from "../probes.mjs";
import { pairedRatio, pairedText, row, spread, spreadText } from "../report.mjs";
import { benchScenario, plainUrl, playgroundUrl } from "../scenarios.mjs";
import { log, orNaN, within } from "../util.mjs";
import { openToFirstMessage } from "./load.mjs";
import { throughputRun } from "./throughput.mjs";

const RUNS = 3;
/**
 * Twelve windows on two cores keep both busy, and a pair's ratio moves with whatever else the
 * machine does: five pairs, where the big script needs three.
 */
const TWELVE_RUNS = 5;
const TWELVE_N = 10_000;
const BIG_N = 20_000;
/** The format's largest script (src/scenario/schema.ts). */
export const BIG_SCRIPT = 200_000;

/** `script`, followed by functions it never calls, up to `size` characters: code the engine parses, as a pasted library is. */
export function grown(script, size) {
  const parts = [script, "\n// Functions never called: the script grown to the format's largest.\n"];
  let length = parts.join("").length;
  for (let i = 0; ; i++) {
    const f = `function unused${i}(a, b) {\n  const c = a * ${i} + b;\n  return c > ${i} ? [c, "${i}"] : { c, i: ${i} };\n}\n`;
    if (length + f.length > size) break;
    parts.push(f);
    length += f.length;
  }
  return parts.join("");
}

const TWELVE = benchScenario("twelve", { N: TWELVE_N });
const NAMES = TWELVE.windows.map((w) => w.name);

/**
 * All twelve windows flood at once: the time from go until the last of them has its N messages,
 * and the CPU time the browser's processes spent meanwhile.
 */
async function twelveFloods(browser, mode) {
  const context = await browser.newContext(CONTEXT);
  try {
    if (mode === "plain") await context.addInitScript(QUIET_PLAIN_RECEIPTS);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const ready = Promise.all(NAMES.map((n) => lines.next(`bench-ready ${n}`)));
    await page.goto(mode === "plain" ? plainUrl(TWELVE) : playgroundUrl(TWELVE));
    await within(ready, 20_000, "twelve windows ready");
    if (mode === "playground") await page.waitForSelector(".script-editor .monaco-editor", { timeout: 20_000 });
    const frames = await Promise.all(NAMES.map((n) => waitForFrame(page, n)));
    await settle(browser);
    const from = lines.count;
    const done = Promise.all(NAMES.map((n) => lines.next(`bench-done ${n}`, from)));
    const cpu = await cpuMeter(browser);
    await cpu.start();
    const t0 = Date.now();
    await Promise.all(frames.map((f) => f.evaluate(() => window.__benchGo())));
    await within(done, 120_000, `${mode}: twelve floods`);
    const ms = Date.now() - t0;
    return { ms, cpu: await cpu.stop() };
  } finally {
    await context.close();
  }
}

async function twelve(browser) {
  const runs = { playground: { ms: [], cpu: [] }, plain: { ms: [], cpu: [] } };
  const open = [];
  for (let i = 0; i < TWELVE_RUNS; i++) {
    const pair = ["playground", "plain"];
    // Which page goes first alternates, so that neither always follows the other's leftovers.
    for (const mode of i % 2 === 0 ? pair : pair.reverse()) {
      const run = await orNaN(`twelve ${mode} ${i + 1}`, () => twelveFloods(browser, mode));
      runs[mode].ms.push(typeof run === "number" ? run : run.ms);
      runs[mode].cpu.push(typeof run === "number" ? run : run.cpu);
    }
    open.push(await orNaN(`twelve, open ${i + 1}`, () => openToFirstMessage(browser, playgroundUrl(TWELVE))));
  }
  const { playground, plain } = runs;
  const pairs = pairedRatio(plain.ms, playground.ms);
  const cpuPairs = pairedRatio(plain.cpu, playground.cpu);
  return {
    n: TWELVE_N,
    playground: spread(playground.ms),
    plain: spread(plain.ms),
    ratio: pairs.median,
    pairs,
    cpu: { playground: spread(playground.cpu), plain: spread(plain.cpu), ratio: cpuPairs.median, pairs: cpuPairs },
    open: spread(open),
  };
}

async function bigScript(browser) {
  const file = benchScenario("throughput", { N: BIG_N });
  const alice = file.windows.find((w) => w.name === "alice");
  alice.script = grown(alice.script, BIG_SCRIPT);
  const raw = [];
  const instrumented = [];
  const open = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [mode, into] of [
      ["raw", raw],
      ["instrumented", instrumented],
    ]) {
      into.push(await orNaN(`big script ${mode} ${i + 1}`, async () => (await throughputRun(browser, mode, BIG_N, 25_000, file)).cold));
    }
    open.push(await orNaN(`big script, open ${i + 1}`, () => openToFirstMessage(browser, playgroundUrl(file))));
  }
  const pairs = pairedRatio(instrumented, raw);
  return { chars: alice.script.length, n: BIG_N, raw: spread(raw), instrumented: spread(instrumented), ratio: pairs.median, pairs, open: spread(open) };
}

const cpuText = (s) => spreadText(s, (x) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : "n/a"), (x) => x.toFixed(2));
const rateText = (s) => spreadText(s, (x) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString("en-US")} msgs/s` : "n/a"));

export default {
  name: "scale",
  about: "twelve windows flooding at once, and a 200,000-character script: open → first message, cost of recording",
  async measure({ browser }) {
    log("scale: twelve windows…");
    const many = await twelve(browser);
    log("scale: a 200,000-character script…");
    return { twelve: many, big: await bigScript(browser) };
  },
  rows({ twelve, big }) {
    return [
      row(`Twelve windows: open → first message drawn (median of ${TWELVE_RUNS}, info)`, spreadText(twelve.open)),
      row(
        `Twelve windows, ${twelve.n.toLocaleString("en-US")} messages each at once: plain page / playground, go → the last window done (median of the ${TWELVE_RUNS} pairs' ratios)`,
        `${pairedText(twelve.pairs)}: ${spreadText(twelve.plain)} / ${spreadText(twelve.playground)}`,
        "floodRatio",
        twelve.ratio,
        "floodRatioTwelve",
      ),
      row(
        `Twelve windows, the same floods: the CPU time of all the browser's processes, plain page / playground (median of the ${TWELVE_RUNS} pairs' ratios, info)`,
        `${pairedText(twelve.cpu.pairs)}: ${cpuText(twelve.cpu.plain)} / ${cpuText(twelve.cpu.playground)}`,
      ),
      row(`A ${big.chars.toLocaleString("en-US")}-character script: open → first message drawn (median of ${RUNS}, info)`, spreadText(big.open)),
      row(
        `A ${big.chars.toLocaleString("en-US")}-character script, ${big.n.toLocaleString("en-US")} messages: playground / plain page rate, first burst (median of the ${RUNS} pairs' ratios)`,
        `${pairedText(big.pairs)}: ${rateText(big.instrumented)} / ${rateText(big.raw)}`,
        "overhead",
        big.ratio,
        "overheadBigScript",
      ),
    ];
  },
  json: (r) => r,
};
