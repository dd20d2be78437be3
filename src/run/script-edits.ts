/**
 * Where a rewritten script differs from the script as the person wrote it. The host rewrites
 * each script twice before it runs (send-sites.ts, then loop-guard.ts), and the browser's own
 * `fn.toString()` would show the rewritten text: a function turned into a worker's source, or a
 * library that reads a function's text, would see calls that exist only in the playground. The
 * runtime (sandboxes/runtime/function-source.ts) puts the written text back from this table.
 * Pure (no DOM).
 */
import type { Rewritten } from "../../sandboxes/protocol";

/** One edit, in offsets of the text it applies to: [from, to) is replaced by `text`. */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** One place a splice changed: [from, to) of its input became [outFrom, outTo) of its output. */
export interface Change {
  from: number;
  to: number;
  outFrom: number;
  outTo: number;
}

export interface Spliced {
  code: string;
  /** In source order, in both texts. */
  changes: Change[];
}

/** Applies edits already in the order their text goes in; edits never overlap, but may touch. */
export function spliceInOrder(source: string, sorted: readonly Edit[]): Spliced {
  const parts: string[] = [];
  const changes: Change[] = [];
  let at = 0;
  let out = 0;
  for (const e of sorted) {
    const kept = source.slice(at, e.from);
    parts.push(kept, e.text);
    out += kept.length;
    changes.push({ from: e.from, to: e.to, outFrom: out, outTo: out + e.text.length });
    out += e.text.length;
    at = e.to;
  }
  parts.push(source.slice(at));
  return { code: parts.join(""), changes };
}

/**
 * The changes from `original` to the end of two splices, the second applied to the first's
 * output. Changes of either splice that overlap or touch become one, so that each result's
 * edges lie where both texts agree.
 */
export function composeChanges(first: readonly Change[], second: readonly Change[]): Change[] {
  // Every change, in offsets of the middle text (the first's output, the second's input).
  const spans = [
    ...first.map((c) => ({ start: c.outFrom, end: c.outTo, d1: c.outTo - c.outFrom - (c.to - c.from), d2: 0 })),
    ...second.map((c) => ({ start: c.from, end: c.to, d1: 0, d2: c.outTo - c.outFrom - (c.to - c.from) })),
  ].sort((a, b) => a.start - b.start || a.end - b.end);
  const result: Change[] = [];
  // How much longer each splice has made the text so far, over the groups already passed.
  let grown1 = 0;
  let grown2 = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i] as (typeof spans)[number];
    let { end } = first;
    let d1 = 0;
    let d2 = 0;
    for (; i < spans.length && (spans[i] as (typeof spans)[number]).start <= end; i++) {
      const s = spans[i] as (typeof spans)[number];
      end = Math.max(end, s.end);
      d1 += s.d1;
      d2 += s.d2;
    }
    result.push({ from: first.start - grown1, to: end - grown1 - d1, outFrom: first.start + grown2, outTo: end + grown2 + d2 });
    grown1 += d1;
    grown2 += d2;
  }
  return result;
}

/** The table the runtime reads: each changed place of the running text, with the text written there. */
export function writtenAt(original: string, changes: readonly Change[]): Rewritten[] {
  return changes.map((c): Rewritten => [c.outFrom, c.outTo, original.slice(c.from, c.to)]);
}

