/**
 * Real postMessage libraries, run unchanged: every entry of SCENARIOS in
 * scripts/library-scenarios.mjs (penpal, comlink, postmate, iframe-resizer, with their browser
 * builds inlined into the window scripts) runs twice in real Chromium:
 * 1. on the plain test page (sandboxes/plain), the same scripts on the same origins with no
 *    runtime at all: the console lines the entry promises. There the OBSERVER below must also see
 *    exactly the message events the plain page itself records;
 * 2. in the playground, opened from a `#scenario=` link: the same console lines, and a timeline in
 *    which every row is true. A row is delivered exactly when a message event fired in that
 *    window's document, which is seen by the OBSERVER, a listener Playwright adds to every
 *    document before any of the page's own scripts, so the runtime cannot colour what it reports.
 *    No row may stay queued once the run has settled.
 * A library is added to this suite by adding it to LIBRARIES and a scenario to SCENARIOS there.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import LZString from "lz-string";
import ts from "typescript";
import { isBanner, scenarioFile, SCENARIOS, type LibraryScenarioEntry } from "../scripts/library-scenarios.mjs";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import { validateScenario } from "../src/scenario/schema";
import { chooseScenario, openPlayground, PORT } from "./helpers";
import { BRAND } from "../sandboxes/protocol/messages";
import { SITES, consoleByWindow, pick, settle, shownRows, windowLabel, type ShownRow } from "./match";

interface Receipt {
  /** The playground's run (`pgrun`), "" on the plain page. */
  run?: string;
  window: string;
  type: string;
  origin: string;
  data: string;
}

const SEEN = "[pg-seen] ";
/** The playground page, whose runtime talks to each window; scenario windows here never send from it. */
const HOST_ORIGIN = `http://localhost:${PORT}`;
const HOST_NAME = "(playground)";

/**
 * A listener in every scenario document (the `pgw` query names the window) and in the page that
 * holds the frames (the playground page, or the plain page's top; "(playground)" on both), added
 * before the page's scripts run. It logs each message event the browser dispatched to the window,
 * with the data previewed by the same function the timeline uses (sandboxes/runtime/preview.ts),
 * so its lines can be paired with the timeline's data cells. The runtime's own hello to the
 * playground page (BRAND) is not a scenario message.
 */
const OBSERVER = (() => {
  const source = readFileSync(join(import.meta.dirname, "..", "sandboxes", "runtime", "preview.ts"), "utf8");
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText.replace(/^export /gm, "");
  return `(() => {
${js}
const query = new URLSearchParams(location.search);
const me = query.get("pgw") ?? (location.origin === ${JSON.stringify(HOST_ORIGIN)} ? ${JSON.stringify(HOST_NAME)} : null);
if (me === null) return;
const run = query.get("pgrun") ?? "";
const log = console.debug.bind(console);
const observe = (event) => {
  if (!(event instanceof MessageEvent) || event.target !== window || !event.isTrusted) return;
  if (me === ${JSON.stringify(HOST_NAME)} && event.data?.brand === ${JSON.stringify(BRAND)}) return;
  log(${JSON.stringify(SEEN)} + JSON.stringify({ run, window: me, type: event.type, origin: event.origin, data: preview(event.data) }));
};
addEventListener("message", observe, true);
addEventListener("messageerror", observe, true);
})();`;
})();

/** The console lines starting with `prefix`, parsed, as they arrive. */
function collect<T>(context: BrowserContext, prefix: string): T[] {
  const lines: T[] = [];
  context.on("console", (msg) => {
    const text = msg.text();
    if (text.startsWith(prefix)) lines.push(JSON.parse(text.slice(prefix.length)) as T);
  });
  return lines;
}

/** Each window's console without the start-up lines its libraries print (LIBRARIES' `banner`). */
function ownLines(entry: LibraryScenarioEntry, byWindow: Record<string, string[]>): Record<string, string[]> {
  const libs = (name: string) => entry.windows.find((w) => w.name === name)?.libraries ?? [];
  return Object.fromEntries(Object.entries(byWindow).map(([w, lines]) => [w, lines.filter((l) => !isBanner(libs(w), l))]));
}

const shown = (r: Receipt) => `${r.window} ${r.type} from ${r.origin}: ${r.data}`;

/**
 * Runs the scenario on the plain page until its promised console lines are there; returns the
 * message events the page itself logged ("[pg-plain]" lines, sandboxes/plain/index.ts).
 */
