import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { EMBED } from "./host/embed";
import { loadParser, prefetchParser, scriptsReady } from "./run/parser";
import { describeSyntaxProblem, firstSyntaxProblem } from "./run/syntax-check";
import { loadLibraryBuiltins } from "./scenario/library-index";
import type { PlaygroundStore } from "./store";
import { useHost, usePlayground, usePlaygroundStore } from "./use-playground";
import { ConsolePanel } from "./views/ConsolePanel";
import { ErrorBoundary } from "./views/ErrorBoundary";
import { ScriptPreview } from "./views/ScriptPreview";
import { TimelinePanel } from "./views/TimelinePanel";
import { Toolbar } from "./views/Toolbar";
import { WindowTabs } from "./views/WindowTabs";
import { WindowsPanel } from "./views/WindowsPanel";

// The library built-ins' scripts and the script parser come with the editor: all wait until the
// first run is drawn. The person's edits are scripts that only the parser prepares.
const ScriptEditor = lazy(() => {
  void loadLibraryBuiltins();
  prefetchParser();
  return import("./editor/ScriptEditor");
});

/** How long typing must pause before the scenario reruns by itself. */
const RERUN_DEBOUNCE_MS = 700;
/** Monaco (about 1 MB gzip) starts loading once the first message is drawn, or after this long. */
const EDITOR_LOAD_DELAY_MS = 3500;

/**
 * Loading the editor competes with the first run for the main thread and the network (the
 * sandboxes' new processes start at the same time), so the scripts are shown as text until the
 * run has produced its first records, and the editor loads once the page is idle after them.
 */
function useEditorWhenRunStarted(): boolean {
  const store = usePlaygroundStore();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return undefined;
    const timer = setTimeout(() => setReady(true), EDITOR_LOAD_DELAY_MS);
    let idle: (() => void) | undefined;
    const whenIdle = () => {
      if (idle) return;
      if (typeof requestIdleCallback === "function") {
        const id = requestIdleCallback(() => setReady(true), { timeout: 1000 });
        idle = () => cancelIdleCallback(id);
      } else {
        const id = setTimeout(() => setReady(true), 300);
        idle = () => clearTimeout(id);
      }
    };
    const started = (s: ReturnType<typeof store.getState>) => s.sends.length + s.receipts.length > 0;
    const unsubscribe = store.subscribe((s) => {
      if (started(s)) whenIdle();
    });
    // The first records may have come before this effect subscribed.
    if (started(store.getState())) whenIdle();
    return () => {
      clearTimeout(timer);
      idle?.();
      unsubscribe();
    };
  }, [ready, store]);
  return ready;
}

/** The text of the notice the app last showed about a script that does not parse. */
type SyntaxNotice = { text: string | null };

/**
 * Before a rerun after edits: a script that does not parse would not run in its window, and the
 * rerun would only wipe the timeline the person is looking at. It says where the problem is
 * instead, and the scenario runs again once every script parses.
 */
function scriptsParse(store: PlaygroundStore, notice: SyntaxNotice): boolean {
  const state = store.getState();
  const problem = firstSyntaxProblem(state.scenario);
  if (problem) {
    notice.text = describeSyntaxProblem(problem);
    state.setNotice({ kind: "error", text: notice.text });
    return false;
  }
  clearSyntaxNotice(store, notice);
  return true;
}

function clearSyntaxNotice(store: PlaygroundStore, notice: SyntaxNotice): void {
  const state = store.getState();
  if (notice.text !== null && state.notice?.text === notice.text) state.setNotice(null);
  notice.text = null;
}

export function App() {
  const store = usePlaygroundStore();
  const host = useHost();
  // One per app, kept across renders; changed in effects and timers only.
  const [syntax] = useState<SyntaxNotice>(() => ({ text: null }));
  const editCount = usePlayground((s) => s.editCount);
  const runNow = useCallback(() => host.run(), [host]);
  // Frames of a first visit's early run that the broken panel had not taken in yet.
  const endEarlyFrames = useCallback(() => host.frames.endEarly(), [host]);
  const editorReady = useEditorWhenRunStarted();

  // A fresh run whenever another scenario is opened, unless an exported timeline is being shown
  // instead, or an embed runs only on click. (main.tsx starts the first run before the first
  // render, so that render already has its frames.)
  useEffect(() => {
    host.runOnOpen();
    return host.followOpenScenario();
  }, [host]);

  // Debounced rerun after edits; the timer is cleared by the next edit or on unmount.
  useEffect(() => {
    // In safe mode the person is fixing what broke the page: it runs again only when they say so.
    if (editCount === 0 || EMBED?.runOnClick || store.getState().safeMode !== null) return undefined;
    let cancelled = false;
    const rerun = () => {
      if (!cancelled && scriptsParse(store, syntax)) host.run();
    };
    const timer = setTimeout(() => {
      if (scriptsReady(store.getState().scenario)) rerun();
      else
        loadParser().then(rerun, () => {
          // The check needs the parser: the run says why it cannot start (host/run).
          if (!cancelled) host.run();
        });
    }, RERUN_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [editCount, store, host, syntax]);

  // Another scenario, a reset or a run the person asked for: the note about an edit is over.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (syntax.text !== null && (s.scenario.id !== prev.scenario.id || s.runId !== prev.runId)) clearSyntaxNotice(store, syntax);
      }),
    [store, syntax],
  );

  // Ctrl/Cmd+Enter runs from anywhere on the page, not only from inside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        host.run();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [host]);

  return (
    <div className={EMBED ? `app embed ${[...EMBED.hide].map((p) => `hide-${p}`).join(" ")}` : "app"}>
      <ErrorBoundary label="Toolbar">
        <Toolbar onRun={runNow} />
      </ErrorBoundary>
      <main className="layout">
        <section className="panel editor-panel" aria-label="Scripts">
          <WindowTabs />
          <ErrorBoundary label="Editor">
            {editorReady ? (
              <Suspense fallback={<ScriptPreview />}>
                <ScriptEditor onRunNow={runNow} />
              </Suspense>
            ) : (
              <ScriptPreview />
            )}
          </ErrorBoundary>
        </section>
        <ErrorBoundary label="Windows" onBreak={endEarlyFrames}>
          <WindowsPanel />
        </ErrorBoundary>
        <ErrorBoundary label="Timeline">
          <TimelinePanel />
        </ErrorBoundary>
        <ErrorBoundary label="Console">
          <ConsolePanel />
        </ErrorBoundary>
      </main>
    </div>
  );
}
