/**
 * Runs: the only place a run starts. A run gets a fresh id and fresh windows (their frames come
 * with the next render, from the store's `urls`); a run of scripts the build did not prepare
 * first waits for the parser (run/parser.ts); a rerun first waits for the last run's windows
 * that are still starting, then retires its popups (retire.ts). Ending a run tells its windows,
 * closes its popups and forgets its reports.
 */
import { documentId, type HostToRuntime } from "../../../sandboxes/protocol";
import { own } from "../../own";
import { loadParser, PARSER_LOAD_FAILED, scriptsReady } from "../../run/parser";
import { SCRIPTS } from "../../run/scripts";
import type { Scenario } from "../../scenario/types";
import type { DocumentSpan } from "../../timeline/records";
import type { Notice, WindowInfo } from "../../store/types";
import { HOST } from "../../timeline/records";
import type { Ingest } from "../ingest";
import type { HostContext, LiveWindow, Session, WrittenInit } from "../session";
import { originLabel, scenarioAddresses } from "./addresses";
import { watchRun } from "./heartbeat";
import { pageFrameUrls, payloadsOf, type RunTables } from "./init";
import { adoptEarlyRun, endEarlyRun, isSameRun } from "./early";
import { afterWindowsStarted, closePopups, endRun, evictPopup, retirePopups, stillStarting } from "./retire";

const hasPopups = (scenario: Scenario) => scenario.windows.some((w) => w.kind === "popup");

export interface Runner {
  /** Starts a fresh run of the open scenario, after the last run's popups retired. */
  run: () => void;
  /** Runs the open scenario if opening it should (see shouldRunOnOpen) and it is not running yet. */
  runOnOpen: () => void;
  /** Whether opening a scenario runs it: not while an exported timeline is shown, nor in an embed that runs on click. */
  shouldRunOnOpen: () => boolean;
  /** Ends the live run (closes its popups, ignores its reports), e.g. before showing an export. */
  stop: () => void;
  /** The page is going away: the run's popups close with it. */
  leave: () => void;
  /** Stops one window of the run (one that stopped answering). */
  stopWindow: (name: string) => void;
  /** Posts to a window's runtime; with `doc`, only if that document is still the window's. */
  post: (window: string, message: HostToRuntime, doc?: string) => boolean;
  session: () => Session | null;
  /** The browser blocked a scenario popup that no click led to. */
  popupBlocked: (s: Session, opener: string, popup: string) => void;
  /** A window waiting for a click got one. */
  clicked: (window: string) => void;
}

