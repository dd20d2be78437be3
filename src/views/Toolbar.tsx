import { useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { BUILTIN_CHOICES, isBuiltinId } from "../scenario/builtin";
import { libraryEntry, loadLibraryBuiltins } from "../scenario/library-index";
import { useFiles, usePlayground } from "../use-playground";
import { builtinById, isEdited } from "../store/scenario-slice";
import { EMBED } from "../host/embed";
import { OpenInPlayground } from "./OpenInPlayground";
import { ShareButton } from "./SharePanel";
import { ViewControls } from "./ViewControls";
import { own } from "../own";

export function Toolbar({ onRun }: { onRun: () => void }) {
  const { exportTimeline, openFile, saveScenarioFile } = useFiles();
  const { scenario, drafts, openScenario, resetScenario, setNotice } = usePlayground(
    useShallow((s) => ({ scenario: s.scenario, drafts: s.drafts, openScenario: s.openScenario, resetScenario: s.resetScenario, setNotice: s.setNotice })),
  );
  const fileInput = useRef<HTMLInputElement>(null);
  const builtin = isBuiltinId(scenario.id);
  const edited = isEdited(scenario);
  const imported = Object.values(drafts).filter((d) => !isBuiltinId(d.id) && d.id !== scenario.id);
  return (
    <header className="toolbar">
      <h1>postMessage Playground</h1>
      <label className="scenario-picker">
        <span>Scenario</span>
        <select
          value={scenario.id}
          onChange={(e) => {
            const id = e.target.value;
            const next = builtinById(id) ?? own(drafts, id);
            if (next) openScenario(next);
            // A library built-in's scripts load when it is first picked.
            else if (libraryEntry(id))
              void loadLibraryBuiltins((text) => setNotice({ kind: "error", text })).then(() => {
                const loaded = builtinById(id);
                if (loaded) openScenario(loaded);
              });
          }}
        >
          <optgroup label="Built in">
            {BUILTIN_CHOICES.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </optgroup>
          {(imported.length > 0 || !builtin) && (
            <optgroup label="Opened or edited">
              {!builtin && <option value={scenario.id}>{scenario.title}</option>}
              {imported.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <button type="button" className="primary" onClick={onRun} title="Run again with fresh windows (Ctrl/Cmd+Enter)">
        Run <kbd>Ctrl+Enter</kbd>
      </button>
      {edited && <span className="edited-mark">edited</span>}
      <button
        type="button"
        onClick={() => {
          resetScenario();
          onRun();
        }}
        disabled={!edited}
        title={
          edited ? "Restore the scenario's original scripts and run it with fresh windows (Undo brings your edits back)" : builtin ? "Nothing to reset: the scripts are the original ones" : "Only built-in scenarios have an original to restore"
        }
      >
        Reset
      </button>
      {EMBED && <OpenInPlayground />}
      <span className="toolbar-group" role="group" aria-label="Files and links">
        <button type="button" onClick={() => fileInput.current?.click()} title="Open a scenario file or an exported timeline">
          Open…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Open a scenario or timeline file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void openFile(file);
          }}
        />
        <button type="button" onClick={saveScenarioFile}>
          Save scenario
        </button>
        <button type="button" onClick={exportTimeline}>
          Export timeline
        </button>
        <ShareButton />
      </span>
      <ViewControls />
      <ViewingBar />
      <SafeModeBar onRun={onRun} />
      <UnsavedLinkBar />
      <ResetUndoBar onRun={onRun} />
      <NoticeBar />
    </header>
  );
}

/** Shown for as long as an exported timeline is shown instead of a live run. */
function ViewingBar() {
  const viewing = usePlayground((s) => s.viewing);
  if (!viewing) return null;
  return (
    <div className="notice notice-info" role="status">
      <span>
        Showing the timeline exported in {viewing.fileName} ({viewing.exportedAt}). Nothing is running: Run to start the scenario live.
      </span>
    </div>
  );
}

/** After Reset: the dropped edits can come back. */
function ResetUndoBar({ onRun }: { onRun: () => void }) {
  const resetUndo = usePlayground((s) => s.resetUndo);
  const undoReset = usePlayground((s) => s.undoReset);
  if (!resetUndo) return null;
  return (
    <div className="notice notice-info" role="status">
      <span>“{resetUndo.title}” is back to its original scripts.</span>
      <button
        type="button"
        onClick={() => {
          undoReset();
          onRun();
        }}
      >
        Undo reset
      </button>
    </div>
  );
}

/** Shown while a scenario opened from a link is not part of the person's saved work. */
function UnsavedLinkBar() {
  const unsavedLink = usePlayground((s) => s.unsavedLink);
  const keep = usePlayground((s) => s.keepLinkedScenario);
  if (!unsavedLink) return null;
  return (
    <div className="notice notice-info" role="status">
      <span>
        Opened "{unsavedLink.title}" from the link{unsavedLink.copyOf ? ` as a copy, beside your own "${unsavedLink.copyOf}"` : ""}. Your saved work
        is unchanged until you edit it or keep it.
      </span>
      <button type="button" onClick={keep}>
        Keep in my scenarios
      </button>
    </div>
  );
}

/** Shown while the playground is open without running (host/safe-mode.ts). */
function SafeModeBar({ onRun }: { onRun: () => void }) {
  const safeMode = usePlayground((s) => s.safeMode);
  const title = usePlayground((s) => s.scenario.title);
  if (safeMode === null || safeMode === "checking") return null;
  const what = safeMode.title === null ? "" : ` while it ran “${safeMode.title}”`;
  const text =
    safeMode.why === "asked"
      ? "Safe mode: nothing runs until you press Run."
      : safeMode.why === "broken"
        ? `The playground's page broke${what}, so it opened without running anything. Your work is unchanged.`
        : `The playground's page closed unexpectedly${what} (the tab crashed, hung, or was closed while busy), so it opened without running anything. Your work is unchanged.`;
  return (
    <div className="notice notice-error" role="alert">
      <span>{text}</span>
      <button type="button" onClick={onRun}>
        Run “{title}”
      </button>
    </div>
  );
}

function NoticeBar() {
  const notice = usePlayground((s) => s.notice);
  const setNotice = usePlayground((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
      <span>{notice.text}</span>
      <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
