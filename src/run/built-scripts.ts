/**
 * The built-ins' scripts as the build prepared them (scripts/builtin-scenarios.ts), without the
 * parser: a run of a built-in needs nothing more, and a first visit's early run (src/early-run.ts)
 * may load nothing more, so that its frames start before the app's code has arrived.
 */
import { PREPARED_BUILTINS } from "virtual:builtin-scenarios";
import type { PreparedScript } from "./prepare";
import { preparedKey } from "./prepared-key";
import type { SyntaxProblem } from "./syntax-check";

/** How a run gets each window's script prepared (prepare.ts) and checked (syntax-check.ts). */
export interface ScriptPreparer {
  prepared(source: string, withLoopGuard: boolean): PreparedScript;
  syntaxProblem(window: string, source: string): SyntaxProblem | null;
}

const built = new Map(PREPARED_BUILTINS.map(([source, withLoopGuard, prepared]) => [preparedKey(source, withLoopGuard), prepared]));
/** The build refuses a built-in whose script does not parse. */
const builtTexts = new Set(PREPARED_BUILTINS.map(([source]) => source));

export const builtPrepared = (source: string, withLoopGuard: boolean): PreparedScript | undefined => built.get(preparedKey(source, withLoopGuard));
export const isBuiltText = (source: string): boolean => builtTexts.has(source);

/** The built-ins' scripts only: any other script throws (the early run then does not start). */
export const BUILT_SCRIPTS: ScriptPreparer = {
  prepared(source, withLoopGuard) {
    const prepared = builtPrepared(source, withLoopGuard);
    if (prepared === undefined) throw new Error("not a built-in's script");
    return prepared;
  },
  syntaxProblem(_window, source) {
    if (!isBuiltText(source)) throw new Error("not a built-in's script");
    return null;
  },
};
