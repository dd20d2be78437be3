/**
 * The windows as they nest: the playground page, its frames and their frames, and popups under
 * the windows that opened them, each with its origin. "Focus" shows only that window's messages.
 */
import { useShallow } from "zustand/react/shallow";
import type { ScenarioWindow } from "../scenario/types";
import { usePlayground } from "../use-playground";

export function WindowTree() {
  const { windows, info, focus, setFilter } = usePlayground(
    useShallow((s) => ({ windows: s.scenario.windows, info: s.windows, focus: s.filter.window, setFilter: s.setFilter })),
  );
  const childrenOf = (name: string | undefined): ScenarioWindow[] =>
    windows.filter((w) => (w.kind === "iframe" ? w.parent === name : name !== undefined && w.opener === name));
  const item = (w: ScenarioWindow) => {
    const kids = childrenOf(w.name);
    const focused = focus === w.name;
    return (
      <li key={w.name}>
        <button type="button" className={`tree-window${focused ? " focused" : ""}`} aria-pressed={focused} onClick={() => setFilter({ window: focused ? "" : w.name })}>
          <strong>{w.name}</strong> <span className="sub">{w.kind === "popup" ? "popup" : "iframe"}</span>
          <code className="origin" title={info[w.name]?.origin}>
            {info[w.name]?.origin ?? ""}
          </code>
        </button>
        {kids.length > 0 && <ul>{kids.map(item)}</ul>}
      </li>
    );
  };
  return (
    <nav className="window-tree" aria-label="Window tree: focus on one window's messages">
      <ul>
        <li>
          <span className="tree-window host">
            <strong>playground page</strong> <code className="origin" title={window.location.origin}>
              {window.location.origin}
            </code>
          </span>
          <ul>{childrenOf(undefined).map(item)}</ul>
        </li>
      </ul>
    </nav>
  );
}
