/**
 * Where a window's sends are recorded: at their call sites. A cross-origin WindowProxy cannot be
 * patched, and a stand-in object is not a Window to the browser's own bindings (`event.source ===
 * frames[0]` would be false, `new MessageEvent(…, { source })` would throw), so the script keeps
 * the browser's own objects and each `x.postMessage(…)` in it becomes a call through the runtime:
 *
 *   popup.postMessage(a, b)      →  __pgPost(popup,0)(a, b)
 *   w?.postMessage(a)            →  __pgPost(w,1,1)?.(a)
 *   w.postMessage?.(a)           →  __pgPost(w,2,2)?.(a)
 *   postMessage(a, "*")          →  __pgPost(postMessage,3,4)(a, "*")   (the global one only)
 *
 * Runtime contract (sandboxes/runtime/sends.ts): `call(object, site, flags)` reads
 * `object.postMessage` once (with flag 4 `object` is the function itself, called with no `this`),
 * and returns a function that, called with the arguments, makes exactly the call the script
 * wrote, recording it when it is a window's own postMessage. Flag 1: a nullish object gives
 * undefined (the `?.` before the name); flag 2: a nullish function gives undefined (`?.(`). The
 * evaluation order is the script's: the object, then the property, then the arguments, then the
 * call, and a short-circuited call evaluates no argument.
 *
 * Nothing but text on the call's own lines changes, and a line break removed with the name is put
 * back, so every line keeps its number. A call this cannot see (one made by `eval`ed code,
 * `Reflect.apply(w.postMessage, …)`, a name shadowed in the script) is shown from the side that
 * received it, as a reconstructed row.
 */
import { parse, type AnyNode, type CallExpression, type Expression, type MemberExpression, type Node } from "acorn";
import { full } from "acorn-walk";
import { lineIndex } from "./line-index";
import { spliceInOrder, type Change, type Edit } from "./script-edits";

export interface SendSitesOptions {
  /** Name of the global function the runtime defines (see the contract above). */
  call: string;
}

/** Where a rewritten call is in the script as the person wrote it: 1-based line and column. */
export interface SendSite {
  line: number;
  column: number;
}

/** acorn's SyntaxError: where the parse stopped, as an offset and as a line (1-based) and column (0-based). */
export type ParseError = SyntaxError & { pos?: number; loc?: { line: number; column: number } };

