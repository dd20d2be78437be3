/**
 * A window's script as its page runs it: sends routed through the recorder (send-sites.ts), then
 * loops through the loop guard (loop-guard.ts), with where it was rewritten (script-edits.ts).
 * Made once per text (recent-texts.ts): a run's documents and its reruns ask for the same one.
 * Sixteen texts: a scenario has at most twelve windows, and even at the format's limit of 200,000
 * characters each the kept texts cost a few tens of MB at most.
 */
import { LOOP_GUARD, SEND_CALL, type Rewritten, type SendSite } from "../../sandboxes/protocol";
import { guardLoops } from "./loop-guard";
import { recentTexts } from "./recent-texts";
import { composeChanges, writtenAt } from "./script-edits";
import { recordSendSites, type ParseError, type RecordedScript } from "./send-sites";

export interface PreparedScript {
  code: string;
  /** Where each rewritten send is in the script as written, by site number. */
  sites: SendSite[];
  written: Rewritten[];
}

const recordedScripts = recentTexts<RecordedScript>(16);
/** The first step of either preparation, and the one parse of the script as written. */
const recordedScript = (source: string): RecordedScript => recordedScripts(source, (s) => recordSendSites(s, { call: SEND_CALL }));

/** Why `source` does not parse as a classic script, if it does not (syntax-check.ts words it). */
export const syntaxErrorIn = (source: string): ParseError | undefined => recordedScript(source).syntaxError;

function prepare(source: string, withLoopGuard: boolean): PreparedScript {
  const recorded = recordedScript(source);
  // Sends first: their sites are positions in the script as written, and the loop guard keeps lines.
  const guarded = withLoopGuard ? guardLoops(recorded.code, { guard: LOOP_GUARD }) : { code: recorded.code, changes: [] };
  return { code: guarded.code, sites: recorded.sites, written: writtenAt(source, composeChanges(recorded.changes, guarded.changes)) };
}

const guardedScripts = recentTexts<PreparedScript>(16);
const unguardedScripts = recentTexts<PreparedScript>(16);

export const preparedScript = (source: string, withLoopGuard: boolean): PreparedScript =>
  withLoopGuard ? guardedScripts(source, (s) => prepare(s, true)) : unguardedScripts(source, (s) => prepare(s, false));
