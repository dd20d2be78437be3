import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ErrorBoundary } from "./views/ErrorBoundary";
import { EMBED } from "./host/embed";
import { checkSafeMode, noteRunning } from "./host/safe-mode";
import { ORIGINS } from "./host/urls";
import { endEarlyRun, endLateWindows, markAppLoaded, takeEarlyRun } from "./host/run/early";
import { showLoadFailure } from "./load-failure";
import { createPlayground } from "./playground";
import { loadParser, prefetchParser, scriptsReady } from "./run/parser";
import { libraryEntry, loadLibraryBuiltins } from "./scenario/library-index";
import { loadSavedWorkChecks, STORAGE_KEY } from "./store";
import { builtinById } from "./store/scenario-slice";
import { PlaygroundProvider } from "./use-playground";
import "./styles.css";

// First: the app's code has arrived and begun, every module it imports with it (early-run.ts
// looks once the page has loaded).
markAppLoaded();

/** The playground, once made: a start that fails after that ends what it had begun. */
let started: ReturnType<typeof createPlayground> | undefined;

async function start(): Promise<void> {
  // The built page loads the early run as a script of its own, ahead of this one (vite.config.ts).
  // The dev server defines the build's constants in its client module, which must run first: there
  // the app starts it, before anything else of its own.
  if (import.meta.env.DEV) await import("./early-run");

  // A link's scripts need the parser, which loads apart (run/parser.ts): fetched at once, beside
  // what reads the link.
  if (window.location.hash !== "" || window.location.search !== "") prefetchParser();

  // An embedded playground keeps its own drafts: a tutorial must not touch the reader's work.
  const storageKey = EMBED ? `${STORAGE_KEY}:embed` : STORAGE_KEY;
  // Making the host registers its message listener now, before anything renders.
  const playground = createPlayground({
    win: window,
    storageKey,
    savedWorkChecks: await loadSavedWorkChecks(storageKey),
    config: { origins: ORIGINS, runOnClick: EMBED?.runOnClick === true, onRunStart: noteRunning, takeEarlyRun },
  });
  started = playground;
  const { store: playgroundStore, host, files } = playground;

  // A library built-in's scripts load on demand (library-index.ts): a page that opens on one (an
  // embed's, the link's or the one last open) has them before its first run and render.
  const onLibrary = (id: string | undefined) => id !== undefined && libraryEntry(id) !== undefined;
  const libraryError = (text: string) => playgroundStore.getState().setNotice({ kind: "error", text });
  if (onLibrary(EMBED?.scenario ?? undefined)) await loadLibraryBuiltins(libraryError);

  // An embed picks its built-in scenario by id; a scenario in the link wins over the saved one,
  // before the first run; so does one pasted later.
  const embedded = EMBED?.scenario ? builtinById(EMBED.scenario) : undefined;
  if (embedded) playgroundStore.getState().openScenario(embedded);
  await files.openScenarioFromLocation();
  if (onLibrary(playgroundStore.getState().scenario.id)) await loadLibraryBuiltins(libraryError);
  // Before the first run and render, as the library built-ins: a run of scripts the build did not
  // prepare waits for the parser, and its frames would miss the first render. A parser that did
  // not load is the run's to report (host/run).
  if (!scriptsReady(playgroundStore.getState().scenario)) await loadParser().catch(() => undefined);
  files.forgetKeptLink();
  window.addEventListener("hashchange", () => void files.openScenarioFromLocation());
  // Before the first render, so that it already holds the run's frames: the first message waits
  // for them to load (each on an origin, and so a process, of its own). Unless the last page of the
  // playground died running its scenario: then nothing runs until the person says so.
  const safe = checkSafeMode();
  if ("now" in safe) {
    if (safe.now) playgroundStore.getState().setSafeMode(safe.now);
    else host.runOnOpen();
  } else {
    playgroundStore.getState().setSafeMode("checking");
    void safe.later.then((reason) => {
      playgroundStore.getState().setSafeMode(reason);
      host.runOnOpen();
    });
  }

  // A first visit's early run that the first run did not take (it did not start): ended.
  const untaken = takeEarlyRun();
  if (untaken) endEarlyRun(untaken);

  // A page that broke shows nothing of its run: its windows end (they close what they opened), and
  // no early frame stays running out of sight.
  const endEverything = () => {
    host.frames.endEarly();
    host.stop();
  };

  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  createRoot(root).render(
    <StrictMode>
      <PlaygroundProvider playground={playground}>
        <ErrorBoundary label="The playground" page onBreak={endEverything}>
          <App />
        </ErrorBoundary>
      </PlaygroundProvider>
    </StrictMode>,
  );
}

try {
  await start();
} catch (error) {
  // Before the first render nothing else would show it (a chunk the network lost, a module that
  // threw): the page says so, and no window of a run stays running out of sight.
  showLoadFailure(document.getElementById("root"), error);
  const untaken = takeEarlyRun();
  if (untaken) endEarlyRun(untaken);
  if (started) {
    started.host.stop();
    // Windows that had not said hello when the run ended are told as they do; the early frames go after.
    endLateWindows(started.store.getState().scenario.windows.map((w) => w.name));
  }
}
