/**
 * The script parser (acorn) and the preparation built on it (prepared-script.ts) load apart from
 * the app's code: they are a fifth of it, and the app's code is compiled before anything is
 * drawn, while a run of the built-ins' scripts (every first visit's) needs none of it. Until the
 * parser has loaded, the built-ins' scripts are at hand as the build prepared them; a run of any
 * other script waits for it (host/run), a page opened on such scripts fetches it before its first
 * render (main.tsx), and the editor fetches it as it loads (App.tsx).
 */
import { PREPARED_BUILTINS } from "virtual:builtin-scenarios";
import { guardsLoops, type Scenario } from "../scenario/types";
import { builtPreparer } from "./built-scripts";
import type { PreparedScript } from "./prepare";
import type { ParseError } from "./send-sites";

type Parsing = typeof import("./prepared-script");

const BUILT = builtPreparer(PREPARED_BUILTINS);

let parsing: Parsing | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the parser once. A load that failed (the network) is asked for again by the next call,
 * though Chromium keeps a module that failed to load as failed until the page reloads.
 */
export function loadParser(): Promise<void> {
  loading ??= import("./prepared-script").then(
    (module) => {
      parsing = module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Starts loading the parser ahead of need. A failure is left to the run that needs it, which loads it again and says so if that fails too (host/run). */
export function prefetchParser(): void {
  loadParser().catch(() => undefined);
}

/** What a run says when the parser's code did not arrive. */
export const PARSER_LOAD_FAILED = "The playground could not load its script parser, so the scenario did not run. Check your connection, then reload the page to try again.";

/** Whether every script of `scenario` can be prepared and checked now, without waiting for the parser. */
export const scriptsReady = (scenario: Scenario): boolean =>
  parsing !== undefined || scenario.windows.every((w) => BUILT.prepared(w.script, guardsLoops(scenario)) !== undefined);

function parser(): Parsing {
  if (parsing === undefined) throw new Error("The script parser has not loaded yet: a run of scripts other than the built-ins' waits for loadParser().");
  return parsing;
}

/** A window's script as its page runs it (prepare.ts). */
export const preparedScript = (source: string, withLoopGuard: boolean): PreparedScript =>
  BUILT.prepared(source, withLoopGuard) ?? parser().preparedScript(source, withLoopGuard);

/** Why `source` does not parse as a classic script, if it does not (syntax-check.ts words it). */
export const syntaxErrorIn = (source: string): ParseError | undefined => (BUILT.isBuilt(source) ? undefined : parser().syntaxErrorIn(source));
