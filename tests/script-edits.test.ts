import { parse, type AnyNode } from "acorn";
import { full } from "acorn-walk";
import { describe, expect, it } from "vitest";
import { writtenSlice } from "../sandboxes/runtime/function-source";
import { preparedScript } from "../src/run/prepared-script";
import { recentTexts } from "../src/run/recent-texts";
import { composeChanges, spliceInOrder, writtenAt } from "../src/run/script-edits";

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ClassDeclaration", "ClassExpression"]);

/** [start, end) of every function and class of `code`, in source order (what `fn.toString()` gives). */
function functionsIn(code: string): [number, number][] {
  const found: [number, number][] = [];
  full(parse(code, { ecmaVersion: "latest", sourceType: "script" }), (node: AnyNode) => {
    if (FUNCTION_TYPES.has(node.type)) found.push([node.start, node.end]);
    // A method's text starts at its name (`m() {…}`, `get x() {…}`), as the browser gives it.
    if (node.type === "MethodDefinition" || (node.type === "Property" && (node.method || node.kind !== "init"))) found.push([node.start, node.end]);
  });
  return found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/** The script as the page runs it, with and without the loop guard, and its table. */
function rewrite(source: string, withLoopGuard = true) {
  const { code, written } = preparedScript(source, withLoopGuard);
  return { code, table: written };
}

const SCRIPTS: [what: string, source: string][] = [
  ["a send in a loop's unbraced body", "function tick(w) { for (let i = 0; i < 3; i++) w.postMessage(i, \"*\"); }"],
  ["a bare postMessage in a worker's function", "function work() {\n  onmessage = (e) => postMessage(\"got \" + e.data);\n}\nconst src = \"(\" + work + \")()\";"],
  ["optional links", "const f = (w) => { w?.postMessage(1); w.postMessage?.(2); w?.postMessage?.(3); };"],
  ["a send whose target is a function expression", "x = function () { while (a) b(); }.postMessage(1);"],
  ["sends nested in arguments", "parent.postMessage(frames[0].postMessage(\"in\", \"*\"), \"*\");\nconst g = () => parent.postMessage(() => { do {} while (0) }, \"*\");"],
  ["labeled loops and a name broken over lines", "outer: while (x) {\n  inner: for (const y of z) top\n    .postMessage(y, \"*\");\n}\nfunction after() { return 1; }"],
  ["a class with methods, a getter and a static block", "class Bus {\n  send(m) { for (const f of frames) f.postMessage(m, \"*\"); }\n  get size() { let n = 0; while (n < 2) n++; return n; }\n  static { Bus.ready = true; }\n}"],
  ["functions and loops with no send", "async function* gen() { for await (const x of y) yield x; }\nconst h = { m() { do { k(); } while (k()); } };"],
  ["a loop whose body is a function's last statement", "const last = () => { for (;;) return parent.postMessage(1, \"*\") }"],
  ["text that looks like a rewrite", "const s = \"__pgPost(w,0)\"; function f() { return \"__pg\" + s; }"],
];

describe("the written text of a rewritten script", () => {
  it.each(SCRIPTS.flatMap(([what, source]) => [[`${what}`, source, true], [`${what} (no loop guard)`, source, false]] as const))("%s: every function, and the whole script, read as written", (_, source, withLoopGuard) => {
    const { code, table } = rewrite(source, withLoopGuard);
    expect(writtenSlice(0, code.length, table, code)).toBe(source);
    const written = functionsIn(source);
    const running = functionsIn(code);
    expect(running).toHaveLength(written.length);
    running.forEach(([start, end], i) => {
      const [wStart, wEnd] = written[i] as [number, number];
      expect(writtenSlice(start, end, table, code)).toBe(source.slice(wStart, wEnd));
    });
  });

  it("a script with nothing to rewrite needs no table", () => {
    const { code, table } = rewrite("const a = 1;\nfunction f() { return a; }");
    expect(code).toBe("const a = 1;\nfunction f() { return a; }");
    expect(table).toEqual([]);
  });

  it("a slice a rewritten place reaches across cannot be told", () => {
    const { code, table } = rewrite("w.postMessage(1);");
    // From inside `__pgPost(` to the end.
    expect(writtenSlice(3, code.length, table, code)).toBeNull();
  });
});

describe("composeChanges", () => {
  it("gives the changes of two splices as one, with the first's text where the second inserted", () => {
    const original = "abcdef";
    const first = spliceInOrder(original, [{ from: 1, to: 2, text: "XYZ" }, { from: 4, to: 4, text: "+" }]);
    expect(first.code).toBe("aXYZcd+ef");
    const second = spliceInOrder(first.code, [{ from: 0, to: 0, text: "<" }, { from: 7, to: 8, text: "" }]);
    expect(second.code).toBe("<aXYZcd+f");
    const table = writtenAt(original, composeChanges(first.changes, second.changes));
    // The "+" inserted before "e" and the "e" deleted touch: one place, written "e".
    expect(table).toEqual([
      [0, 1, ""],
      [2, 5, "b"],
      [7, 8, "e"],
    ]);
    expect(writtenSlice(0, second.code.length, table, second.code)).toBe(original);
  });
});

describe("recentTexts", () => {
  it("makes a result once per text, and forgets the oldest past its size", () => {
    const made: string[] = [];
    const kept = recentTexts<{ text: string }>(2);
    const make = (text: string) => {
      made.push(text);
      return { text };
    };
    const a = kept("a", make);
    expect(kept("a", make)).toBe(a);
    kept("b", make);
    // Asking for "a" again makes "b" the oldest: "c" pushes out "b", not "a".
    expect(kept("a", make)).toBe(a);
    kept("c", make);
    kept("a", make);
    kept("b", make);
    expect(made).toEqual(["a", "b", "c", "b"]);
  });
});
