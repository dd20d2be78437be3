/**
 * A window's script as its page runs it (prepare.ts), made once per text (recent-texts.ts): a
 * run's documents and its reruns ask for the same one. Sixteen texts: a scenario has at most
 * twelve windows, and even at the format's limit of 200,000 characters each the kept texts cost a
 * few tens of MB at most. The app loads this module, and the parser with it, apart (parser.ts),
 * which answers for the built-ins' scripts as the build prepared them.
 */
import { prepareRecorded, recordScript, type PreparedScript } from "./prepare";
import { recentTexts } from "./recent-texts";
import type { ParseError, RecordedScript } from "./send-sites";

export type { PreparedScript } from "./prepare";

const recordedScripts = recentTexts<RecordedScript>(16);
const recordedScript = (source: string): RecordedScript => recordedScripts(source, recordScript);

/** Why `source` does not parse as a classic script, if it does not (syntax-check.ts words it). */
export const syntaxErrorIn = (source: string): ParseError | undefined => recordedScript(source).syntaxError;

const prepare = (source: string, withLoopGuard: boolean): PreparedScript => prepareRecorded(source, recordedScript(source), withLoopGuard);

const guardedScripts = recentTexts<PreparedScript>(16);
const unguardedScripts = recentTexts<PreparedScript>(16);

export const preparedScript = (source: string, withLoopGuard: boolean): PreparedScript =>
  withLoopGuard ? guardedScripts(source, (s) => prepare(s, true)) : unguardedScripts(source, (s) => prepare(s, false));
