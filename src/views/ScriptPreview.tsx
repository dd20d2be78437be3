import { lineStarts } from "../run/line-index";
import { usePlayground } from "../use-playground";

/**
 * How much of a script is shown as text while the editor loads: more than any screen shows.
 * Whatever is shown is laid out at once, and a pasted library of 200,000 characters shown whole
 * costs the host page's main thread a third to half a second, in the middle of the first run.
 */
export const PREVIEW_LINES = 200;
export const PREVIEW_CHARS = 20_000;

/** The start of `script` that the preview shows, and how many lines (whole or in part) it leaves out. */
export function scriptHead(script: string, maxLines = PREVIEW_LINES, maxChars = PREVIEW_CHARS): { head: string; moreLines: number } {
  const starts = lineStarts(script);
  const end = Math.min(starts[maxLines] ?? script.length, maxChars);
  if (end >= script.length) return { head: script, moreLines: 0 };
  // The lines that start after the cut (a final line break starts none), and the one it cuts in two.
  const after = starts.filter((start) => start >= end && start < script.length).length;
  return { head: script.slice(0, end), moreLines: after + (starts.includes(end) ? 0 : 1) };
}

/** The open window's script as text, until the editor has loaded. */
export function ScriptPreview() {
  const script = usePlayground((s) => s.scenario.windows.find((w) => w.name === s.activeWindow)?.script ?? "");
  const { head, moreLines } = scriptHead(script);
  return (
    <div className="editor-loading">
      <p>
        Loading the editor…
        {moreLines > 0 && ` Until it has, ${moreLines === 1 ? "the last line of this script is" : `the last ${moreLines.toLocaleString("en-US")} lines of this script are`} not shown.`}
      </p>
      <pre className="script-preview">{head}</pre>
    </div>
  );
}