export function createRunner(ctx: Omit<HostContext, "session">, ingest: () => Ingest, onWindowMessage: (event: MessageEvent) => void = () => {}): Runner {
  let session: Session | null = null;
  let runCounter = 0;
  /** A rerun waiting for the parser or the last run's popups: more reruns meanwhile are this one. */
  let retiring = false;
  /** Counts the runs ended by `stop`: a run that waited for the parser meanwhile does not start. */
  let stops = 0;
  /**
   * The browser blocked a scenario's popup because no click led to it, as stock browsers do (the
   * popup blocker): from then on, the windows that open popups wait for a click in their own frame.
   */
  let popupsNeedClick = false;
  /** The toolbar's word about the click, taken down once a window got its click. */
  let clickNotice: Notice | null = null;
  /** The toolbar's word about a parser that did not load, taken down by the next run that starts. */
  let parserNotice: Notice | null = null;
  const { clock } = ctx;

  const end = (s: Session, retired: readonly LiveWindow[] = []) => {
    endRun(clock, s, retired);
    ingest().discard();
  };

  const startRun = (retired: readonly LiveWindow[]) => {
    const lastScenario = session?.scenario.id;
    if (session) end(session, retired);
    const store = ctx.store.getState();
    const scenario = store.scenario;
    // The word about the click names this scenario's opener and popup: another scenario takes it
    // down (its openers, if any, show their own ▶ and why).
    if (clickNotice !== null && store.notice === clickNotice && scenario.id !== lastScenario) {
      store.setNotice(null);
      clickNotice = null;
    }
    if (parserNotice !== null && store.notice === parserNotice) store.setNotice(null);
    parserNotice = null;
    // A run is the person's choice or a load that found nothing wrong: safe mode is over.
    if (store.safeMode !== null) store.setSafeMode(null);
    ctx.config.onRunStart?.(scenario.title);
    const windows: Record<string, WindowInfo> = {};
    const documents: Record<string, DocumentSpan[]> = { [HOST]: [{ origin: ctx.win.location.origin, start: 0 }] };
    for (const w of scenario.windows) {
      windows[w.name] = { status: w.kind === "popup" ? "not opened" : "loading", origin: originLabel(ctx.config.origins.sandboxes, w) };
      documents[w.name] = [];
    }
    const clickToOpen = popupsNeedClick || (ctx.config.runOnClick === true && hasPopups(scenario));
    const write = (runId: string, runStart: number) => {
      const { origins, urls } = scenarioAddresses(ctx.config.origins.sandboxes, scenario, runId);
      const tables: RunTables = { scenario, runId, runStart, origins, urls, sites: ctx.config.origins.sandboxes, paused: store.paused, clickToOpen, scripts: SCRIPTS };
      // The frames of the page load with their first documents' inits in their URLs (init.ts), and
      // each hello must quote the very init written for its window (channel/hello.ts).
      const pageFrames = pageFrameUrls(tables);
      const frameUrls = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, pageFrames.get(name)?.url ?? url]));
      return { tables, pageFrames, frameUrls };
    };
    const newRunId = () => `r${++runCounter}-${crypto.randomUUID().slice(0, 8)}`;
    // A first visit's first run may have started before this code loaded (src/early-run.ts): it
    // is this run when the app writes the very same frame URLs from its run id and start.
    const early = ctx.config.takeEarlyRun?.() ?? null;
    let written = early ? write(early.runId, early.runStart) : write(newRunId(), clock.wallNow());
    let replay: MessageEvent[] = [];
    if (early && isSameRun(early, scenario.id, written.frameUrls, [...written.pageFrames.keys()])) {
      runCounter++;
      replay = adoptEarlyRun(early, ctx.frames);
    } else if (early) {
      endEarlyRun(early);
      written = write(newRunId(), clock.wallNow());
    }
    const { tables, pageFrames, frameUrls } = written;
    const { runId, origins, urls } = tables;
    const payloads = new Map<string, WrittenInit>();
    for (const { init } of pageFrames.values()) payloadsOf(init, true, payloads);
    store.startRun({ runId, runStart: tables.runStart, urls: frameUrls, windows, documents });
    const s: Session = {
      runId,
      scenario,
      origins,
      urls,
      live: new Map(),
      documentsOf: new Map(),
      impostors: new Set(),
      pastTokens: new Set(),
      started: clock.now(),
      reloaded: new Map(),
      clickToOpen,
      payloads,
      waiting: [],
      stopTimers: () => {},
    };
    s.stopTimers = watchRun({ ...ctx, session: () => session }, s);
    session = s;
    // What the early run's windows said before the app listened, in the order they said it.
    for (const event of replay) onWindowMessage(event);
  };

  const runner: Runner = {
    run() {
      if (retiring) return;
      if (!scriptsReady(ctx.store.getState().scenario)) {
        retiring = true;
        const stopsBefore = stops;
        loadParser().then(
          () => {
            retiring = false;
            if (stops === stopsBefore) runner.run();
          },
          () => {
            retiring = false;
            parserNotice = { kind: "error", text: PARSER_LOAD_FAILED };
            ctx.store.getState().setNotice(parserNotice);
          },
        );
        return;
      }
      const s = session;
      if (!s) {
        startRun([]);
        return;
      }
      retiring = true;
      const starting = () => stillStarting(s, (name) => own(ctx.store.getState().windows, name)?.status);
      afterWindowsStarted(clock, starting, () =>
        retirePopups(clock, s, (retired) => {
          retiring = false;
          if (session === s) startRun(retired);
        }),
      );
    },
    shouldRunOnOpen() {
      const { viewing, safeMode, scenario } = ctx.store.getState();
      // An embed that runs on click loads a scenario with popups at once: its openers wait for the
      // reader's click in their frames, which is then the one click that runs it.
      return !viewing && safeMode === null && (!ctx.config.runOnClick || hasPopups(scenario));
    },
    runOnOpen() {
      if (session?.scenario.id !== ctx.store.getState().scenario.id && runner.shouldRunOnOpen()) runner.run();
    },
    stop() {
      stops++;
      if (session) end(session);
      session = null;
    },
    leave() {
      if (session) closePopups(session);
    },
    stopWindow(name) {
      const s = session;
      const live = s?.live.get(name);
      if (!s || !live) return;
      s.live.delete(name);
      live.port.close();
      const store = ctx.store.getState();
      store.endDocument(name, clock.wallNow());
      store.setWindowStatus(name, "stopped");
      ctx.note(name, `You stopped ${name}. Sends to it from now on are lost; the rest of the run goes on.`);
      // A frame of the host page is removed with the next render (its status says stopped).
      if (live.spec.kind === "popup") evictPopup(clock, live.proxy);
      try {
        if (live.spec.parent !== undefined) live.proxy?.location.replace("about:blank");
      } catch {
        // Gone already, or out of reach: it is no longer part of the run either way.
      }
    },
    post(window, message, doc) {
      const live = session?.live.get(window);
      if (!live || (doc !== undefined && doc !== documentId(window, live.doc))) return false;
      live.port.postMessage(message);
      return true;
    },
    session: () => session,
    popupBlocked(s, opener, popup) {
      // The run starts again at once, with its openers waiting for a click in their frames, and
      // the toolbar says why. Once per page: later runs start that way.
      popupsNeedClick = true;
      clock.setTimeout(() => {
        if (session !== s) return;
        runner.run();
        clickNotice = {
          kind: "info",
          text: `Your browser blocked the popup ${opener} opens (${popup}): browsers open a popup only after a click in the window that opens it. Click ▶ in ${opener}'s frame to run its script with your click.`,
        };
        ctx.store.getState().setNotice(clickNotice);
      }, 0);
    },
    clicked() {
      if (clickNotice !== null && ctx.store.getState().notice === clickNotice) ctx.store.getState().setNotice(null);
    },
  };
  return runner;
}
