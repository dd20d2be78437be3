import { describe, expect, it } from "vitest";
import { recordSendSites } from "../src/run/send-sites";

const CALL = "__pgPost";

/**
 * The contract of src/run/send-sites.ts, written out plainly: the runtime's version also records
 * window sends, which does not change what the call does.
 */
function contract(log: string[]) {
  return (object: unknown, site: number, flags = 0) => {
    if (flags & 1 && (object === null || object === undefined)) return undefined;
    const f = flags & 4 ? object : (object as Record<string, unknown>).postMessage;
    if (flags & 2 && (f === null || f === undefined)) return undefined;
    return (...args: unknown[]) => {
      log.push(`site ${site}`);
      if (typeof f !== "function") throw new TypeError("postMessage is not a function");
      return Reflect.apply(f, flags & 4 ? undefined : object, args) as unknown;
    };
  };
}

/**
 * Runs `code` with `scope` (names the script sees) and returns what it logged and returned, or
 * the error's type. `postMessage` is a global-like name the scope may define.
 */
function run(code: string, log: string[]): unknown {
  let result: unknown;
  const scope = {
    done: (v: unknown) => {
      result = v;
    },
    log: (s: string) => log.push(s),
    // An object whose every step is seen: reading it, reading postMessage, and calling it.
    w: {
      get postMessage() {
        log.push("get postMessage");
        return function (this: unknown, ...args: unknown[]) {
          log.push(`call ${JSON.stringify(args)} this=${this === scope.w ? "w" : String(this)}`);
          return "sent";
        };
      },
    },
    nothing: null,
    noMethod: {},
    postMessage: function (this: unknown, ...args: unknown[]) {
      log.push(`global call ${JSON.stringify(args)} this=${String(this)}`);
    },
    [CALL]: contract(log),
  };
  const names = Object.keys(scope);
  // eslint-disable-next-line no-new-func, @typescript-eslint/no-implied-eval -- the test runs both versions of a script on purpose
  const fn = new Function(...names, `"use strict"; ${code}`) as (...a: unknown[]) => unknown;
  try {
    fn(...names.map((n) => Reflect.get(scope, n) as unknown));
    return result;
  } catch (e) {
    return `threw ${(e as Error).constructor.name}`;
  }
}

/** The rewritten script does what the original does, step for step, and goes through the recorder `sends` times. */
function sameBehaviour(code: string, sends: number) {
  const original: string[] = [];
  const rewritten: string[] = [];
  const out = recordSendSites(code, { call: CALL });
  const a = run(code, original);
  const b = run(out.code, rewritten);
  expect(b).toEqual(a);
  expect(rewritten.filter((l) => !l.startsWith("site "))).toEqual(original);
  expect(rewritten.filter((l) => l.startsWith("site "))).toHaveLength(sends);
  expect(out.code.split("\n")).toHaveLength(code.split("\n").length);
  return out;
}

describe("recordSendSites", () => {
  it("routes a member call through the recorder, in the script's order: object, property, arguments, call", () => {
    const out = sameBehaviour('log("before"); done((log("object"), w).postMessage((log("arg"), "hi"), "*"));', 1);
    expect(out.code).toContain(`${CALL}((log("object"), w),0)(`);
    expect(out.sites).toEqual([{ line: 1, column: 40 }]);
  });

  it("keeps `this`, the result and the arguments, spread ones too", () => {
    sameBehaviour('const args = [1, [2]]; done(w.postMessage(...args, "x"));', 1);
    sameBehaviour('done(w["postMessage"]("computed"));', 1);
  });

  it("short-circuits `?.` before the name and before the arguments without evaluating the arguments", () => {
    sameBehaviour('done(nothing?.postMessage(log("arg")));', 0);
    sameBehaviour('done(noMethod.postMessage?.(log("arg")));', 0);
    sameBehaviour('done(nothing?.postMessage(log("arg")).then.deeper);', 0);
    sameBehaviour('done(w?.postMessage(log("arg")));', 1);
    sameBehaviour('done(w.postMessage?.(log("arg")));', 1);
    sameBehaviour('done(w?.postMessage?.(log("arg")));', 1);
  });

  it("throws what the browser throws for a missing object or method", () => {
    sameBehaviour('done(nothing.postMessage(log("arg")));', 0);
    expect(run(recordSendSites('done(noMethod.postMessage(log("arg")));', { call: CALL }).code, [])).toBe("threw TypeError");
  });

  it("leaves a call after an optional link in its chain as written, since moving the object out would change the chain", () => {
    const code = 'const o = { w }; done(o?.w.postMessage("x"));';
    const out = sameBehaviour(code, 0);
    expect(out.code).toBe(code);
  });

  it("rewrites nested and chained sends, each once, outer text first", () => {
    sameBehaviour('w.postMessage(w.postMessage("inner")); done(1);', 2);
    const out = sameBehaviour('const o = { w: { w } }; done(o.w.w.postMessage("a"));', 1);
    expect(out.code).toContain(`${CALL}(o.w.w,0)`);
    sameBehaviour('const r = { get b() { return w; } }; const x = { postMessage() { log("x.pm"); return r; } }; done(x.postMessage(1).b.postMessage(2));', 2);
  });

  it("moves a parenthesized object with its parentheses", () => {
    sameBehaviour('done((nothing || w).postMessage("p"));', 1);
  });

  it("keeps every line where it was, across line breaks and comments inside the call", () => {
    const code = 'log("1");\ndone(w\n  // the popup\n  .postMessage(\n    "x",\n    "*",\n  ));';
    const out = sameBehaviour(code, 1);
    expect(out.sites).toEqual([{ line: 4, column: 4 }]);
    expect(out.code.split("\n")[4]).toContain('"x"');
  });

  it("rewrites a bare postMessage call only when the name is the global one", () => {
    sameBehaviour('postMessage("bare", "*"); done(1);', 1);
    const shadowed = 'function f(postMessage) { return postMessage("local"); } done(f((x) => log(x)));';
    expect(recordSendSites(shadowed, { call: CALL }).code).toBe(shadowed);
    const declared = 'const { postMessage } = w; done(1);';
    expect(recordSendSites(declared, { call: CALL }).code).toBe(declared);
  });

  it("leaves other calls, `new`, tagged templates and super alone", () => {
    for (const code of ["w.post(1);", "new w.postMessage(1);", "w.postMessage`x`;", 'w[name]("x");', "class A extends B { m() { super.postMessage(1); } }"]) {
      expect(recordSendSites(code, { call: CALL }).code).toBe(code);
    }
  });

  it("returns a script that does not parse unchanged, for the browser to report", () => {
    const { syntaxError, ...recorded } = recordSendSites("w.postMessage(", { call: CALL });
    expect(recorded).toEqual({ code: "w.postMessage(", sites: [], changes: [] });
    // The parse's own verdict, for the syntax check (syntax-check.ts) to word.
    expect(syntaxError).toBeInstanceOf(SyntaxError);
    expect(syntaxError).toMatchObject({ pos: 14, loc: { line: 1, column: 14 } });
  });

  it("refuses a recorder name that is not an identifier", () => {
    expect(() => recordSendSites("", { call: "a b" })).toThrow(TypeError);
  });
});
