import { getLineInfo } from "acorn";
import { describe, expect, it } from "vitest";
import { lineIndex } from "../src/run/line-index";

describe("lineIndex", () => {
  it("gives every offset the line and column acorn gives it", () => {
    const source = "a\r\nb\rc\nd\u2028e\u2029f\n\n😀 g\r\n\r\nh = '\\\n i'";
    const at = lineIndex(source);
    for (let offset = 0; offset <= source.length; offset++) {
      // No token starts between the two characters of a \r\n.
      if (source[offset - 1] === "\r" && source[offset] === "\n") continue;
      const { line, column } = getLineInfo(source, offset);
      expect({ offset, ...at(offset) }).toEqual({ offset, line, column });
    }
  });

  it("puts a text without line breaks on line 1", () => {
    expect(lineIndex("")(0)).toEqual({ line: 1, column: 0 });
    expect(lineIndex("abc")(3)).toEqual({ line: 1, column: 3 });
  });
});
