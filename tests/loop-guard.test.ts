import { parse, type AnyNode, type Program } from "acorn";
import { full } from "acorn-walk";
import { describe, expect, it } from "vitest";
import { guardLoops } from "../src/run/loop-guard";

const GUARD = "__pgLoopGuard";
const LOOP_TYPES = ["WhileStatement", "DoWhileStatement", "ForStatement", "ForInStatement", "ForOfStatement"];
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

const parseScript = (code: string): Program => parse(code, { ecmaVersion: "latest", sourceType: "script", locations: true });

function loopsIn(program: Program): AnyNode[] {
  const loops: AnyNode[] = [];
  full(program, (node) => {
    if (LOOP_TYPES.includes(node.type)) loops.push(node);
  });
  return loops;
}

const guarded = (source: string) => guardLoops(source, { guard: GUARD });

/** Scripts with the number of real loops in each; the comments say what each one is about. */
const CORPUS: [name: string, source: string, loops: number][] = [
  ["while with a statement body", "while (x) y();", 1],
  ["labeled loop", "outer: while (x) { if (y) continue outer; break outer; }", 1],
  ["several labels", "a: b: c: for (;;) { continue b; }", 1],
  ["label on the line before", "outer:\n  while (x) {\n    continue outer\n  }", 1],
  ["labeled body of a loop", "a: while (1) b: while (2) { continue a; }", 2],
  ["unbraced nesting", "for (;;) for (;;) for (;;) ;", 3],
  ["loop ending where the next begins", "while(a);while(b);do;while(c)", 3],
  ["loop first in a block body", "while(a){while(b){}}", 2],
  ["labeled block around a loop", "label: { while (1) break label; }", 1],
  ["if/else without braces", "if (a) while (b) b--; else for (let i = 0; i < 3; i++) c(i);", 2],
  ["labeled loops in if/else", "if (a) outer: while (b) { continue outer; } else inner: for (;;) break inner;", 2],
  ["do-while inside if/else, with semicolon", "if (a) do x(); while (b); else y();", 1],
  ["do-while inside if/else, without semicolon", "if (a) do x(); while (b) else y();", 1],
  ["do-while followed on the same line", "do;while(0) x = 1", 1],
  ["do-while by ASI", "let x = 0\ndo x++\nwhile (x < 5)\nx", 1],
  ["loop after a line without semicolon", "x = y\nwhile(0){}", 1],
  ["body continued on the next line", "while (a) b\n/c/g", 1],
  ["regular expression after a loop", "for (;;) {} /re/.test(s)", 1],
  ["empty bodies", "while (x); for (;;) {} do ; while (x); for (k in o); for (v of o) {}", 5],
  ["for heads", "for (let i = 0, j = 10; i < j; i++, j--) ; for (x.y of z); for ([a, b] of c); for (var k in o) for (var v of o[k]) use(k, v)", 5],
  ["for-in/of with const", "for (const k in o) use(k); for (const [k, v] of Object.entries(o)) use(k, v);", 2],
  ["for await", "async function f(it) { for await (const x of it) { use(x) } for await (const y of it); }", 2],
  ["async arrow", "const h = async () => { for await (const z of s) {} }", 1],
  ["arrow functions", "const f = () => { while (a) b(); }; const g = x => { for (;;) if (x) break; };", 2],
  ["class members", "class A { get v() { let i = 0; while (i < 3) i++; return i } static { for (;;) break } m() { do ; while (0) } #p = () => { for (const k in this); } }", 4],
  ["object getters and setters", "const o = { get x() { for (;;) return 1 }, set x(v) { while (v--); } };", 2],
  ["default parameter and class field", "function f(a = (() => { while (0); return 1 })()) {} class B { x = (() => { for (;;) break; return 1 })() }", 2],
  ["generator", "function* g() { let i = 0; while (true) yield i++; }", 1],
  ["switch cases", "switch (k) { case 1: for (;;) break; case 2: while (0); default: do k--; while (k > 0) }", 3],
  ["loop in a switch in a loop", "for (const v of vs) switch (v) { case 1: while (r.length < 2) r.push('a'); break; }", 2],
  ["sloppy function in a loop body", "while (i < 1) { function f() { return 1 } i++ } f()", 1],
  ["sloppy let as an identifier", "while (x) let\nfoo", 1],
  ["with statement", "with (o) while (x) break;", 1],
  ["comments around a loop", "while /*a*/ (x) /*b*/ { /*c*/ } // d\nfor /* e */ (;;) /* f */ break // g", 2],
  ["directive prologues", "\"use strict\";\nfunction f() { 'use strict'; for (;;) break; }\nwhile (0);", 2],
  ["CRLF line endings", "let a = 1\r\nwhile (a < 3)\r\n  a++\r\nfor (;;)\r\n  break", 2],
  ["unicode before a loop", "const é = '😀'; while (é < 0) {} const ü = 1; for (;;) break", 2],
  ["looks like loops but is not", "const s = \"while(true){}\"; const r = /for(;;)\\{\\}/g; // while(1);\n/* do {} while(1) */ const q = 'for (x of y)';", 0],
  ["template literals", "const t = `while(true){} ${'for(;;);'} do{}while(1)\nwhile (x) y`; const u = tag`for(;;){}`;", 0],
  ["loop inside a template substitution", "const t = `while ${(() => { let n = 0; while (n < 1) n++; return n })()} do`;", 1],
];

