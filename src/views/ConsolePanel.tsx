import { useShallow } from "zustand/react/shallow";
import { usePlayground } from "../store";

/** Console output of every window, each line labelled with the window that printed it. */
export function ConsolePanel() {
  const { lines, runStart } = usePlayground(useShallow((s) => ({ lines: s.consoleLines, runStart: s.runStart })));
  return (
    <section className="panel console-panel" aria-label="Console">
      <h2>Console</h2>
      {lines.length === 0 ? (
        <p className="empty">Nothing logged.</p>
      ) : (
        <ol className="console" aria-live="polite">
          {lines.map((l) => (
            <li key={l.key} className={`console-line level-${l.level}`} data-window={l.window}>
              <span className="num">{Math.max(0, l.time - runStart).toFixed(0)}</span>
              <strong>{l.window}</strong>
              <span className="text">{l.text}</span>
              {l.at && <span className="sub">{`${l.window}.js:${l.at.line}`}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
