import { parse } from "acorn";
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../src/run/parser";
import { describeSyntaxProblem, syntaxProblem } from "../src/run/syntax-check";

/** Parentheses around patterns, targets and parameters: where a parse that keeps them as nodes could judge otherwise. */
const PARENTHESIZED = [
  "({a}) = 1", "([a]) = 1", "(a) = 1", "((a)) = 1", "((a)) => 1", "(a, (b)) => 1", "for ((a) in b);", "for ((a) of b);",
  "for (((a)) of c);", "for ([(a)] of c);", "[(a)] = 1", "[((a))] = 1", "({a: (b)} = 1)", "({a: (b.c)} = 1)", "({(a)} = 1)",
  "((a))++", "(a?.b) = 1", '"use strict"; delete ((a))', '"use strict"; (eval) = 1', "let [(a)] = 1", "function f((a)){}",
  "try {} catch ((e)) {}", "(({a})) => 1", "(...(a)) => 1", "((...a)) => 1", "[...((a))] = 1", "({...(a)} = 1)", "[(a) = 1] = 2",
  "(({a = 1}))", "async ((a)) => 1", "function* g(){ (yield) = 1 }", "function f(){ (new.target) = 1 }", "(a ?? b || c)",
  "(a || b) ?? c", "(class {}) = 1", "({}) += 1", "(a,b) = 1", "(a)\n=> 1", "(x) = (y) = 1", "(super)", "((async)) => 1",
  "for ((let) of x);", "for ((let).a of x);", "async function f(){ (a = await x) => 1 }",
];

// Scripts other than the built-ins' need the parser, which the app loads apart (src/run/parser.ts).
beforeAll(() => loadParser());

describe("syntax check before a rerun", () => {
  it("says which script, where and what, in words", () => {
    const p = syntaxProblem("alice", 'const a = 1;\nif (a) {\n  return;\n}\nfunction f() { return 1 }\nlet x = ;');
    expect(p).toEqual({ window: "alice", line: 3, column: 3, message: "'return' outside of function" });
    expect(describeSyntaxProblem(p!)).toBe("alice.js line 3, column 3: 'return' outside of function. Fix it and the scenario runs again.");
    expect(syntaxProblem("bob", "let x = ;")?.message).toBe("Unexpected token ';'");
    expect(syntaxProblem("bob", "if (a {")?.message).toBe("Unexpected token '{'");
    expect(syntaxProblem("bob", "f(1, 2")?.message).toBe("Unexpected end of script");
  });

  it("accepts what a classic script may hold, and refuses module-only syntax", () => {
    expect(syntaxProblem("a", "label: for (const x of [1]) { if (x) break label; }\nclass C { #p = 1; static { } }\nconst y = a?.b ?? 2n;")).toBeNull();
    expect(syntaxProblem("a", "await fetch('/')")).not.toBeNull();
    expect(syntaxProblem("a", "import x from './x.js';")).not.toBeNull();
  });

  it("judges parenthesized code as a parse that drops the parentheses does", () => {
    // The check reads the parse that records the script's sends, which keeps parentheses as nodes.
    for (const source of PARENTHESIZED) {
      let refused = false;
      try {
        parse(source, { ecmaVersion: "latest", sourceType: "script" });
      } catch {
        refused = true;
      }
      expect({ source, refused: syntaxProblem("a", source) !== null }).toEqual({ source, refused });
    }
  });
});
