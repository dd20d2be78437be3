/**
 * Reading the timeline and console as a person sees them, and matching them against a
 * scenario's `expected` block (docs/scenario-format.md). Shared by the conformance suite and the
 * scenario library's tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import type { Expected, ExpectedRow } from "../src/scenario/schema";
import { origin } from "./helpers";

export const SITES = Object.keys((JSON.parse(readFileSync(join(import.meta.dirname, "..", "playground.config.json"), "utf8")) as { sandboxes: object }).sandboxes);
const HOST_LABEL = "playground page";

/** `{alice}` -> the origin of site alice on this test server. */
export const fill = (text: string): string => text.replace(/\{([a-z][a-z0-9-]*)\}/g, (m, site: string) => (SITES.includes(site) ? origin(site) : m));

export interface ShownRow {
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

export async function shownRows(page: Page): Promise<ShownRow[]> {
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

export const windowLabel = (name: string) => (name === "(playground)" ? HOST_LABEL : name);

export function rowMatches(e: ExpectedRow, a: ShownRow): boolean {
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
export function unmatched<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean): { missing: E[]; extra: A[] } {
  const left = [...actual];
  const missing: E[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => matches(e, a));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, extra: left };
}

export async function consoleByWindow(page: Page): Promise<Record<string, string[]>> {
  const lines = await page.locator("ol.console li").evaluateAll((lis) =>
    lis.map((li) => ({ window: li.getAttribute("data-window") ?? "", text: li.querySelector(".text")?.textContent ?? "" })),
  );
  const out: Record<string, string[]> = {};
  for (const l of lines) (out[l.window] ??= []).push(l.text);
  return out;
}

export function expectedConsole(expected: Expected): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [w, lines] of Object.entries(expected.console ?? {})) out[w] = lines.map(fill);
  return out;
}

export function pick(all: Record<string, string[]>, windows: string[]): Record<string, string[]> {
  return Object.fromEntries(windows.map((w) => [w, all[w] ?? []]));
}

/** Polls until `check` passes, then once more a little later: a late extra event must fail too. */
export async function settle(check: () => Promise<void> | void): Promise<void> {
  await expect(check).toPass({ timeout: 15_000, intervals: [100, 250, 500] });
  await new Promise((r) => setTimeout(r, 700));
  await check();
}

