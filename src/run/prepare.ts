/**
 * Preparing a window's script, uncached: sends routed through the recorder (send-sites.ts), then
 * loops through the loop guard (loop-guard.ts), with where it was rewritten (script-edits.ts).
 * prepared-script.ts keeps the results; the build prepares the built-ins' scripts with this same
 * code (scripts/builtin-scenarios.ts).
 */
import { LOOP_GUARD, SEND_CALL, type Rewritten, type SendSite } from "../../sandboxes/protocol";
import { guardLoops } from "./loop-guard";
import { composeChanges, writtenAt } from "./script-edits";
import { recordSendSites, type RecordedScript } from "./send-sites";

export interface PreparedScript {
  code: string;
  /** Where each rewritten send is in the script as written, by site number. */
  sites: SendSite[];
  written: Rewritten[];
}

/** The first step of either preparation, and the one parse of the script as written. */
export const recordScript = (source: string): RecordedScript => recordSendSites(source, { call: SEND_CALL });

export function prepareRecorded(source: string, recorded: RecordedScript, withLoopGuard: boolean): PreparedScript {
  // Sends first: their sites are positions in the script as written, and the loop guard keeps lines.
  const guarded = withLoopGuard ? guardLoops(recorded.code, { guard: LOOP_GUARD }) : { code: recorded.code, changes: [] };
  return { code: guarded.code, sites: recorded.sites, written: writtenAt(source, composeChanges(recorded.changes, guarded.changes)) };
}
