/**
 * Open URL → first message drawn: a fresh browser context opens the playground on the default
 * scenario (a frame and the popup it opens) until the first timeline row is in the DOM. Also, for
 * comparison, the same in a browser with Chromium's default omnibox popup (chromium-args.mjs says
 * why the other figures leave it out).
 */
import { CHROMIUM_ARGS, WITHOUT_OMNIBOX_POPUP } from "../../chromium-args.mjs";
import { CONTEXT, launch } from "../browser.mjs";
import { FIRST_ROW_PROBE, ROW } from "../probes.mjs";
import { ms, row, spread, spreadText } from "../report.mjs";
import { BASE } from "../server.mjs";
import { log, orNaN } from "../util.mjs";

const RUNS = 5;

/** A fresh context opens `url`: the time until the first timeline row is in the DOM. */
export async function openToFirstMessage(browser, url) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(FIRST_ROW_PROBE, ROW);
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector(ROW, { state: "attached", timeout: 15_000 });
    const nodeSide = Date.now();
    const inPage = await page.evaluate(() => window.__benchFirstRow);
    return (typeof inPage === "number" ? inPage : nodeSide) - t0;
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

export default {
  name: "load",
  about: "open URL → first message drawn, fresh context each (and with Chromium's omnibox popup, for comparison)",
  async measure({ browser, chromium }) {
    const load = await loadToFirstMessage(browser);
    log("load, info: the same with Chromium's omnibox popup built for each new window…");
    const other = await launch(chromium, CHROMIUM_ARGS.filter((a) => a !== WITHOUT_OMNIBOX_POPUP));
    try {
      return { load, withOmnibox: await loadToFirstMessage(other) };
    } finally {
      await other.close().catch(() => {});
    }
  },
  rows({ load, withOmnibox }) {
    return [
      row(`Open URL → first message drawn (median of ${RUNS}, fresh context each)`, `${spreadText(load)}; warm-up run, not counted: ${ms(load.warmUp)}`, "load", load.median),
      row(`The same, with Chromium building each new window's omnibox popup, its default (median of ${RUNS}, info)`, spreadText(withOmnibox)),
    ];
  },
  json: (r) => r,
};