describe("guardLoops output", () => {
  it.each(CORPUS)("%s: parses, with every loop guarded", (_name, source, expected) => {
    const before = loopsIn(parseScript(source));
    expect(before).toHaveLength(expected);
    const { code, loops } = guarded(source);
    expect(loops).toBe(expected);
    if (expected === 0) expect(code).toBe(source);

    const after = loopsIn(parseScript(code));
    expect(after).toHaveLength(expected);
    // Loops keep their order, their kind and their place in the source; each one starts its body
    // with the check, whose stamp matches the loop's own.
    after.forEach((loop, i) => {
      expect(loop.type).toBe(before[i]?.type);
      const body = (loop as AnyNode & { body: AnyNode }).body;
      expect(body.type).toBe("BlockStatement");
      const first = code.slice(body.start + 1, body.start + 1 + 60);
      expect(first.startsWith(`${GUARD}(`)).toBe(true);
      const id = Number(/^__pgLoopGuard\((\d+),/.exec(first)?.[1]);
      expect(first).toMatch(new RegExp(`^__pgLoopGuard\\(${id},${before[id]?.loc?.start.line},__pgT${id}\\);`));
    });
  });

  it.each(CORPUS)("%s: keeps every line's number and text", (_name, source) => {
    const { code } = guarded(source);
    const sourceLines = source.split(LINE_BREAK);
    const codeLines = code.split(LINE_BREAK);
    expect(codeLines).toHaveLength(sourceLines.length);
    // Take out what was inserted: the stamp, the check and the braces. What is left is the line.
    const withoutInsertions = (line: string) =>
      line
        .replace(/\{let __pgT\d+=__pgLoopGuard\(\d+,\d+\);/g, "")
        .replace(/__pgLoopGuard\(\d+,\d+,__pgT\d+\);/g, "")
        .replace(/[{}]/g, "");
    codeLines.forEach((line, i) => expect(withoutInsertions(line)).toBe(withoutInsertions(sourceLines[i] ?? "")));
  });

  it("leaves a token on each line on that line", () => {
    const source = [
      "let L1 = 0, xs = [1, 2]",
      "outer: for (const L2 of xs)",
      "  while (L3 < 10) {",
      "    do L4++",
      "    while (L5 < 2)",
      "    if (L6) continue outer; else for (let k in xs)",
      "      L7(k)",
      "  } L8",
      "`L9 ${L9x}",
      "L10 ${(() => { for (;;) return L10x })()}`",
    ].join("\n");
    const { code, loops } = guarded(source);
    expect(loops).toBe(5);
    const lines = code.split("\n");
    expect(lines).toHaveLength(10);
    lines.forEach((line, i) => {
      const markers = line.match(/\bL\d+/g) ?? [];
      expect(new Set(markers.map((m) => Number(m.slice(1))))).toEqual(new Set([i + 1]));
    });
  });

  it("keeps directive prologues first", () => {
    const { code } = guarded("\"use strict\";\nwhile (0);\nfunction f() { 'use strict'; for (;;) break; }");
    const program = parseScript(code);
    const [first] = program.body;
    expect(first?.type === "ExpressionStatement" && first.directive).toBe("use strict");
    const fn = program.body.find((node) => node.type === "FunctionDeclaration");
    const [inner] = fn?.type === "FunctionDeclaration" ? fn.body.body : [];
    expect(inner?.type === "ExpressionStatement" && inner.directive).toBe("use strict");
  });

  it("ends the statement before the loop the way the original did", () => {
    const program = parseScript(guarded("x = y\nwhile(0){}").code);
    expect(program.body.map((node) => node.type)).toEqual(["ExpressionStatement", "BlockStatement"]);
    const [assignment] = program.body;
    expect(assignment?.type === "ExpressionStatement" && assignment.expression.type).toBe("AssignmentExpression");
  });

  it("numbers loops in source order", () => {
    const { code } = guarded("while (a) { for (;;) {} }\ndo {} while (b)");
    expect(code).toBe(
      "{let __pgT0=__pgLoopGuard(0,1);while (a) {__pgLoopGuard(0,1,__pgT0); {let __pgT1=__pgLoopGuard(1,1);for (;;) {__pgLoopGuard(1,1,__pgT1);}} }}\n" +
        "{let __pgT2=__pgLoopGuard(2,2);do {__pgLoopGuard(2,2,__pgT2);} while (b)}",
    );
  });
});

/** A guard that stops a loop after `limit` checks in all, recording what it was called with. */
function fakeGuard(limit: number) {
  const record = { entered: [] as { id: number; line: number }[], checks: 0, checkedLines: new Set<number>(), wrongStamps: 0 };
  const guard = (id: number, line: number, start?: number): number | undefined => {
    if (start === undefined) {
      record.entered.push({ id, line });
      return 1000 + id;
    }
    if (start !== 1000 + id) record.wrongStamps += 1;
    record.checks += 1;
    record.checkedLines.add(line);
    if (record.checks > limit) throw new Error(`loop on line ${line} ran too long`);
    return undefined;
  };
  return { guard, record };
}

/** Runs a script the way a sandbox would, with `out` to read results from. */
function run(code: string, guard: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // eslint-disable-next-line no-new-func, @typescript-eslint/no-implied-eval -- the test runs the scripts it rewrote
  const script = new Function(GUARD, "out", code) as (guard: unknown, out: Record<string, unknown>) => void;
  script(guard, out);
  return out;
}

describe("guarded scripts at run time", () => {
  it.each([
    ["while (true) {}"],
    ["for (;;);"],
    ["do {} while (true)"],
    ["outer: for (;;) { inner: for (;;) { continue outer; } }"],
  ])("stops %s", (source) => {
    const { guard, record } = fakeGuard(1000);
    expect(() => run(guarded(source).code, guard)).toThrow("loop on line 1 ran too long");
    expect(record.checks).toBe(1001);
    expect(record.wrongStamps).toBe(0);
  });

  it("stops a loop that catches the guard's error, since the guard keeps throwing", () => {
    const { guard, record } = fakeGuard(1000);
    const source = "while (true) { try { for (;;); } catch (e) {} }";
    expect(() => run(guarded(source).code, guard)).toThrow("loop on line 1 ran too long");
    // The inner loop's error is caught; the outer loop's next check ends it.
    expect(record.checks).toBe(1002);
    expect(record.wrongStamps).toBe(0);
  });

  it("reports the line of the loop", () => {
    const { guard, record } = fakeGuard(50);
    const source = "let n = 0\nlet m = 0\nouter:\nwhile (true) {\n  n++\n  for (;;)\n    continue outer\n}";
    expect(() => run(guarded(source).code, guard)).toThrow(/line (4|6) ran too long/);
    expect(record.entered.slice(0, 2)).toEqual([
      { id: 0, line: 4 },
      { id: 1, line: 6 },
    ]);
    expect(record.checkedLines).toEqual(new Set([4, 6]));
  });

  it.each([
    ["sum", "let s = 0; for (let i = 0; i < 100; i++) s += i; out.s = s;"],
    [
      "labeled break and continue",
      "const log = []; outer: for (let i = 0; i < 4; i++) { inner: for (let j = 0; j < 4; j++) { if (j === 2) continue outer; if (i === 3) break outer; if (j === 5) continue inner; log.push(i * 10 + j); } } out.log = log;",
    ],
    ["labeled block", "let n = 0; done: { while (true) { if (++n === 3) break done; } } out.n = n;"],
    ["per-iteration bindings", "const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); out.r = fs.map((f) => f());"],
    ["for-in and for-of", "const o = { a: 1, b: 2 }; const ks = []; for (const k in o) ks.push(k); for (const [k, v] of Object.entries(o)) ks.push(k + v); out.ks = ks;"],
    ["do-while by ASI", "let x = 0\ndo x++\nwhile (x < 5)\nout.x = x"],
    ["statement before a loop without semicolon", "let y = 2, x\nx = y\nwhile(x < 4){x++}\nout.x = x"],
    ["do-while followed on the same line", "let z = 0; do z++; while (z < 3) z *= 10; out.z = z"],
    ["switch", "const r = []; for (const v of [1, 2, 3]) switch (v) { case 1: while (r.length < 2) r.push('a'); break; case 2: do r.push('b'); while (false); default: r.push('d') } out.r = r;"],
    ["if/else without braces", "let n = 0; if (n) while (n) n--; else for (let i = 0; i < 3; i++) n += 2; out.n = n;"],
    ["sloppy function declared in a loop body", "let i = 0; while (i < 1) { function f() { return 'f' } i++ } out.f = f(); out.i = i;"],
    ["generator consumed in part", "function* g() { let i = 0; while (true) yield i++; } const a = []; for (const v of g()) { if (v > 3) break; a.push(v); } out.a = a;"],
    ["strict mode kept", "'use strict'; out.threw = false; try { for (;;) { undeclared = 1; break; } } catch (e) { out.threw = e instanceof ReferenceError; }"],
    ["return from a loop in a function", "function find(xs) { for (const x of xs) if (x > 1) return x; return -1 } out.r = [find([1, 2, 3]), find([])];"],
  ])("runs %s as the original does", (_name, source) => {
    const { guard, record } = fakeGuard(10_000);
    expect(run(guarded(source).code, guard)).toEqual(run(source, undefined));
    expect(record.checks).toBeGreaterThan(0);
    expect(record.wrongStamps).toBe(0);
  });

  it("runs for await as the original does", async () => {
    const source =
      "out.p = (async () => { async function* gen() { yield 1; yield 2; } const got = []; for await (const v of gen()) got.push(v); for await (const w of [3, Promise.resolve(4)]) got.push(w); return got; })();";
    const { guard, record } = fakeGuard(100);
    expect(await run(guarded(source).code, guard).p).toEqual([1, 2, 3, 4]);
    expect(record.checks).toBe(4);
  });
});

describe("scripts that do not parse", () => {
  it.each([
    ["while ("],
    ["for (const x of y) {"],
    ["while (0);\nreturn 1"],
    ["for (;;) await x"],
    ["outer: while (1) { continue inner; }"],
    ["class { }"],
    ["export const x = 1; while (0);"],
  ])("come back unchanged: %s", (source) => {
    expect(guarded(source)).toEqual({ code: source, loops: 0, changes: [] });
  });

  it("rejects a guard name that is not an identifier", () => {
    expect(() => guardLoops("while(0);", { guard: "a.b" })).toThrow(TypeError);
  });
});
