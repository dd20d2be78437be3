/**
 * Lines and columns of offsets in a script, counted as acorn counts them (lines from 1, columns
 * from 0 in UTF-16 code units; `\r\n`, `\r`, `\n`, U+2028 and U+2029 end a line). Parsing with
 * acorn's `locations` gives every node two position objects, a fifth to a third of a big script's
 * parse; the few nodes that need a line (a send's site, a loop's) are looked up here instead.
 */
/** acorn's own line break (its `lineBreak`, which its types do not declare). */
const LINE_BREAK = /\r\n?|\n|\u2028|\u2029/g;

export interface LineColumn {
  line: number;
  column: number;
}

/** Where each line of `source` starts: 0, then the offset after each line break. */
export function lineStarts(source: string): number[] {
  const starts = [0];
  const breaks = new RegExp(LINE_BREAK);
  for (let m = breaks.exec(source); m !== null; m = breaks.exec(source)) starts.push(m.index + m[0].length);
  return starts;
}

/** The position of any offset of `source`, after one scan for its line breaks. */
export function lineIndex(source: string): (offset: number) => LineColumn {
  const starts = lineStarts(source);
  return (offset) => {
    // The last line start at or before the offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) };
  };
}