async function runPlain(page: Page, entry: LibraryScenarioEntry, json: string): Promise<Receipt[]> {
  const lines = collect<{ t: string; window: string; type?: string; origin?: string; data?: string; text?: string }>(page.context(), "[pg-plain] ");
  const windows = Object.keys(entry.console);
  const printed = () => {
    const out: Record<string, string[]> = {};
    for (const l of lines) if (l.t === "console") (out[l.window] ??= []).push(l.text ?? "");
    return ownLines(entry, pick(out, windows));
  };
  await page.goto(`/sandboxes/plain.html#scenario=${LZString.compressToEncodedURIComponent(json)}`);
  await settle(() => expect(printed()).toEqual(entry.console));
  return lines.filter((l) => l.t === "receipt").map((l) => ({ window: l.window, type: l.type ?? "", origin: l.origin ?? "", data: l.data ?? "" }));
}

/** The row's place in the failure output: who to whom, state and data. */
const said = (r: ShownRow) => `${r.from} → ${r.to} ${r.state}${r.reason ? ` (${r.reason})` : ""}: ${r.data}`;

/** What the timeline shows against what the browser did, as lists that are empty when all is true. */
function truth(rows: ShownRow[], seen: Receipt[]) {
  const windowRows = rows.filter((r) => !r.port);
  const dispatched = windowRows.filter((r) => r.state === "delivered" || r.state === "messageerror");
  const left = [...seen];
  const drawnButNotReceived: string[] = [];
  for (const r of dispatched) {
    const i = left.findIndex((s) => windowLabel(s.window) === r.to && s.type === (r.state === "messageerror" ? "messageerror" : "message") && JSON.stringify(s.origin) === r.origin && (r.state === "messageerror" || s.data === r.data));
    if (i < 0) drawnButNotReceived.push(said(r));
    else left.splice(i, 1);
  }
  const portRows = rows.filter((r) => r.port);
  return {
    drawnButNotReceived,
    receivedButNotDrawn: left.map(shown),
    queued: rows.filter((r) => r.state === "queued").map(said),
    portRows: portRows.map((r) => `${r.from} → ${r.to} ${r.state}`).sort(),
  };
}

/** The truth as it must be: nothing drawn that did not happen, nothing queued, the protocol's port messages delivered. */
const allTrue = (entry: LibraryScenarioEntry) => ({
  drawnButNotReceived: [],
  receivedButNotDrawn: [],
  queued: [],
  portRows: entry.portRows.map((r) => `${r.from} → ${r.to} delivered`).sort(),
});

for (const entry of SCENARIOS) {
  const file = scenarioFile(entry);
  const parsed = validateScenario(file, SITES);
  if (!parsed.ok) throw new Error(`${entry.id}: ${parsed.error}`);
  const json = JSON.stringify(parsed.value);
  const libraries = [...new Set(entry.windows.flatMap((w) => w.libraries))].join(", ");

  test.describe(`${entry.id} (${libraries})`, () => {
    test("plain page without the runtime: the promised console lines", async ({ page, context }) => {
      await context.addInitScript({ content: OBSERVER });
      const seen = collect<Receipt>(context, SEEN);
      const receipts = await runPlain(page, entry, json);
      // The observer the playground test trusts sees what the plain page's own listener sees.
      expect(seen.map(shown).sort()).toEqual(receipts.map(shown).sort());
    });

    test("playground: the same console lines, and every timeline row true", async ({ page, context }) => {
      await context.addInitScript({ content: OBSERVER });
      const seen = collect<Receipt>(context, SEEN);
      const ours = () => seen.filter((s) => s.origin !== HOST_ORIGIN);
      await page.goto(`/#scenario=${LZString.compressToEncodedURIComponent(json)}`);
      await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue(entry.id);
      const windows = Object.keys(entry.console);
      await settle(async () => {
        expect(ownLines(entry, pick(await consoleByWindow(page), windows))).toEqual(entry.console);
        expect(truth(await shownRows(page), ours())).toEqual(allTrue(entry));
      });
    });
  });
}

for (const builtin of LIBRARY_BUILTINS) {
  test(`built-in "${builtin.title}" prints what it promises, with every timeline row true`, async ({ page, context }) => {
    const entry = SCENARIOS.find((s) => s.id === builtin.id);
    if (!entry) throw new Error(`${builtin.id} is not made by scripts/library-scenarios.mjs`);
    await context.addInitScript({ content: OBSERVER });
    const seen = collect<Receipt>(context, SEEN);
    await openPlayground(page);
    await chooseScenario(page, builtin.title);
    const windows = Object.keys(builtin.promised.console);
    await settle(async () => {
      expect(ownLines(entry, pick(await consoleByWindow(page), windows))).toEqual(builtin.promised.console);
      // The default scenario ran before this one was picked: only the latest run's documents count.
      // (The playground page's own documents carry no run.)
      const latest = seen.findLast((s) => s.run !== "")?.run;
      const ours = seen.filter((s) => s.origin !== HOST_ORIGIN && (s.run === latest || s.window === HOST_NAME));
      expect(truth(await shownRows(page), ours)).toEqual(allTrue(entry));
    });
  });
}
