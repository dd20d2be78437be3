/**
 * The pure half of matching a timeline against a scenario's `expected` block
 * (docs/scenario-format.md), shared by the Chromium suite (e2e/match.ts, Playwright) and the
 * Firefox and WebKit runner (e2e/engines/, puppeteer-core and WebDriver). Nothing here knows a
 * browser driver: the two DOM readers run inside the page, and everything else is plain data.
 */
import type { ResolvedRow } from "../src/engines/expected";

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

/** One line the plain page (sandboxes/plain/index.ts) reports: a message event or a console line. */
export interface PlainLine {
  t: "receipt" | "console";
  window: string;
  type?: string;
  origin?: string;
  data?: string;
  level?: string;
  text?: string;
}

/**
 * Runs in the playground page: the timeline table as a person reads it. Self-contained (no
 * closure), since drivers send its source text to the page.
 */
export function readShownRows(): ShownRow[] {
  return Array.from(document.querySelectorAll("table.timeline tbody tr")).map((tr) => {
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
      navigated: tr.querySelector(".badge-navigated, .badge-chromium") !== null,
    };
  });
}

/** Runs in the playground page: the console panel's lines, window by window. */
export function readConsole(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const li of Array.from(document.querySelectorAll("ol.console li"))) {
    (out[li.getAttribute("data-window") ?? ""] ??= []).push(li.querySelector(".text")?.textContent ?? "");
  }
  return out;
}

const HOST_LABEL = "playground page";
export const windowLabel = (name: string) => (name === "(playground)" ? HOST_LABEL : name);

/** `{alice}` -> the origin of site alice, for the sites configured. */
export function placeholders(sites: readonly string[], origin: (site: string) => string): (text: string) => string {
  return (text) => text.replace(/\{([a-z][a-z0-9-]*)\}/g, (m, site: string) => (sites.includes(site) ? origin(site) : m));
}

export function rowMatcher(fill: (text: string) => string): (e: ResolvedRow, a: ShownRow) => boolean {
  return (e, a) => {
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
  };
}

/** Window messages the browser dispatched: what the plain page can observe of the expected rows. */
export const dispatchedRows = (rows: readonly ResolvedRow[]) => rows.filter((m) => !m.port && (m.state === "delivered" || m.state === "messageerror"));

/** An expected dispatched row against a message event the plain page saw (data is null for messageerror). */
export function plainMatcher(fill: (text: string) => string): (e: ResolvedRow, a: PlainLine) => boolean {
  return (e, a) =>
    a.t === "receipt" &&
    e.to === a.window &&
    a.type === (e.state === "messageerror" ? "messageerror" : "message") &&
    (e.origin === undefined || fill(e.origin) === a.origin) &&
    (e.data === undefined || e.state === "messageerror" || fill(e.data) === a.data);
}

/** The plain page's console lines, window by window. */
export function plainConsole(lines: readonly PlainLine[]): Record<string, string[]> {
  const printed: Record<string, string[]> = {};
  for (const l of lines) if (l.t === "console") (printed[l.window] ??= []).push(l.text ?? "");
  return printed;
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

export function fillConsole(lines: Record<string, string[]>, fill: (text: string) => string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(lines).map(([w, l]) => [w, l.map(fill)]));
}

export function pick(all: Record<string, string[]>, windows: string[]): Record<string, string[]> {
  return Object.fromEntries(windows.map((w) => [w, all[w] ?? []]));
}
