/**
 * Where the engines disagree about postMessage, as measured with this project's conformance files
 * (each row names the file that shows it; the file's `expected` carries every engine's outcome and
 * passes in all three). docs/engines.md is this table in prose; tests/engines.test.ts keeps the
 * two the same. The inspector shows a row's entry beside a message it applies to. Pure data.
 */
import type { Engine } from "./engine";

export const DIFFERENCE_IDS = [
  "navigation-race",
  "initial-hand-over",
  "clone-before-target-origin",
  "closed-after-send",
  "opaque-target-origin",
  "unparsable-target-origin",
  "blob-target-origin",
  "detached-message",
  "wasm-module-elsewhere",
  "replaced-by-about-blank",
  "source-of-removed-sender",
] as const;
export type DifferenceId = (typeof DIFFERENCE_IDS)[number];

export interface EngineDifference {
  id: DifferenceId;
  /** What the script does. */
  when: string;
  /** What each engine did, measured. */
  outcome: Record<Engine, string>;
  /** What the HTML standard says. */
  standard: string;
  /** The conformance file that shows it in every engine. */
  conformance: string;
}

export const ENGINE_DIFFERENCES: readonly EngineDifference[] = [
  {
    id: "navigation-race",
    when: "A frame navigates to another origin between a send and its dispatch, while the sender is still busy.",
    outcome: {
      chromium: 'sends the message only when the sender\'s task ends, to the document the frame holds then: an exact targetOrigin is blocked, and a "*" message leaks to the new document',
      firefox: "delivers both messages to the old document, which still runs",
      webkit: "delivers both messages to the old document, which still runs",
    },
    standard: "the message is queued for the document the target held at send time",
    conformance: "20-navigation-race.scenario.json",
  },
  {
    id: "initial-hand-over",
    when: "A message is sent to a frame that still holds its initial about:blank, and the frame's page arrives before the message is dispatched.",
    outcome: {
      chromium: "dispatches it to the about:blank, which the page then replaces: the page never gets it",
      firefox: "hands it to the page that replaced the about:blank, whose listeners get it (a race: only when the page arrived first)",
      webkit: "dispatches it to the about:blank, which the page then replaces: the page never gets it",
    },
    standard: "the message is queued for the document the target held at send time: the about:blank",
    conformance: "27-send-before-frame-loaded.scenario.json",
  },
  {
    id: "clone-before-target-origin",
    when: "A message that cannot be cloned is sent with a targetOrigin that is not valid.",
    outcome: { chromium: "throws DataCloneError", firefox: "throws SyntaxError", webkit: "throws SyntaxError" },
    standard: "targetOrigin is checked first: SyntaxError",
    conformance: "08-data-clone-error.scenario.json",
  },
  {
    id: "closed-after-send",
    when: "A message is posted to a popup, and the popup is closed in the same task.",
    outcome: { chromium: "delivers it", firefox: "drops it with the closing window", webkit: "delivers it" },
    standard: "close() only starts closing the window; the queued message may still run",
    conformance: "22-closed-popup.scenario.json",
  },
  {
    id: "opaque-target-origin",
    when: 'targetOrigin is a URL without an origin of its own ("about:blank", "data:,x").',
    outcome: { chromium: "throws SyntaxError", firefox: "throws nothing, and the message matches no window", webkit: "throws SyntaxError" },
    standard: "the URL parses, so no SyntaxError; its origin is opaque and matches no window",
    conformance: "33-target-origin-parsing.scenario.json",
  },
  {
    id: "unparsable-target-origin",
    when: 'targetOrigin is a URL whose host URL parsing refuses ("http://foo bar").',
    outcome: { chromium: "throws nothing, and the message matches no window", firefox: "throws SyntaxError", webkit: "throws SyntaxError" },
    standard: "it is not a URL: SyntaxError",
    conformance: "33-target-origin-parsing.scenario.json",
  },
  {
    id: "blob-target-origin",
    when: "targetOrigin is a blob: URL made by the target's origin.",
    outcome: {
      chromium: "matches the blob: URL's inner origin: the message is delivered",
      firefox: "throws nothing, and the message matches no window",
      webkit: "matches the blob: URL's inner origin: the message is delivered",
    },
    standard: "a blob: URL's origin is the origin of the document that made it (its inner URL's): the message is delivered",
    conformance: "34-blob-target-origin.scenario.json",
  },
  {
    id: "detached-message",
    when: "The message is an ArrayBuffer that was transferred before (detached).",
    outcome: { chromium: "throws DataCloneError", firefox: "throws DataCloneError", webkit: "throws TypeError" },
    standard: "a detached ArrayBuffer cannot be serialized: DataCloneError",
    conformance: "09-transfer-errors.scenario.json",
  },
  {
    id: "wasm-module-elsewhere",
    when: "A WebAssembly.Module is sent to a window of another site.",
    outcome: {
      chromium: "fires messageerror in the target",
      firefox: "fires messageerror in the target",
      webkit: "delivers it as a normal message, with the module",
    },
    standard: "a module can be deserialized only in its own agent cluster: messageerror",
    conformance: "16-messageerror.scenario.json",
  },
  {
    id: "replaced-by-about-blank",
    when: "A frame replaces its own page with about:blank (location.href = \"about:blank\"), and its parent then reads it or posts to it.",
    outcome: {
      chromium: "the about:blank has the origin of the frame's page that navigated it: the parent cannot read it, and a message for that origin goes to it",
      firefox: "the about:blank has the origin of the frame's page that navigated it: the parent cannot read it, and a message for that origin goes to it",
      webkit: "the about:blank has the parent's origin: the parent can read it, and a message for the frame's old origin is blocked",
    },
    standard: "a new about:blank document takes the origin of the document that started the navigation: the frame's page",
    conformance: "36-page-replaced-unwatched.scenario.json",
  },
  {
    id: "source-of-removed-sender",
    when: "A frame posts a message and is removed before the message is dispatched.",
    outcome: {
      chromium: "event.source is the removed frame's WindowProxy, which reads closed",
      firefox: "event.source is null",
      webkit: "event.source is null",
    },
    standard: "event.source is the sender's WindowProxy, taken when the message was posted",
    conformance: "38-frame-removed-as-it-starts.scenario.json",
  },
];

export function engineDifference(id: DifferenceId): EngineDifference {
  const found = ENGINE_DIFFERENCES.find((d) => d.id === id);
  if (!found) throw new Error(`no engine difference ${id}`);
  return found;
}

/** The table of docs/engines.md, in Markdown: one row per difference. */
export function differencesTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const head = "| Case | Chromium | Firefox | WebKit (Safari) | The standard | Shown by |\n| --- | --- | --- | --- | --- | --- |";
  const rows = ENGINE_DIFFERENCES.map(
    (d) =>
      `| ${cell(d.when)} | ${cell(d.outcome.chromium)} | ${cell(d.outcome.firefox)} | ${cell(d.outcome.webkit)} | ${cell(d.standard)} | [\`${d.conformance}\`](../conformance/${d.conformance}) |`,
  );
  return [head, ...rows].join("\n");
}
