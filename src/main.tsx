// The bridge registers the host's message listener at import time, before anything renders.
import "./host/bridge";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { openScenarioFromLocation } from "./host/files";
import "./styles.css";

// A scenario in the link wins over the saved one, before the first run; so does one pasted later.
openScenarioFromLocation();
window.addEventListener("hashchange", openScenarioFromLocation);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
