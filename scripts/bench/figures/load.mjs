/**
 * Open URL → first message drawn: a fresh browser context opens the playground on the default
 * scenario (a frame and the popup it opens) until the first timeline row is in the DOM. In turns
 * with it, the same scenario on the plain page (the same scripts on the same origins, without the
 * playground) until a window receives the first message: what the browser alone takes on this
 * machine, which no playground can beat. Then return visits, which take the app's own path to
 * the first run (a first visit starts it before the app loads). Also, for comparison, the playground in a browser with
 * Chromium's default omnibox popup (chromium-args.mjs says why the other figures leave it out).
 */
import { CHROMIUM_ARGS, WITHOUT_OMNIBOX_POPUP } from "../../chromium-args.mjs";
import { CONTEXT, consoleLines, launch, receiptAt } from "../browser.mjs";
import { FIRST_RECEIPT_PROBE, FIRST_ROW_PROBE, ROW } from "../probes.mjs";
import { ms, row, spread, spreadText } from "../report.mjs";
import { defaultScenario, plainUrl } from "../scenarios.mjs";
import { BASE } from "../server.mjs";
import { log, orNaN } from "../util.mjs";

const RUNS = 5;

/** `page` (with FIRST_ROW_PROBE) opens `url`: the time until the first timeline row is in the DOM. */
async function untilFirstRow(page, url) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector(ROW, { state: "attached", timeout: 15_000 });
  const nodeSide = Date.now();
  const inPage = await page.evaluate(() => window.__benchFirstRow);
  return (typeof inPage === "number" ? inPage : nodeSide) - t0;
}

/** A fresh context opens `url`: the time until the first timeline row is in the DOM. */
export async function openToFirstMessage(browser, url) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(FIRST_ROW_PROBE, ROW);
    return await untilFirstRow(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

/** A fresh context opens `url` on the plain page: the time until one of its windows receives a message. */
export async function openPlainToFirstMessage(browser, url) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(FIRST_RECEIPT_PROBE);
    const lines = consoleLines(context);
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    return (await receiptAt(lines, "the plain page's first message", 15_000)) - t0;
  } finally {
    await context.close();
  }
}

/**
 * A return visit: a context that opened the playground once (what the app saved, the browser's
 * cache) opens it again. The app has saved work then, so the page does not start the first run
 * before the app's code has loaded (src/early-run.ts): this is the time every later visit takes.
 */
export async function returnToFirstMessage(browser, url) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(FIRST_ROW_PROBE, ROW);
    const page = await context.newPage();
    await untilFirstRow(page, url);
    const saved = await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith("postmessage-playground")));
    if (!saved) throw new Error("the first visit saved nothing: the next would be a first visit too");
    await page.goto("about:blank");
    // The first visit's popup: its opener's frame is gone, and it would stay open.
    for (const other of context.pages()) if (other !== page) await other.close();
    return await untilFirstRow(page, url);
  } finally {
    await context.close();
  }
}

async function loadToFirstMessage(browser) {
  const times = [];
  // Run 0 warms up (the first page after launch also pays for Chromium's own start); not counted.
  for (let i = 0; i <= RUNS; i++) times.push(await orNaN(`load run ${i}`, () => openToFirstMessage(browser, `${BASE}/`)));
  return { warmUp: times[0], ...spread(times.slice(1)) };
}

/** The playground and the plain page opened in turns (the order swapped every pair), after one warm-up each. */
async function loadInTurns(browser) {
  const plainPage = plainUrl(defaultScenario());
  const open = { playground: () => openToFirstMessage(browser, `${BASE}/`), plain: () => openPlainToFirstMessage(browser, plainPage) };
  const times = { playground: [], plain: [] };
  const warmUp = await orNaN("load warm-up", open.playground);
  await orNaN("plain page warm-up", open.plain);
  for (let i = 0; i < RUNS; i++) {
    for (const which of i % 2 ? ["plain", "playground"] : ["playground", "plain"]) times[which].push(await orNaN(`load run ${i + 1} (${which})`, open[which]));
  }
  return {
    load: { warmUp, ...spread(times.playground) },
    plain: spread(times.plain),
    added: spread(times.playground.map((t, i) => t - (times.plain[i] ?? NaN))),
  };
}

export default {
  name: "load",
  about: "open URL → first message drawn, fresh context each, in turns with the plain page (and with Chromium's omnibox popup, for comparison)",
  async measure({ browser, chromium }) {
    const inTurns = await loadInTurns(browser);
    const returnVisit = [];
    log("load, info: return visits…");
    for (let i = 0; i < RUNS; i++) returnVisit.push(await orNaN(`return visit ${i + 1}`, () => returnToFirstMessage(browser, `${BASE}/`)));
    log("load, info: the same with Chromium's omnibox popup built for each new window…");
    const other = await launch(chromium, CHROMIUM_ARGS.filter((a) => a !== WITHOUT_OMNIBOX_POPUP));
    try {
      return { ...inTurns, returnVisit: spread(returnVisit), withOmnibox: await loadToFirstMessage(other) };
    } finally {
      await other.close().catch(() => {});
    }
  },
  rows({ load, plain, added, returnVisit, withOmnibox }) {
    return [
      row(`Open URL → first message drawn (median of ${RUNS}, fresh context each)`, `${spreadText(load)}; warm-up run, not counted: ${ms(load.warmUp)}`, "load", load.median),
      row(`The plain page, in turns with the row above: open URL → a window receives the first message (median of ${RUNS}, info)`, spreadText(plain)),
      row(`What the playground adds: each pair's difference (median of ${RUNS}, info)`, spreadText(added)),
      row(`A return visit (the context of a first visit, its saved work and cache): open URL → first message drawn (median of ${RUNS}, info)`, spreadText(returnVisit)),
      row(`Open URL → first message drawn, with Chromium building each new window's omnibox popup, its default (median of ${RUNS}, info)`, spreadText(withOmnibox)),
    ];
  },
  // Not `load`: the report adds the machine's load average under that key.
  json: ({ load, ...rest }) => ({ open: load, ...rest }),
};
