/**
 * Bounds on the console a run keeps. A window's script decides what it logs: 100,000 lines of
 * 5,000 characters once took the host page to 600 MB and delayed a click by 8.5 s. So each line is
 * kept to MAX_CONSOLE_TEXT characters, and a run keeps at most MAX_CONSOLE_LINES lines.
 */
import type { ConsoleRecord } from "./records";

/** Characters of one line that are kept: more than a person reads in a console line. */
export const MAX_CONSOLE_TEXT = 2_000;
/** Lines a run keeps: 5,000 lines of at most 2,000 characters are at most 20 MB. */
export const MAX_CONSOLE_LINES = 5_000;
/**
 * When lines must go, the first CONSOLE_HEAD lines stay and the oldest of the rest go. A person
 * debugging a flood wants both ends: the latest lines say what the windows do now, and the first
 * ones hold what the scripts printed as they started (often the line that explains the flood),
 * which a cap that kept only the latest would lose first.
 */
export const CONSOLE_HEAD = 200;

/** Room for the mark a shortened text ends with, `… (123456789 characters)`. */
const MARK_ROOM = 32;

/**
 * A line's text, at most MAX_CONSOLE_TEXT characters, ending with how long it was when cut.
 * V8 keeps a cut string as a view into the string it was cut from: a kept view of 2,000
 * characters would hold the whole original (one of 5,000, or of 50 million) in memory. Reading a
 * character of the joined result makes V8 copy it into a string of its own, and the original can go.
 */
export function shortenConsoleText(text: string): string {
  // A text already shortened (by the host's ingest, then again as it reaches the store) is left as it is.
  if (text.length <= MAX_CONSOLE_TEXT + MARK_ROOM) return text;
  const short = `${text.slice(0, MAX_CONSOLE_TEXT)}… (${text.length} characters)`;
  short.charCodeAt(0);
  return short;
}

export interface KeptConsole {
  lines: ConsoleRecord[];
  /** Lines dropped so far, all from between the first CONSOLE_HEAD lines and the rest. */
  dropped: number;
}

/**
 * `kept` (already within the cap) with `added` appended, then cut to MAX_CONSOLE_LINES: the first
 * CONSOLE_HEAD lines and the latest others. Added lines are shortened here too, for lines that
 * come from a file.
 */
export function appendConsole(kept: KeptConsole, added: readonly ConsoleRecord[], max = MAX_CONSOLE_LINES, head = CONSOLE_HEAD): KeptConsole {
  if (added.length === 0) return kept;
  const total = kept.lines.length + added.length;
  const over = total - max;
  if (over <= 0) return { lines: [...kept.lines, ...added.map(shortened)], dropped: kept.dropped };
  // Only the lines that stay are copied (and shortened): a flood's batch may hold tens of thousands.
  const at = (i: number): ConsoleRecord => (i < kept.lines.length ? (kept.lines[i] as ConsoleRecord) : shortened(added[i - kept.lines.length] as ConsoleRecord));
  const lines: ConsoleRecord[] = [];
  for (let i = 0; i < head; i++) lines.push(at(i));
  for (let i = total - (max - head); i < total; i++) lines.push(at(i));
  return { lines, dropped: kept.dropped + over };
}

function shortened(line: ConsoleRecord): ConsoleRecord {
  const text = shortenConsoleText(line.text);
  return text === line.text ? line : { ...line, text };
}
