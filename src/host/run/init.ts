/**
 * What a window's document is given to run: its script (every `x.postMessage(…)` routed through
 * the runtime, every loop given a time budget), its markup, the frames made for it, and what the
 * `playground` global names. The one place that builds inits. Pure, so a run can write the first
 * documents' inits into their URLs (sandboxes/first-document.ts) before any window exists, and
 * give later documents theirs over the channel (channel/accept.ts), from the same function.
 */
import { encodeInit, urlWithInit } from "../../../sandboxes/first-document";
import type { InitMessage, NestedFrameInit } from "../../../sandboxes/protocol";
import type { ScriptPreparer } from "../../run/built-scripts";
import { frameSandbox } from "../../scenario/sandbox-flags";
import { framesMadeFor, guardsLoops, loopGuardMsOf, type Scenario, type ScenarioWindow } from "../../scenario/types";
import type { Session, WrittenInit } from "../session";

/** What every init of a run is made from. */
export interface RunTables {
  scenario: Scenario;
  runId: string;
  /** When the run began, on the shared clock. */
  runStart: number;
  origins: Record<string, string>;
  urls: Record<string, string>;
  /** The configured sandbox sites (site name -> origin). */
  sites: Record<string, string>;
  paused: boolean;
  /** Scripts that open a popup wait for a click in their window (the browser's popup rule). */
  clickToOpen: boolean;
  /** How the windows' scripts are prepared and checked (run/scripts.ts; run/built-scripts.ts for an early run). */
  scripts: ScriptPreparer;
}

/** The tables of a run under way, with the store's run start and pause as they are now. */
export const runTables = (s: Session, sites: Record<string, string>, now: { runStart: number; paused: boolean }, scripts: ScriptPreparer): RunTables => ({
  scenario: s.scenario,
  runId: s.runId,
  runStart: now.runStart,
  origins: s.origins,
  urls: s.urls,
  sites,
  paused: now.paused,
  clickToOpen: s.clickToOpen,
  scripts,
});

/**
 * Each init's payload, written once: a run needs it for the URL and again for the text the hello
 * must quote, and for the format's largest script it is a quarter of a megabyte. An init is not
 * changed once initFor has returned it.
 */
const written = new WeakMap<InitMessage, string>();
function payloadOf(init: InitMessage): string {
  let text = written.get(init);
  if (text === undefined) {
    text = encodeInit(init);
    written.set(init, text);
  }
  return text;
}

const opensAnyPopup = (scenario: Scenario, name: string) => scenario.windows.some((w) => w.kind === "popup" && w.opener === name);

/** Whether a document of `name` waits for a click before its script runs (its script opens a popup). */
export const waitsForClick = (run: Pick<RunTables, "scenario" | "clickToOpen">, name: string, documentNumber: number): boolean =>
  // A later document of the window (it navigated or reloaded) runs at once: the click was given.
  run.clickToOpen && documentNumber === 1 && opensAnyPopup(run.scenario, name);

/** The windows whose first document `name`'s script makes: its popups, and the frames it makes itself. */
export const madeByScriptOf = (scenario: Scenario, name: string): ScenarioWindow[] =>
  scenario.windows.filter((w) => (w.kind === "popup" && w.opener === name) || (w.kind === "iframe" && w.parent === name && w.createdByScript === true));

/** The child's first-document init, when the URL that carries it is not too long. */
function fittingInit(run: RunTables, child: ScenarioWindow): InitMessage | undefined {
  const url = run.urls[child.name];
  if (url === undefined) return undefined;
  const init = initFor(run, child, 1, child.origin);
  return urlWithInit(url, payloadOf(init)) === null ? undefined : init;
}

/**
 * The init of one document of `spec`, served from `site`. A first document's frames carry their
 * own first documents' inits, so that each URL the runtime writes for them holds one too; a later
 * document makes new frames whose number the host alone knows, so theirs come over the channel.
 */
export function initFor(run: RunTables, spec: ScenarioWindow, documentNumber: number, site: string): InitMessage {
  const loopGuardMs = loopGuardMsOf(run.scenario);
  const unparsed = run.scripts.syntaxProblem(spec.name, spec.script);
  const { code, sites, written } = run.scripts.prepared(spec.script, guardsLoops(run.scenario));
  const frames = framesMadeFor(run.scenario, spec.name).map((child): NestedFrameInit => {
    const frame: NestedFrameInit = { name: child.name, url: run.urls[child.name] ?? "about:blank", origin: run.origins[child.name] ?? "", sandbox: frameSandbox(child) };
    const init = documentNumber === 1 ? fittingInit(run, child) : undefined;
    if (init) frame.init = init;
    return frame;
  });
  const init: InitMessage = {
    type: "init",
    run: run.runId,
    window: spec.name,
    script: code,
    sendSites: sites,
    loopGuardMs,
    html: spec.html ?? "",
    runStart: run.runStart,
    origins: run.origins,
    urls: run.urls,
    sites: run.sites,
    site,
    paused: run.paused,
    documentNumber,
    frames,
  };
  if (written.length > 0) init.written = written;
  if (waitsForClick(run, spec.name, documentNumber)) init.waitForClick = true;
  if (unparsed) init.syntaxError = { line: unparsed.line, column: unparsed.column, message: unparsed.message };
  if (documentNumber === 1) {
    // As own data properties whatever the name ("__proto__" too).
    const opens = madeByScriptOf(run.scenario, spec.name).flatMap((child) => {
      const childInit = fittingInit(run, child);
      return childInit ? [[child.name, childInit] as const] : [];
    });
    if (opens.length > 0) init.opens = Object.fromEntries(opens);
  }
  return init;
}

/**
 * The first documents of the frames of the page, whose URLs the playground writes: each URL with
 * its init, by window name. A window whose URL would be too long is absent (its init comes over
 * the channel once it says hello), as is every window a script opens or makes itself.
 */
export function pageFrameUrls(run: RunTables): Map<string, { url: string; init: InitMessage }> {
  const found = new Map<string, { url: string; init: InitMessage }>();
  for (const spec of framesMadeFor(run.scenario, undefined)) {
    const base = run.urls[spec.name];
    if (base === undefined) continue;
    const init = initFor(run, spec, 1, spec.origin);
    const url = urlWithInit(base, payloadOf(init));
    if (url !== null) found.set(spec.name, { url, init });
  }
  return found;
}

/**
 * The payloads the documents an init starts will quote in their hellos, by window name: its own
 * (when it is written into a URL) and those of the windows it makes or opens, and theirs.
 */
export function payloadsOf(init: InitMessage, own: boolean, into: Map<string, WrittenInit> = new Map()): Map<string, WrittenInit> {
  if (own) into.set(init.window, { text: payloadOf(init), paused: init.paused });
  for (const frame of init.frames) if (frame.init) payloadsOf(frame.init, true, into);
  for (const child of Object.values(init.opens ?? {})) payloadsOf(child, true, into);
  return into;
}
