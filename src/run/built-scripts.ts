/**
 * Scripts as the build prepared them (scripts/builtin-scenarios.ts), without the parser: a run of
 * a built-in needs nothing more, and a first visit's early run (src/early-run.ts) may load nothing
 * more, so that its frames start before the app's code has arrived.
 */
import type { PreparedScript } from "./prepare";
import { preparedKey } from "./prepared-key";
import type { SyntaxProblem } from "./syntax-check";

/** How a run gets each window's script prepared (prepare.ts) and checked (syntax-check.ts). */
export interface ScriptPreparer {
  prepared(source: string, withLoopGuard: boolean): PreparedScript;
  syntaxProblem(window: string, source: string): SyntaxProblem | null;
}

/** What the build prepared: [script, with the loop guard, prepared]. */
export type PreparedEntries = readonly (readonly [string, boolean, PreparedScript])[];

/** The scripts of `entries`, and lookups by text; `scripts` prepares those only, and throws on any other (the early run then does not start). */
export function builtPreparer(entries: PreparedEntries): { scripts: ScriptPreparer; prepared: (source: string, withLoopGuard: boolean) => PreparedScript | undefined; isBuilt: (source: string) => boolean } {
  const built = new Map(entries.map(([source, withLoopGuard, prepared]) => [preparedKey(source, withLoopGuard), prepared]));
  // The build refuses a built-in whose script does not parse.
  const texts = new Set(entries.map(([source]) => source));
  const prepared = (source: string, withLoopGuard: boolean) => built.get(preparedKey(source, withLoopGuard));
  const isBuilt = (source: string) => texts.has(source);
  return {
    prepared,
    isBuilt,
    scripts: {
      prepared(source, withLoopGuard) {
        const hit = prepared(source, withLoopGuard);
        if (hit === undefined) throw new Error("not a built-in's script");
        return hit;
      },
      syntaxProblem(_window, source) {
        if (!isBuilt(source)) throw new Error("not a built-in's script");
        return null;
      },
    },
  };
}
