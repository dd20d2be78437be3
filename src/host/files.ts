/**
 * Files in and out: scenario files, share links and timeline exports, with errors in plain words.
 * The schemas that check what comes in (and zod with them) load when something comes in: the
 * first screen does not wait for them.
 */
import { correlate } from "../timeline/correlate";
import { toTimelineFile } from "../timeline/timeline-file";
import { fromScenarioFile, SCENARIO_FORMAT, toScenarioFile } from "../scenario/scenario-file";
import { holdsScenario, scenarioFromHash, scenarioToHash } from "../scenario/share-link";
import type { Scenario } from "../scenario/types";
import type { PlaygroundStore } from "../store";
import type { WindowInfo } from "../store/types";
import type { Host } from "./index";

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Query parameters that make a page an embed (docs/embed.md), or open it in safe mode: a shared
 * link opens the full playground, running.
 */
const EMBED_PARAMS = ["embed", "scenario", "hide", "readonly", "run", "safe"];

/** A link to the full playground that opens `scenario` (docs/share-url.md), from an embed too. */
export function playgroundLink(scenario: Scenario, from: string): string {
  const url = new URL(from);
  for (const p of EMBED_PARAMS) url.searchParams.delete(p);
  // The fragment names the scenario; whatever fragment the embed had is not kept.
  url.hash = scenarioToHash(scenario);
  return url.href;
}

export interface Files {
  saveScenarioFile: () => void;
  exportTimeline: () => void;
  /** Opens a scenario file or a timeline export, whichever the file is. */
  openFile: (file: File) => Promise<void>;
  /** The current scenario as a link that opens it (docs/share-url.md). */
  shareLink: () => string;
  /** Opens a scenario carried in the page's fragment (docs/share-url.md). */
  openScenarioFromLocation: () => Promise<void>;
  /** Takes the link out of the address bar once its scenario is part of the person's work; returns what stops that. */
  forgetKeptLink: () => () => void;
}

/** What to say when the code that checks a file or link could not be fetched (the network, or a newer deploy). */
const notLoaded = (what: string, e: unknown) =>
  `${what} could not be opened: the page could not load the code that checks it (${e instanceof Error ? e.message : String(e)}). Nothing was changed; reload the page to try again.`;

