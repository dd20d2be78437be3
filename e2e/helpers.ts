import { expect, type Page } from "@playwright/test";
import LZString from "lz-string";
import { BUILTIN_SCENARIOS } from "./builtins";
import type { ScenarioWindow } from "../src/scenario/types";

export const PORT = Number(process.env.E2E_PORT ?? 4179);
export const origin = (site: string) => `http://${site}.localhost:${PORT}`;

export interface Row {
  from: string;
  to: string;
  targetOrigin: string;
  state: string;
  origin: string;
  source: string;
  data: string;
}

/** The timeline as a person reads it: the first line of each cell. */
export async function timelineRows(page: Page): Promise<Row[]> {
  return page.locator("table.timeline tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = (col: string) => tr.querySelector<HTMLElement>(`td[data-col="${col}"]`)?.innerText.split("\n")[0]?.trim() ?? "";
      return {
        from: cell("from"),
        to: cell("to"),
        targetOrigin: cell("targetOrigin"),
        // The state's own badge; badges such as "held" or "navigation race" follow it.
        state: tr.querySelector<HTMLElement>('td[data-col="state"] .badge')?.innerText.trim() ?? "",
        origin: cell("origin"),
        source: cell("source"),
        data: cell("data"),
      };
    }),
  );
}

export async function openPlayground(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
}

/** Replaces a window's whole script by typing into Monaco, as a person would (select all, type). */
export async function replaceScript(page: Page, windowName: string, code: string): Promise<void> {
  await page.getByRole("tab", { name: new RegExp(`^${windowName}\\.js`) }).click();
  const editor = page.locator(".script-editor .monaco-editor");
  await expect(editor).toBeVisible();
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
  // Monaco auto-closes brackets as text arrives; drop what it added after the cursor.
  await page.keyboard.press("ControlOrMeta+Shift+End");
  await page.keyboard.press("Delete");
}

/**
 * Picks a scenario and waits until the playground shows its explanation. Playwright's selectOption
 * sets the option and fires "change" from a script. While Playwright attaches to a new popup (the
 * default scenario opens one as the page loads), Chromium runs none of the page's event listeners
 * for a moment. A pick in that moment changes the <select>, but the app never hears of it, and the
 * next render puts the old scenario back. A person's pick is real input that waits for the page,
 * so the helper picks again until the app has taken it (seen in about one run in five of the
 * static-deploy test before this check).
 */
export async function chooseScenario(page: Page, title: string): Promise<void> {
  const picker = page.getByRole("combobox", { name: "Scenario" });
  const summary = BUILTIN_SCENARIOS.find((b) => b.title === title)?.summary;
  if (summary === undefined) throw new Error(`no built-in scenario is called ${JSON.stringify(title)}`);
  await expect(async () => {
    await picker.selectOption({ label: title });
    await expect(page.locator(".scenario-summary")).toHaveText(summary, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

export type TestWindow = ScenarioWindow;

/** A `/#scenario=` link, encoded as docs/share-url.md says (lz-string of the scenario file). */
export function scenarioLink(id: string, windows: TestWindow[], title = id, options: { loopGuardMs?: number } = {}): string {
  const file = { format: "postmessage-playground/scenario", version: 1, id, title, summary: "", windows, ...options };
  return `/#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(file))}`;
}

/**
 * One frame, alice, that posts `n` messages to itself in one loop and logs "burst done" once it has
 * them all. Without the loop guard: on a busy machine a loop of thousands of recorded sends can
 * pass its one-second budget, and the guard would end the burst early.
 */
export function burstLink(id: string, n: number): string {
  const script = [`const N = ${n};`, "let got = 0;", 'addEventListener("message", () => { if (++got === N) console.log("burst done"); });', 'for (let i = 0; i < N; i++) window.postMessage(i, "/");'];
  return scenarioLink(id, [{ name: "alice", origin: "alice", kind: "iframe", script: script.join("\n") }], id, { loopGuardMs: 0 });
}

/** Where the playground autosaves the user's work. */
export const STORAGE_KEY = "postmessage-playground:v1";

/** Opens a file through the toolbar's Open… file input. */
export async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel("Open a scenario or timeline file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

/** The title of the scenario selected in the picker. */
export async function selectedScenario(page: Page): Promise<string> {
  return page.getByRole("combobox", { name: "Scenario" }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? "");
}

/**
 * A script's text without its white space: the editor wraps long lines, and draws a wrapped line
 * as several rows, broken wherever the width runs out (even after "window.").
 */
export const flat = (text: string | undefined): string => (text ?? "").replace(/\s+/g, "");

/** The script shown in the editor, as flat text (Monaco renders spaces as non-breaking ones). */
export async function editorText(page: Page): Promise<string> {
  return flat((await page.locator(".script-editor .monaco-editor .view-lines").innerText()).replace(/\u00a0/g, " "));
}

/** The toolbar's notices (Monaco has role="alert"/"status" regions of its own). */
export const errorNotice = (page: Page) => page.locator(".toolbar").getByRole("alert");
export const infoNotice = (page: Page) => page.locator(".toolbar").getByRole("status");


/** A window's lines in the console panel. */
export const consoleOf = (page: Page, window: string) => page.locator(`ol.console li[data-window="${window}"] .text`);

/**
 * The host answers a person's click within a second: another window's script tab opens. Measured
 * in the page, from the input event's own time stamp to its handler: Playwright's own checks run
 * as page tasks, which a flood of messages delays, while the browser puts input first.
 */
export async function hostResponds(page: Page, window = "bob"): Promise<number> {
  const tab = page.getByRole("tab", { name: new RegExp(`^${window}\\.js`) });
  // The tabs are at the top of the page, which may have scrolled to the console.
  await tab.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const w = window as unknown as { clickLatency?: number };
    delete w.clickLatency;
    document.addEventListener("click", (e) => (w.clickLatency = performance.now() - e.timeStamp), { capture: true, once: true });
  });
  // Clicked once more if the first click missed: the editor replaces the scripts' text preview
  // when it has loaded, which can move the tab between reading its place and the click. The
  // latency is the first click's, wherever it landed: it measures how soon the page took input.
  for (let attempt = 1; ; attempt++) {
    const box = await tab.boundingBox();
    if (!box) throw new Error(`no ${window}.js tab`);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    try {
      await expect(tab).toHaveAttribute("aria-selected", "true");
      break;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
  const latency = (await page.evaluate(() => (window as unknown as { clickLatency?: number }).clickLatency)) ?? Infinity;
  expect(latency).toBeLessThan(1000);
  return latency;
}
