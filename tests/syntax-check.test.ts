import { describe, expect, it } from "vitest";
import { describeSyntaxProblem, syntaxProblem } from "../src/run/syntax-check";

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
});
