/**
 * A smoke of the playground's UI in Firefox ESR and WebKitGTK: what a person does first. The
 * default scenario runs; with a stock browser's popup blocker, the popup waits for one click in
 * the window that opens it; a MessageChannel scenario from the library; a share link opens the
 * scenario it holds in a new window; the inspector names the engine where engines differ. Timelines are matched with each scenario's promised rows
 * (exactly, one to one), and the window messages with what the plain page observes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import LZString from "lz-string";
import { engineDifference } from "../../src/engines/differences";
import { ENGINE_NAMES, ENGINES } from "../../src/engines/engine";
import type { BuiltinScenario } from "../../src/scenario/builtin-files";
import { toScenarioFile, type Expected } from "../../src/scenario/schema";
import { expectedFor } from "../../src/engines/expected";
import { DEFAULT_SCENARIO } from "../builtins";
import { dispatchedRows, fillConsole, pick, plainConsole, plainMatcher, readShownRows, unmatched, type PlainLine } from "../match-core";
import type { Driver } from "./drivers";
import { BASE, expect, test } from "./fixtures";
import { builtin, expectPromised, fill, readShownScenario } from "./promised";
import { settle } from "./settle";

const PICKER = ".scenario-picker select";
const ALICE_FRAME = 'iframe[data-window="alice"]';

const shown = (d: Driver) => d.run(readShownScenario);
const notices = (d: Driver) => d.run(() => Array.from(document.querySelectorAll(".toolbar [role=status]")).map((n) => n.textContent ?? ""));

/** The same scripts on the plain page, without the runtime: the same window messages and console. */
async function expectPlain(d: Driver, scenario: BuiltinScenario): Promise<void> {
  const want = expectedFor(scenario.expected, d.engine);
  const windows = Object.keys(want.console);
  const link = LZString.compressToEncodedURIComponent(JSON.stringify(toScenarioFile(scenario)));
  // A new window: the playground's popups would otherwise still hold their names ("bob").
  await d.fresh();
  await d.goto(`${BASE}/sandboxes/plain.html?relay#scenario=${link}`);
  await settle(async () => {
    const lines: PlainLine[] = await d.run(() => (window as unknown as { pgPlainLines?: PlainLine[] }).pgPlainLines ?? []);
    const { missing, extra } = unmatched(dispatchedRows(want.messages), lines.filter((l) => l.t === "receipt"), plainMatcher(fill));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(pick(plainConsole(lines), windows)).toEqual(fillConsole(want.console, fill));
  });
}

test("the default scenario runs on load: its popup opens and the timeline shows what the plain page sees", async ({ driver }) => {
  await driver.goto(`${BASE}/`);
  await expect.poll(() => shown(driver)).toEqual({ id: DEFAULT_SCENARIO.id, summary: DEFAULT_SCENARIO.summary });
  await expectPromised(driver, builtin(DEFAULT_SCENARIO.id));
  const states = (await driver.run(readShownRows)).map((r) => r.state).sort();
  expect(states).toEqual(["blocked", "delivered", "delivered", "delivered"]);
  expect(await driver.windowCount()).toBe(2);
  await expectPlain(driver, builtin(DEFAULT_SCENARIO.id));
});

test("with the popup blocker on, the popup waits for a click in alice's frame, and one click tells the story", async ({ engine }) => {
  const driver = await engine.open({ popupBlocker: true });
  try {
    await driver.goto(`${BASE}/`);
    await expect.poll(() => notices(driver)).toEqual([expect.stringContaining("Your browser blocked the popup alice opens (bob)")]);
    await expect.poll(() => driver.runInFrame(ALICE_FRAME, () => document.querySelector("button")?.textContent)).toBe("▶ Run alice.js");
    expect(await driver.run(readShownRows)).toEqual([]);
    expect(await driver.windowCount()).toBe(1);

    await driver.clickInFrame(ALICE_FRAME, "button");
    await expect.poll(() => driver.windowCount()).toBe(2);
    await expectPromised(driver, builtin(DEFAULT_SCENARIO.id));
    expect(await notices(driver)).toEqual([]);
  } finally {
    await driver.close();
  }
});

test("a MessageChannel scenario picked from the library shows its port messages", async ({ driver }) => {
  const channel = builtin("message-channel-ports");
  await driver.goto(`${BASE}/`);
  await expect.poll(() => shown(driver)).toEqual({ id: DEFAULT_SCENARIO.id, summary: DEFAULT_SCENARIO.summary });
  await driver.select(PICKER, channel.id);
  await expect.poll(() => shown(driver)).toEqual({ id: channel.id, summary: channel.summary });
  await expectPromised(driver, channel);
  const ports = (await driver.run(readShownRows)).filter((r) => r.port);
  expect(ports.length).toBe(channel.expected.messages.filter((m) => m.port).length);
  expect(ports.length).toBeGreaterThan(0);
  await expectPlain(driver, channel);
});

test("a share link opens its scenario, as shared, in a new window", async ({ driver }) => {
  const reply = builtin("reply-with-event-source");
  await driver.goto(`${BASE}/`);
  await expect.poll(() => shown(driver)).toEqual({ id: DEFAULT_SCENARIO.id, summary: DEFAULT_SCENARIO.summary });
  await driver.select(PICKER, reply.id);
  await expect.poll(() => shown(driver)).toEqual({ id: reply.id, summary: reply.summary });
  await driver.click('button[aria-controls="share-panel"]');
  const link = await driver.run(() => document.querySelector<HTMLInputElement>("#share-link-field")?.value ?? "");
  expect(link.startsWith(`${BASE}/#scenario=`)).toBe(true);
  const file = JSON.parse(LZString.decompressFromEncodedURIComponent(link.slice(link.indexOf("=") + 1))) as { id: string; windows: unknown[] };
  expect(file.windows).toEqual(toScenarioFile(reply).windows);

  await driver.fresh();
  await driver.goto(link);
  await expect.poll(() => driver.run(() => document.querySelector(".scenario-summary")?.textContent ?? "")).toBe(reply.summary);
  await expectPromised(driver, reply);
});

test("the inspector says where the engines differ, naming the engine that ran the timeline", async ({ driver }) => {
  const file = readFileSync(join(import.meta.dirname, "..", "..", "conformance", "33-target-origin-parsing.scenario.json"), "utf8");
  const rows = expectedFor((JSON.parse(file) as { expected: Expected }).expected, driver.engine).messages.length;
  await driver.goto(`${BASE}/#scenario=${LZString.compressToEncodedURIComponent(file)}`);
  await expect.poll(async () => (await driver.run(readShownRows)).length).toBe(rows);
  const index = await driver.run(() =>
    Array.from(document.querySelectorAll("table.timeline tbody > *")).findIndex((tr) => tr.querySelector<HTMLElement>('td[data-col="data"]')?.innerText.startsWith('"to about:blank"')),
  );
  expect(index).toBeGreaterThanOrEqual(0);
  await driver.click(`table.timeline tbody > :nth-child(${index + 1}) td[data-col="data"]`);
  const opaque = engineDifference("opaque-target-origin");
  await expect.poll(() => driver.run(() => document.querySelector(".inspector .engine-note")?.textContent ?? "")).toContain(`This timeline ran in ${ENGINE_NAMES[driver.engine]}.`);
  const note = await driver.run(() => document.querySelector(".inspector .engine-note")?.textContent ?? "");
  for (const engine of ENGINES) expect(note).toContain(`${ENGINE_NAMES[engine]} ${opaque.outcome[engine]}.`);
});