/** One playground's file actions, on its store and host; `win`: the page whose address a link is read from. */
export function createFiles({ store, host, win, sites }: { store: PlaygroundStore; host: Host; win: Window; sites: readonly string[] }): Files {
  function saveScenarioFile(): void {
    const { scenario } = store.getState();
    download(`${scenario.id}.scenario.json`, `${JSON.stringify(toScenarioFile(scenario), null, 2)}\n`);
  }

  function exportTimeline(): void {
    // The file holds what the windows reported, not only what the timeline has drawn so far.
    host.catchUp();
    const s = store.getState();
    const windowOrigins = Object.fromEntries(Object.entries(s.windows).map(([name, w]) => [name, w.origin]));
    const entries = correlate({ sends: s.sends, receipts: s.receipts, documents: s.documents, portEvents: s.portEvents });
    const file = toTimelineFile(
      { scenario: s.scenario, runStart: s.runStart, windowOrigins, documents: s.documents, sends: s.sends, receipts: s.receipts, consoleLines: s.consoleLines, portEvents: s.portEvents, entries },
      new Date(),
    );
    download(`${s.scenario.id}.timeline.json`, `${JSON.stringify(file, null, 2)}\n`);
  }

  /**
   * Opens a scenario and runs it with fresh windows. The app runs a scenario whose id changed; one with
   * the open scenario's id (its own saved file, a link to it, or the scenario of a timeline being
   * shown) is run here, once the app has started running (before that, its first run does it).
   */
  function openAndRun(scenario: Scenario, fromLink = false): Scenario {
    const before = store.getState();
    const started = before.runId !== "" || before.viewing !== null;
    const opened = before.openScenario(scenario, { imported: true, fromLink });
    if (started && before.scenario.id === opened.id) host.run();
    return opened;
  }

  /** Said when an opened scenario's id was taken, so that it opened as a copy. */
  const asCopy = (asked: Scenario, opened: Scenario) =>
    asked.id === opened.id ? "" : ` as a copy ("${opened.id}"), beside your own "${asked.id}", which is unchanged`;

  /** Opens a scenario file or a timeline export, whichever the file is. */
  async function openFile(file: File): Promise<void> {
    const state = store.getState();
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      state.setNotice({ kind: "error", text: `Could not read ${file.name}: ${(e as Error).message}` });
      return;
    }
    const isTimeline = /"format"\s*:\s*"postmessage-playground\/timeline"/.test(text.slice(0, 4096));
    let checks: [typeof import("../timeline/export-format"), typeof import("../scenario/schema")];
    try {
      checks = await Promise.all([import("../timeline/export-format"), import("../scenario/schema")]);
    } catch (e) {
      store.getState().setNotice({ kind: "error", text: notLoaded(file.name, e) });
      return;
    }
    const [{ parseTimelineFile }, { parseScenario }] = checks;
    if (isTimeline) {
      const parsed = parseTimelineFile(text);
      if (!parsed.ok) {
        state.setNotice({ kind: "error", text: `${file.name} is not a timeline this playground can open: ${parsed.error}. Nothing was changed.` });
        return;
      }
      const t = parsed.value;
      const windows: Record<string, WindowInfo> = Object.fromEntries(
        Object.entries(t.windowOrigins).map(([name, origin]): [string, WindowInfo] => [name, { status: "closed", origin }]),
      );
      state.openScenario(fromScenarioFile(t.scenario), { imported: true });
      // Nothing live may write into the exported timeline being shown.
      host.stop();
      store.getState().showExported({
        fileName: file.name,
        exportedAt: t.exportedAt,
        runStart: t.runStart,
        windows,
        documents: t.documents,
        sends: t.sends,
        receipts: t.receipts,
        consoleLines: t.console,
        portEvents: t.portEvents,
      });
      // The toolbar says that an exported timeline is shown for as long as it is (state `viewing`).
      state.setNotice(null);
      return;
    }
    const parsed = parseScenario(text, sites);
    if (!parsed.ok) {
      const hint = text.includes(SCENARIO_FORMAT) ? "" : ` (a scenario file has "format": "${SCENARIO_FORMAT}")`;
      state.setNotice({ kind: "error", text: `${file.name} is not a scenario this playground can open${hint}: ${parsed.error}. Nothing was changed.` });
      return;
    }
    const asked = fromScenarioFile(parsed.value);
    const opened = openAndRun(asked);
    state.setNotice({ kind: "info", text: `Opened ${parsed.value.title} from ${file.name}${asCopy(asked, opened)}.` });
  }

  /** The current scenario as a link that opens it (docs/share-url.md). */
  function shareLink(): string {
    return playgroundLink(store.getState().scenario, win.location.href);
  }

  const withoutFragment = () => win.history.replaceState(win.history.state, "", win.location.pathname + win.location.search);

  /**
   * Opens a scenario carried in the page's fragment. Nothing of the person's saved work changes
   * until they edit it or keep it (`unsavedLink`); the link stays in the address bar until then, so
   * a reload opens it again. A broken link leaves everything as it was.
   */
  async function openScenarioFromLocation(): Promise<void> {
    let result: Awaited<ReturnType<typeof scenarioFromHash>>;
    try {
      result = await scenarioFromHash(win.location.hash, sites);
    } catch (e) {
      store.getState().setNotice({ kind: "error", text: notLoaded("The link's scenario", e) });
      return;
    }
    if (result === null) return;
    const state = store.getState();
    if (!result.ok) {
      withoutFragment();
      state.setNotice({ kind: "error", text: `The link's scenario could not be opened: ${result.error}. Your saved work is unchanged.` });
      return;
    }
    // The toolbar says where it came from for as long as it is not saved (`unsavedLink`).
    openAndRun(fromScenarioFile(result.value), true);
    state.setNotice(null);
  }

  /** Once the linked scenario is part of the person's work, the link has done its job. Returns what stops watching. */
  function forgetKeptLink(): () => void {
    return store.subscribe((s, prev) => {
      if (prev.unsavedLink !== null && s.unsavedLink === null && holdsScenario(win.location.hash)) withoutFragment();
    });
  }

  return { saveScenarioFile, exportTimeline, openFile, shareLink, openScenarioFromLocation, forgetKeptLink };
}
