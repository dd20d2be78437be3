/**
 * Rerun → first message drawn, in an open page: Ctrl+Enter, and an edit as a person makes one (a
 * keystroke in Monaco, the 700 ms pause before the rerun, and the rerun). Each time from the key
 * press until a row of the new run is in the DOM.
 */
import { CONTEXT, settle } from "../browser.mjs";
import { ARM_RERUN_WATCH, ROW } from "../probes.mjs";
import { row, spread, spreadText } from "../report.mjs";
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

export default {
  name: "rerun",
  about: "Ctrl+Enter rerun, and an edit in Monaco, → first message drawn",
  measure: ({ browser }) => rerunToFirstMessage(browser),
  rows({ ctrlEnter, edit }) {
    return [
      row(`Ctrl+Enter rerun → first message drawn (median of ${RUNS})`, spreadText(ctrlEnter), "rerun", ctrlEnter.median),
      row(`Edit: keystroke in Monaco → first message, incl. the 700 ms debounce (median of ${RUNS}, info)`, spreadText(edit)),
    ];
  },
  json: (r) => r,
};
