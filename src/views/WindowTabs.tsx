import { usePlayground } from "../use-playground";
import { isScriptEdited } from "../store/scenario-slice";
import { windowOrigin } from "../host/urls";

/** One tab per window script; arrow keys move between tabs as in any tab list. */
export function WindowTabs() {
  const scenario = usePlayground((s) => s.scenario);
  const windows = scenario.windows;
  const active = usePlayground((s) => s.activeWindow);
  const selectWindow = usePlayground((s) => s.selectWindow);
  return (
    <div
      role="tablist"
      aria-label="Window scripts"
      className="tabs"
      onKeyDown={(e) => {
        if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
        const i = windows.findIndex((w) => w.name === active);
        const next = windows[(i + (e.key === "ArrowRight" ? 1 : windows.length - 1)) % windows.length];
        if (next) {
          selectWindow(next.name);
          document.getElementById(`tab-${next.name}`)?.focus();
        }
      }}
    >
      {windows.map((w) => (
        <button
          key={w.name}
          id={`tab-${w.name}`}
          type="button"
          role="tab"
          aria-selected={w.name === active}
          tabIndex={w.name === active ? 0 : -1}
          className="tab"
          onClick={() => selectWindow(w.name)}
        >
          <span className="tab-name">
            {w.name}.js
            {isScriptEdited(scenario, w.name) && (
              <span className="edited-mark" title="Edited: differs from the built-in scenario's original">
                {" "}
                edited
              </span>
            )}
          </span>
          <span className="tab-origin">{safeOrigin(w.origin)}</span>
        </button>
      ))}
    </div>
  );
}

function safeOrigin(site: string): string {
  try {
    return windowOrigin(site);
  } catch {
    return `unknown origin "${site}"`;
  }
}