export interface RecordedScript {
  code: string;
  /** Indexed by the site number in each rewritten call. */
  sites: SendSite[];
  /** Where `code` differs from the source (script-edits.ts). */
  changes: Change[];
  /**
   * Why the script does not parse, as acorn says it (with `pos` and `loc`): the one parse of the
   * script as written, which syntax-check.ts reads too. Kept parentheses change no verdict.
   */
  syntaxError?: ParseError;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const NAME = "postMessage";
const OPTIONAL_OBJECT = 1;
const OPTIONAL_CALL = 2;
const BARE = 4;

/** Returns the script with its sends routed through `call`; unchanged if it does not parse (the browser then reports the real SyntaxError). */
export function recordSendSites(source: string, options: SendSitesOptions): RecordedScript {
  if (!IDENTIFIER.test(options.call)) throw new TypeError(`send recorder name is not an identifier: ${options.call}`);
  let edits: Edit[];
  let sites: SendSite[];
  try {
    ({ edits, sites } = plan(source, options.call));
  } catch (e) {
    // A syntax error (acorn reports a nesting too deep for its recursion as one too); anything
    // else is left for the browser to report.
    return e instanceof SyntaxError ? { code: source, sites: [], changes: [], syntaxError: e } : { code: source, sites: [], changes: [] };
  }
  return { ...splice(source, edits), sites };
}

/** Whether an optional link (`?.`) comes before `node` in the same chain: then the call is left as written. */
function optionalBefore(node: Node): boolean {
  let n = node as AnyNode;
  for (;;) {
    if (n.type === "MemberExpression") {
      if (n.optional) return true;
      n = n.object;
    } else if (n.type === "CallExpression") {
      if (n.optional) return true;
      n = n.callee;
    } else return false;
  }
}

function isSendCallee(callee: Node): callee is MemberExpression {
  if (callee.type !== "MemberExpression") return false;
  const m = callee as MemberExpression;
  if (m.object.type === "Super") return false;
  if (!m.computed) return m.property.type === "Identifier" && m.property.name === NAME;
  return m.property.type === "Literal" && m.property.value === NAME;
}

/** Names the script binds itself: a bare `postMessage(…)` is then maybe not the window's. */
function bindsName(program: Node, name: string): boolean {
  let found = false;
  const visitPattern = (p: Node | null | undefined): void => {
    if (!p || found) return;
    const n = p as AnyNode;
    if (n.type === "Identifier") found ||= n.name === name;
    else if (n.type === "ObjectPattern") for (const prop of n.properties) visitPattern(prop.type === "Property" ? prop.value : prop.argument);
    else if (n.type === "ArrayPattern") for (const el of n.elements) visitPattern(el);
    else if (n.type === "RestElement") visitPattern(n.argument);
    else if (n.type === "AssignmentPattern") visitPattern(n.left);
  };
  full(program, (node) => {
    const n = node;
    if (n.type === "VariableDeclarator") visitPattern(n.id);
    else if (n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression") {
      if (n.type !== "ArrowFunctionExpression") visitPattern(n.id);
      for (const p of n.params) visitPattern(p);
    } else if (n.type === "ClassDeclaration" || n.type === "ClassExpression") visitPattern(n.id);
    else if (n.type === "CatchClause") visitPattern(n.param);
    // `with` makes every bare name a maybe.
    else if (n.type === "WithStatement") found = true;
  });
  return found;
}

/** Line breaks in a piece of text that an edit removes, put back so that lines keep their numbers. */
function breaksIn(text: string): string {
  return text.replace(/[^\n\r\u2028\u2029]/g, "");
}

function plan(source: string, call: string): { edits: Edit[]; sites: SendSite[] } {
  // A classic <script>, as the runtime inserts it. Parentheses are kept as nodes, so that an
  // object written `(a || b)` is moved with them.
  const program = parse(source, { ecmaVersion: "latest", sourceType: "script", preserveParens: true });
  const at = lineIndex(source);
  const bareIsGlobal = !bindsName(program, NAME);
  const found: { node: CallExpression; line: number; column: number }[] = [];
  full(program, (node) => {
    if (node.type !== "CallExpression") return;
    const c = node;
    if (isSendCallee(c.callee)) {
      if (optionalBefore((c.callee).object)) return;
      const { line, column } = at((c.callee).property.start);
      found.push({ node: c, line, column: column + 1 });
    } else if (bareIsGlobal && c.callee.type === "Identifier" && c.callee.name === NAME) {
      const { line, column } = at(c.callee.start);
      found.push({ node: c, line, column: column + 1 });
    }
  });
  // Source order; of two calls that start together (`a.postMessage(1).b.postMessage(2)`), the
  // outer one first, so that its opening text goes before the inner one's.
  found.sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
  const edits: Edit[] = [];
  const sites: SendSite[] = [];
  for (const { node, line, column } of found) {
    const site = sites.length;
    sites.push({ line, column });
    if (node.callee.type === "Identifier") {
      // `postMessage(` → `__pgPost(postMessage,3,4)(`: the name is still read where it was.
      edits.push({ from: node.callee.start, to: node.callee.start, text: `${call}(` });
      edits.push({ from: node.callee.end, to: node.callee.end, text: `,${site},${BARE})` });
      continue;
    }
    const callee = node.callee as MemberExpression;
    const object = callee.object as Expression;
    const flags = (callee.optional ? OPTIONAL_OBJECT : 0) | (node.optional ? OPTIONAL_CALL : 0);
    const removed = source.slice(object.end, callee.end);
    edits.push({ from: object.start, to: object.start, text: `${call}(` });
    edits.push({ from: object.end, to: callee.end, text: `,${site}${flags ? `,${flags}` : ""})${flags ? "?." : ""}${breaksIn(removed)}` });
    if (node.optional) {
      // `w.postMessage?.(a)`: the `?.` between the name and its arguments is already written.
      const between = source.slice(callee.end, node.end);
      const q = between.indexOf("?.");
      if (q >= 0) edits.push({ from: callee.end + q, to: callee.end + q + 2, text: "" });
    }
  }
  return { edits, sites };
}

/** Applies edits given in offsets of the original text; edits never overlap but may touch. */
function splice(source: string, edits: Edit[]) {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  return spliceInOrder(source, sorted);
}
