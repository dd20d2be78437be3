import { usePlayground } from "../use-playground";

/**
 * How much of a script is shown as text while the editor loads: more than any screen shows. The
 * text is laid out whole; a pasted library of 200,000 characters took the host page's main
 * thread a third to half a second to lay out, in the middle of the first run.
 */
export const PREVIEW_LINES = 200;
export const PREVIEW_CHARS = 20_000;

const LINE_BREAK = /\r\n?|\n|\u2028|\u2029/g;
const ENDS_WITH_BREAK = /(?:\r\n?|\n|\u2028|\u2029)$/;

/** The start of `script` that the preview shows, and how many lines (whole or in part) it leaves out. */
export function scriptHead(script: string, maxLines = PREVIEW_LINES, maxChars = PREVIEW_CHARS): { head: string; moreLines: number } {
  let end = Math.min(script.length, maxChars);
  const breaks = new RegExp(LINE_BREAK);
  let lines = 0;
  for (let m = breaks.exec(script); m !== null && m.index < end; m = breaks.exec(script)) {
    lines += 1;
    if (lines === maxLines) {
      end = m.index + m[0].length;
      break;
    }
  }
  if (end >= script.length) return { head: script, moreLines: 0 };
  // A line cut in the middle is one of those left out.
  const rest = script.slice(end);
  const restBreaks = rest.match(new RegExp(LINE_BREAK))?.length ?? 0;
  return { head: script.slice(0, end), moreLines: restBreaks + (ENDS_WITH_BREAK.test(rest) ? 0 : 1) };
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
