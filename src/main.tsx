import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ErrorBoundary } from "./views/ErrorBoundary";
import { EMBED } from "./host/embed";
import { openScenarioFromLocation } from "./host/files";
import { checkSafeMode } from "./host/safe-mode";
// Making the host registers its message listener now, before anything renders.
import { host, playgroundStore } from "./playground";
import { builtinById } from "./store/scenario-slice";
import "./styles.css";

// An embed picks its built-in scenario by id; a scenario in the link wins over the saved one,
// before the first run; so does one pasted later.
const embedded = EMBED?.scenario ? builtinById(EMBED.scenario) : undefined;
if (embedded) playgroundStore.getState().openScenario(embedded);
openScenarioFromLocation();
window.addEventListener("hashchange", openScenarioFromLocation);
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

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary label="The playground" page>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
