/**
 * Whether a window's script parses, checked in the host before it is run: a script with a syntax
 * error would not run at all in its window, so rerunning for it would only wipe the timeline the
 * person is looking at while they are still typing. Parsed as the sandbox runs it: a classic
 * script (no top-level `return`, `await` or `import`). The parse is the one that prepares the
 * script to run (prepared-script.ts, loaded by parser.ts): for a big script a parse is the
 * host's costliest step, and a run needs both answers.
 */
import type { Scenario } from "../scenario/types";
import { syntaxErrorIn } from "./parser";

export interface SyntaxProblem {
  window: string;
  /** 1-based, as editors and the browser count them. */
  line: number;
  column: number;
  message: string;
}

/** acorn says "Unexpected token (3:4)": the position goes, and the token it met is named. */
function inWords(source: string, raw: string, pos: number): string {
  const message = raw.replace(/\s*\(\d+:\d+\)$/, "");
  if (message !== "Unexpected token") return message;
  const token = /^(?:[\w$]+|\S)/.exec(source.slice(pos))?.[0];
  return token === undefined ? "Unexpected end of script" : `Unexpected token '${token}'`;
}

export function syntaxProblem(window: string, source: string): SyntaxProblem | null {
  const err = syntaxErrorIn(source);
  if (err === undefined) return null;
  const line = err.loc?.line ?? 1;
  const column = (err.loc?.column ?? 0) + 1;
  return { window, line, column, message: inWords(source, err.message, err.pos ?? source.length) };
}

/** The first window of the scenario whose script does not parse, if any. */
export function firstSyntaxProblem(scenario: Scenario): SyntaxProblem | null {
  for (const w of scenario.windows) {
    const problem = syntaxProblem(w.name, w.script);
    if (problem) return problem;
  }
  return null;
}

/** What the person reads: which script, where, what, and what happens next. */
export const describeSyntaxProblem = (p: SyntaxProblem): string =>
  `${p.window}.js line ${p.line}, column ${p.column}: ${p.message}. Fix it and the scenario runs again.`;
