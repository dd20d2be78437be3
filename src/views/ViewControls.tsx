/** Theme and presentation mode: how the playground looks on a laptop or a projector. */
import { useEffect } from "react";
import { useShallow } from "zustand/react/shallow";
import { usePlayground } from "../use-playground";

export function ViewControls() {
  const { theme, setTheme, presenting, setPresenting } = usePlayground(
    useShallow((s) => ({ theme: s.theme, setTheme: s.setTheme, presenting: s.presenting, setPresenting: s.setPresenting })),
  );
  useEffect(() => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle("presenting", presenting);
  }, [presenting]);
  return (
    <span className="toolbar-group view-controls" role="group" aria-label="View">
      <label>
        <span>Theme</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as typeof theme)}>
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <button type="button" aria-pressed={presenting} onClick={() => setPresenting(!presenting)} title="Large type, high contrast, timeline first; arrow keys step through messages">
        {presenting ? "Exit presentation" : "Present"}
      </button>
    </span>
  );
}
