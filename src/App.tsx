import { lazy, Suspense, useCallback, useEffect } from "react";
import { runScenario } from "./host/bridge";
import { usePlayground } from "./store";
import { ConsolePanel } from "./views/ConsolePanel";
import { TimelinePanel } from "./views/TimelinePanel";
import { Toolbar } from "./views/Toolbar";
import { WindowTabs } from "./views/WindowTabs";
import { WindowsPanel } from "./views/WindowsPanel";

const ScriptEditor = lazy(() => import("./editor/ScriptEditor"));

/** How long typing must pause before the scenario reruns by itself. */
const RERUN_DEBOUNCE_MS = 700;

export function App() {
  const editCount = usePlayground((s) => s.editCount);
  const scenarioId = usePlayground((s) => s.scenario.id);
  const runNow = useCallback(() => runScenario(), []);

  // First run, and a fresh run whenever another scenario is opened, unless an exported
  // timeline is being shown instead.
  useEffect(() => {
    if (!usePlayground.getState().viewing) runScenario();
  }, [scenarioId]);

  // Debounced rerun after edits; the timer is cleared by the next edit or on unmount.
  useEffect(() => {
    if (editCount === 0) return undefined;
    const timer = setTimeout(runScenario, RERUN_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [editCount]);

  // Ctrl/Cmd+Enter runs from anywhere on the page, not only from inside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        runScenario();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="app">
      <Toolbar onRun={runNow} />
      <main className="layout">
        <section className="panel editor-panel" aria-label="Scripts">
          <WindowTabs />
          <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
            <ScriptEditor onRunNow={runNow} />
          </Suspense>
        </section>
        <WindowsPanel />
        <TimelinePanel />
        <ConsolePanel />
      </main>
    </div>
  );
}
