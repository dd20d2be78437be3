/**
 * The conformance suite: every file in conformance/ is a scenario with the timeline and console
 * output the browser must produce. Each runs twice in real Chromium:
 * 1. in the playground, opened from a `#scenario=` link, reading the timeline and console as a
 *    person sees them;
 * 2. on the plain test page (sandboxes/plain.html), the same scripts on the same origins with no
 *    runtime at all, reading only what any page can observe (its message events and console).
 * Both must match the file, so the runtime is shown to change nothing the browser does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import LZString from "lz-string";
import { validateScenario, type ExpectedRow, type ScenarioFile } from "../src/scenario/schema";
import { origin } from "./helpers";

const DIR = join(import.meta.dirname, "..", "conformance");
const SITES = Object.keys((JSON.parse(readFileSync(join(import.meta.dirname, "..", "playground.config.json"), "utf8")) as { sandboxes: object }).sandboxes);
const HOST_LABEL = "playground page";

/** `{alice}` -> the origin of site alice on this test server. */
const fill = (text: string): string => text.replace(/\{([a-z][a-z0-9-]*)\}/g, (m, site: string) => (SITES.includes(site) ? origin(site) : m));

function load(file: string): ScenarioFile {
  const parsed = validateScenario(JSON.parse(readFileSync(join(DIR, file), "utf8")), SITES);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  if (!parsed.value.expected) throw new Error(`${file}: a conformance file needs "expected"`);
  return parsed.value;
}

interface ShownRow {
  from: string;
  to: string;
  targetOrigin: string;
  state: string;
  reason: string;
  origin: string;
  source: string;
  data: string;
  transfer: string;
  listeners: string;
  route: string;
  port: boolean;
  reconstructed: boolean;
  navigated: boolean;
}

async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.locator("table.timeline tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const td = (col: string) => tr.querySelector<HTMLElement>(`td[data-col="${col}"]`);
      const first = (col: string) => td(col)?.innerText.split("\n")[0]?.trim() ?? "";
      return {
        from: first("from"),
        to: first("to"),
        targetOrigin: first("targetOrigin"),
        state: tr.querySelector(".badge")?.textContent?.trim() ?? "",
        reason: td("state")?.querySelector(".reason")?.textContent ?? "",
        origin: first("origin"),
        source: first("source"),
        data: first("data"),
        transfer: td("data")?.querySelector(".transfer")?.textContent ?? "",
        listeners: td("listeners")?.innerText ?? "",
        route: `${td("from")?.innerText ?? ""}\n${td("to")?.innerText ?? ""}`,
        port: first("targetOrigin") === "(port)",
        reconstructed: tr.querySelector(".badge-reconstructed") !== null,
        navigated: tr.querySelector(".badge-chromium") !== null,
      };
    }),
  );
}

const windowLabel = (name: string) => (name === "(playground)" ? HOST_LABEL : name);

function rowMatches(e: ExpectedRow, a: ShownRow): boolean {
  const eq = (want: string | undefined, got: string) => want === undefined || fill(want) === got;
  const has = (want: string | string[] | undefined, got: string) => want === undefined || [want].flat().every((w) => got.includes(fill(w)));
  return (
    windowLabel(e.from) === a.from &&
    windowLabel(e.to) === a.to &&
    e.state === a.state &&
    (e.targetOrigin === undefined || JSON.stringify(fill(e.targetOrigin)) === a.targetOrigin) &&
    (e.origin === undefined || JSON.stringify(fill(e.origin)) === a.origin) &&
    eq(e.source, a.source) &&
    eq(e.data, a.data) &&
    has(e.reason, a.reason) &&
    has(e.listeners, a.listeners) &&
    has(e.transfer, a.transfer) &&
    has(e.route, a.route) &&
    (e.port === undefined || e.port === a.port) &&
    (e.reconstructed === undefined || e.reconstructed === a.reconstructed) &&
    (e.navigated === undefined || e.navigated === a.navigated)
  );
}

/** Pairs expected with shown items one to one; returns what is left over on each side. */
function unmatched<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean): { missing: E[]; extra: A[] } {
  const left = [...actual];
  const missing: E[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => matches(e, a));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, extra: left };
}

async function consoleByWindow(page: Page): Promise<Record<string, string[]>> {
  const lines = await page.locator("ol.console li").evaluateAll((lis) =>
    lis.map((li) => ({ window: li.getAttribute("data-window") ?? "", text: li.querySelector(".text")?.textContent ?? "" })),
  );
  const out: Record<string, string[]> = {};
  for (const l of lines) (out[l.window] ??= []).push(l.text);
  return out;
}

function expectedConsole(file: ScenarioFile): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [w, lines] of Object.entries(file.expected?.console ?? {})) out[w] = lines.map(fill);
  return out;
}

function pick(all: Record<string, string[]>, windows: string[]): Record<string, string[]> {
  return Object.fromEntries(windows.map((w) => [w, all[w] ?? []]));
}

/** Polls until `check` passes, then once more a little later: a late extra event must fail too. */
async function settle(check: () => Promise<void> | void): Promise<void> {
  await expect(check).toPass({ timeout: 15_000, intervals: [100, 250, 500] });
  await new Promise((r) => setTimeout(r, 700));
  await check();
}

interface PlainLine {
  t: "receipt" | "console";
  window: string;
  type?: string;
  origin?: string;
  data?: string;
  level?: string;
  text?: string;
}

function collectPlain(context: BrowserContext): PlainLine[] {
  const lines: PlainLine[] = [];
  context.on("console", (msg) => {
    const text = msg.text();
    if (text.startsWith("[pg-plain] ")) lines.push(JSON.parse(text.slice(11)) as PlainLine);
  });
  return lines;
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".scenario.json")).sort();

test("the conformance suite has at least 20 scenarios", () => {
  expect(files.length).toBeGreaterThanOrEqual(20);
});

for (const file of files) {
  const scenario = load(file);
  const expected = scenario.expected ?? { messages: [] };
  const json = JSON.stringify(scenario);
  const consoleWindows = Object.keys(expected.console ?? {});

  test.describe(file, () => {
    test("playground timeline", async ({ page }) => {
      await page.goto(`/#scenario=${LZString.compressToEncodedURIComponent(json)}`);
      await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue(scenario.id);
      await settle(async () => {
        const { missing, extra } = unmatched(expected.messages, await shownRows(page), rowMatches);
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        expect(pick(await consoleByWindow(page), consoleWindows)).toEqual(expectedConsole(scenario));
      });
    });

    test("plain page without the runtime", async ({ page, context }) => {
      const lines = collectPlain(context);
      await page.goto(`/sandboxes/plain.html#scenario=${LZString.compressToEncodedURIComponent(json)}`);
      // Window messages the browser dispatched: delivered rows, and messageerror rows (data is null there).
      const dispatched = expected.messages.filter((m) => !m.port && (m.state === "delivered" || m.state === "messageerror"));
      await settle(() => {
        const receipts = lines.filter((l) => l.t === "receipt");
        const { missing, extra } = unmatched(
          dispatched,
          receipts,
          (e, a) =>
            e.to === a.window &&
            a.type === (e.state === "messageerror" ? "messageerror" : "message") &&
            (e.origin === undefined || fill(e.origin) === a.origin) &&
            (e.data === undefined || e.state === "messageerror" || fill(e.data) === a.data),
        );
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        const printed: Record<string, string[]> = {};
        for (const l of lines) if (l.t === "console") (printed[l.window] ??= []).push(l.text ?? "");
        expect(pick(printed, consoleWindows)).toEqual(expectedConsole(scenario));
      });
    });
  });
}
