/**
 * Rerun → first message drawn, in an open page: Ctrl+Enter, and an edit as a person makes one (a
 * keystroke in Monaco, the 700 ms pause before the rerun, and the rerun). Each time from the key
 * press until a row of the new run is in the DOM. Beside them, what a rerun costs the browser
 * alone: on the plain page, its frame replaced by a fresh one (its popup closed first), until a
 * window receives the first message.
 */
import { CONTEXT, consoleLines, receiptAt, settle } from "../browser.mjs";
import { ARM_RERUN_WATCH, FIRST_RECEIPT_PROBE, REPLACE_FRAMES, ROW } from "../probes.mjs";
import { row, spread, spreadText } from "../report.mjs";
import { defaultScenario, plainUrl } from "../scenarios.mjs";
import { BASE } from "../server.mjs";
import { orNaN, sleep, within } from "../util.mjs";

const RUNS = 5;

async function rerunToFirstMessage(browser) {
  const context = await browser.newContext(CONTEXT);
  const ctrlEnter = [];
  const edit = [];
  try {
    const page = await context.newPage();
    await page.goto(`${BASE}/`);
    await page.waitForSelector(ROW, { state: "attached", timeout: 15_000 });
    await page.waitForSelector(".script-editor .monaco-editor", { timeout: 20_000 });
    // The editor's TypeScript worker is busy for seconds after it loads.
    await settle(browser);
    for (let i = 0; i < RUNS; i++) {
      ctrlEnter.push(
        await orNaN(`rerun ${i + 1}`, async () => {
          await page.evaluate(ARM_RERUN_WATCH, { sel: ROW, trigger: "ctrl-enter" });
          await page.keyboard.press("Control+Enter");
          return within(page.evaluate(() => window.__benchRerun), 10_000, "rerun");
        }),
      );
      await sleep(600);
    }
    const lines = page.locator(".script-editor .monaco-editor .view-lines");
    for (let i = 0; i < RUNS; i++) {
      edit.push(
        await orNaN(`edit ${i + 1}`, async () => {
          await lines.click();
          await page.keyboard.press("Control+End");
          await page.evaluate(ARM_RERUN_WATCH, { sel: ROW, trigger: "any-key" });
          await page.keyboard.type(";");
          return within(page.evaluate(() => window.__benchRerun), 10_000, "edit rerun");
        }),
      );
      await sleep(600);
    }
  } finally {
    await context.close();
  }
  return { ctrlEnter: spread(ctrlEnter), edit: spread(edit) };
}

async function plainRerun(browser) {
  const context = await browser.newContext(CONTEXT);
  const times = [];
  try {
    await context.addInitScript(FIRST_RECEIPT_PROBE);
    const lines = consoleLines(context);
    const page = await context.newPage();
    await page.goto(plainUrl(defaultScenario()));
    await receiptAt(lines, "the plain page's first message", 15_000);
    await settle(browser);
    for (let i = 0; i < RUNS; i++) {
      times.push(
        await orNaN(`plain page rerun ${i + 1}`, async () => {
          for (const other of context.pages()) if (other !== page) await other.close();
          await sleep(300);
          const from = lines.count;
          const t0 = await page.evaluate(REPLACE_FRAMES);
          return (await receiptAt(lines, "plain page rerun", 10_000, from)) - t0;
        }),
      );
      await sleep(600);
    }
  } finally {
    await context.close();
  }
  return spread(times);
}

export default {
  name: "rerun",
  about: "Ctrl+Enter rerun, and an edit in Monaco, → first message drawn (and the plain page with a fresh frame, for comparison)",
  measure: async ({ browser }) => ({ ...(await rerunToFirstMessage(browser)), plain: await plainRerun(browser) }),
  rows({ ctrlEnter, edit, plain }) {
    return [
      row(`Ctrl+Enter rerun → first message drawn (median of ${RUNS})`, spreadText(ctrlEnter), "rerun", ctrlEnter.median),
      row(`The plain page: its frame replaced by a fresh one, its popup closed first → a window receives the first message (median of ${RUNS}, info)`, spreadText(plain)),
      row(`Edit: keystroke in Monaco → first message, incl. the 700 ms debounce (median of ${RUNS}, info)`, spreadText(edit)),
    ];
  },
  json: (r) => r,
};
