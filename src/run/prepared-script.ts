/**
 * A window's script as its page runs it (prepare.ts), made once per text (recent-texts.ts): a
 * run's documents and its reruns ask for the same one. Sixteen texts: a scenario has at most
 * twelve windows, and even at the format's limit of 200,000 characters each the kept texts cost a
 * few tens of MB at most. The built-ins' scripts were prepared when the app was built
 * (scripts/builtin-scenarios.ts): the first run of a page opened on one parses nothing.
 */
import { PREPARED_BUILTINS } from "virtual:builtin-scenarios";
import { builtPreparer } from "./built-scripts";
import { prepareRecorded, recordScript, type PreparedScript } from "./prepare";
import { recentTexts } from "./recent-texts";
import type { ParseError, RecordedScript } from "./send-sites";

export type { PreparedScript } from "./prepare";

const BUILT = builtPreparer(PREPARED_BUILTINS);

const recordedScripts = recentTexts<RecordedScript>(16);
const recordedScript = (source: string): RecordedScript => recordedScripts(source, recordScript);

/** Why `source` does not parse as a classic script, if it does not (syntax-check.ts words it). */
export const syntaxErrorIn = (source: string): ParseError | undefined => (BUILT.isBuilt(source) ? undefined : recordedScript(source).syntaxError);

const prepare = (source: string, withLoopGuard: boolean): PreparedScript => prepareRecorded(source, recordedScript(source), withLoopGuard);

const guardedScripts = recentTexts<PreparedScript>(16);
const unguardedScripts = recentTexts<PreparedScript>(16);

export const preparedScript = (source: string, withLoopGuard: boolean): PreparedScript =>
  BUILT.prepared(source, withLoopGuard) ??
  (withLoopGuard ? guardedScripts(source, (s) => prepare(s, true)) : unguardedScripts(source, (s) => prepare(s, false)));
