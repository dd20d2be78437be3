import { describe, expect, it } from "vitest";
import { PREVIEW_CHARS, PREVIEW_LINES, scriptHead } from "../src/views/ScriptPreview";

const lines = (n: number, eol = "\n") => Array.from({ length: n }, (_, i) => `line ${i + 1};`).join(eol);

describe("scriptHead: the text shown while the editor loads", () => {
  it("shows a script that fits whole", () => {
    const script = lines(PREVIEW_LINES) + "\n";
    expect(scriptHead(script)).toEqual({ head: script, moreLines: 0 });
    expect(scriptHead("")).toEqual({ head: "", moreLines: 0 });
  });

  it("stops after its lines, and counts the lines left out", () => {
    const { head, moreLines } = scriptHead(lines(250) + "\n");
    expect(head).toBe(lines(PREVIEW_LINES) + "\n");
    expect(moreLines).toBe(50);
    expect(scriptHead(lines(250, "\r\n"))).toEqual({ head: lines(PREVIEW_LINES, "\r\n") + "\r\n", moreLines: 50 });
  });

  it("cuts a long line (a minified library) at its characters", () => {
    const script = "x=1;".repeat(15_000) + "\nend();";
    const { head, moreLines } = scriptHead(script);
    expect(head).toBe(script.slice(0, PREVIEW_CHARS));
    // The rest of the cut line, and the last one.
    expect(moreLines).toBe(2);
  });
});
