/**
 * Puts a time check in every loop of a user script, so that `while (true) {}` ends with an error
 * naming its line instead of leaving the sandbox window busy for good.
 *
 * Runtime contract: before the script runs, the runtime defines one global function, named by
 * `options.guard` (say `__pgLoopGuard`), that the rewritten script calls in two ways:
 *
 *   guard(id, line): number          each time loop `id` is entered; returns a start stamp
 *                                    (e.g. `performance.now()`).
 *   guard(id, line, start): void     at the start of every iteration, with that loop's stamp;
 *                                    throws an Error (naming `line`) once too much time has passed.
 *
 * `id` numbers the loops in source order from 0; `line` is the 1-based line of the loop keyword,
 * the same line the browser reports for that code. The script may catch the error; the guard may
 * keep throwing on later checks of that loop. A loop containing `await` or `yield` is suspended
 * between iterations and must not be stopped for being idle: count only time during which the
 * event loop had no chance to run a task (e.g. measure from the later of `start` and the last
 * time a task scheduled by the runtime ran).
 *
 * Rewrite: `outer: while (x) y();` becomes
 * `{let __pgT0=guard(0,1);outer: while (x) {guard(0,1,__pgT0);y();}}`. Nothing but code on the
 * loop's own lines is added and no line break is, so every line keeps its number.
 */
import { parse, type AnyNode, type DoWhileStatement, type ForInStatement, type ForOfStatement, type ForStatement, type WhileStatement } from "acorn";
import { ancestor } from "acorn-walk";
import { lineIndex } from "./line-index";
import { spliceInOrder, type Change } from "./script-edits";

export interface LoopGuardOptions {
  /** Name of the global function the runtime defines (see the contract above). */
  guard: string;
}

export interface GuardedScript {
  code: string;
  /** How many loops were instrumented. */
  loops: number;
  /** Where `code` differs from the source (script-edits.ts). */
  changes: Change[];
}

type Loop = WhileStatement | DoWhileStatement | ForStatement | ForInStatement | ForOfStatement;

interface Insertion {
  at: number;
  text: string;
  closes: boolean;
  /** Nesting of the brace pair this belongs to: at one offset, outer pairs open first, close last. */
  level: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const LOOP_TYPES = new Set(["WhileStatement", "DoWhileStatement", "ForStatement", "ForInStatement", "ForOfStatement"]);

/** Returns the script with a time check in every loop; if the script does not parse, returns it unchanged with loops: 0 (the browser then reports the real SyntaxError). */
export function guardLoops(source: string, options: LoopGuardOptions): GuardedScript {
  const { guard } = options;
  if (!IDENTIFIER.test(guard)) throw new TypeError(`loop guard name is not an identifier: ${guard}`);
  let insertions: Insertion[];
  let loops: number;
  try {
    ({ insertions, loops } = plan(source, guard));
  } catch {
    // A syntax error, or a nesting too deep for the parser's recursion: either way the browser
    // should see the user's own code and report on it.
    return { code: source, loops: 0, changes: [] };
  }
  return { ...apply(source, insertions), loops };
}

function plan(source: string, guard: string): { insertions: Insertion[]; loops: number } {
  // A classic <script>: no top-level return or await, `let` and `yield` may be identifiers.
  const program = parse(source, { ecmaVersion: "latest", sourceType: "script" });
  const found: { loop: Loop; wrapped: AnyNode; depth: number }[] = [];
  const visit = (loop: Loop, _state: unknown, ancestors: AnyNode[]): void => {
    // `ancestors` ends with the loop itself. Labels must stay directly on the loop (or
    // `continue outer` stops parsing), so the stamp goes in front of all of them.
    let i = ancestors.length - 1;
    while (i > 0 && ancestors[i - 1]?.type === "LabeledStatement") i -= 1;
    const depth = ancestors.slice(0, -1).filter((node) => LOOP_TYPES.has(node.type)).length;
    found.push({ loop, wrapped: ancestors[i] ?? loop, depth });
  };
  ancestor(program, {
    WhileStatement: visit,
    DoWhileStatement: visit,
    ForStatement: visit,
    ForInStatement: visit,
    ForOfStatement: visit,
  });
  // The walk reports inner loops first; ids follow the source instead.
  found.sort((a, b) => a.loop.start - b.loop.start);

  const insertions: Insertion[] = [];
  const at = lineIndex(source);
  found.forEach(({ loop, wrapped, depth }, id) => {
    const { line } = at(loop.start);
    const stamp = `__pgT${id}`;
    const check = `${guard}(${id},${line},${stamp});`;
    // A block is a statement wherever a loop is one, and keeps `let __pgT` to this loop.
    insertions.push({ at: wrapped.start, text: `{let ${stamp}=${guard}(${id},${line});`, closes: false, level: 2 * depth });
    insertions.push({ at: wrapped.end, text: "}", closes: true, level: 2 * depth });
    const body = loop.body;
    if (body.type === "BlockStatement") {
      insertions.push({ at: body.start + 1, text: check, closes: false, level: 2 * depth + 1 });
    } else {
      insertions.push({ at: body.start, text: `{${check}`, closes: false, level: 2 * depth + 1 });
      insertions.push({ at: body.end, text: "}", closes: true, level: 2 * depth + 1 });
    }
  });
  return { insertions, loops: found.length };
}

/** Splices all insertions in at their offsets in the original source. */
function apply(source: string, insertions: Insertion[]) {
  // At one offset one pair can end and another begin (`while(a);while(b);`), or several nested
  // pairs can begin or end together (`a: while(1) b: while(2);`).
  const sorted = [...insertions].sort((a, b) => {
    if (a.at !== b.at) return a.at - b.at;
    if (a.closes !== b.closes) return a.closes ? -1 : 1;
    return a.closes ? b.level - a.level : a.level - b.level;
  });
  // Every offset refers to the original text, so the pieces are joined in one forward pass.
  return spliceInOrder(source, sorted.map(({ at, text }) => ({ from: at, to: at, text })));
}
