/**
 * What the host does with names and sizes a hostile window or link chooses: names that are
 * Object.prototype's own members, and strings far past any real report.
 */
import { describe, expect, it } from "vitest";
import { BRAND, isHelloMessage } from "../sandboxes/protocol";
import { compactReports, expandReports } from "../sandboxes/protocol";
import { reportProblem } from "../src/host/ingest/report-check";
import { own } from "../src/own";
import { frameSandbox, sandboxProblem } from "../src/scenario/sandbox-flags";
import { besideOthers } from "../src/store/scenario-slice";
import { loadedLibraryBuiltin } from "../src/scenario/library-index";
import { PROMISED } from "../src/scenario/builtin";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import type { Scenario } from "../src/scenario/types";

/** Every built-in, the library ones loaded: what the picker offers. */
const BUILTIN_SCENARIOS = [...PROMISED, ...LIBRARY_BUILTINS];

const HUGE = "a".repeat(100_000_000);
const PROTO_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

const hello = (over: Record<string, unknown>) => ({ brand: BRAND, type: "hello", run: "r1-abc", window: "alice", origin: "http://alice.localhost:5173", start: 1, ...over });
const consoleLine = (text: string) => ({ kind: "console", seq: 1, time: 1, level: "log", text });
const sendReport = (over: Record<string, unknown>) => ({
  kind: "send",
  seq: 1,
  time: 1,
  target: ["parent"],
  targetOrigin: "*",
  form: "positional",
  preview: "1",
  shape: "n:1",
  transfer: [],
  transferAfter: [],
  portsSent: [],
  ...over,
});

describe("a hello", () => {
  it("is refused when a field is 100 million characters long, before anything quotes it", () => {
    for (const field of ["window", "run", "origin"]) expect(isHelloMessage(hello({ [field]: HUGE }))).toBe(false);
    expect(isHelloMessage(hello({}))).toBe(true);
  });

  it("may claim any name: the host checks the claim against the scenario, by identity", () => {
    for (const name of PROTO_NAMES) expect(isHelloMessage(hello({ window: name }))).toBe(true);
  });
});

describe("the report check", () => {
  it("refuses a send whose texts are 100 million characters long", () => {
    expect(reportProblem(sendReport({ preview: HUGE }))).toBe("bad preview");
    expect(reportProblem(sendReport({ targetOrigin: HUGE }))).toBe("bad target");
    expect(reportProblem(sendReport({ transfer: [HUGE] }))).toBe("bad transfer list");
  });

  it("refuses paths through popups named after Object.prototype's members only when they are not names", () => {
    expect(reportProblem(sendReport({ target: ["popup:constructor"] }))).toBeNull();
    expect(reportProblem(sendReport({ target: ["popup:__proto__"] }))).toBe("bad target");
    expect(reportProblem(sendReport({ target: [`popup:${HUGE}`] }))).toBe("bad target");
  });

  it("refuses lifecycle events with unknown kinds, whatever they are called", () => {
    for (const what of PROTO_NAMES) expect(reportProblem({ kind: "lifecycle", seq: 1, time: 1, what, detail: "x" })).toBe("bad lifecycle event");
    expect(reportProblem({ kind: "lifecycle", seq: 1, time: 1, what: "popup-opened", detail: HUGE })).toBe("bad lifecycle event");
  });

  it("refuses report kinds named after Object.prototype's members", () => {
    for (const kind of PROTO_NAMES) expect(reportProblem({ ...consoleLine("x"), kind })).toBe("unknown kind");
  });
});

describe("a batch", () => {
  it("keeps a key named __proto__ as data, never as the report's prototype", () => {
    const [r] = expandReports(JSON.parse('[{"kind":"console","seq":1,"time":1,"level":"log","text":"x","__proto__":{"polluted":true}}]') as unknown[]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect((r as { polluted?: boolean }).polluted).toBeUndefined();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("is built without running a setter a script put on Object.prototype", () => {
    const forged: string[] = [];
    Object.defineProperty(Object.prototype, "origin", {
      configurable: true,
      set(this: Record<string, unknown>, v: unknown) {
        forged.push(String(v));
        Object.defineProperty(this, "origin", { value: "http://forged.example", enumerable: true, configurable: true, writable: true });
      },
    });
    try {
      const receipt = { kind: "receipt", seq: 1, time: 1, type: "message", origin: "http://bob.localhost:5173", source: null, preview: "1", shape: "n:1", ports: [], listeners: [] };
      const [wire] = compactReports([receipt]);
      expect(forged).toEqual([]);
      expect((JSON.parse(JSON.stringify([wire])) as { origin: string }[])[0]?.origin).toBe("http://bob.localhost:5173");
    } finally {
      delete (Object.prototype as { origin?: unknown }).origin;
    }
  });

  it("is built without running an index setter a script put on Array.prototype", () => {
    let calls = 0;
    Object.defineProperty(Array.prototype, "1", {
      configurable: true,
      set() {
        calls++;
      },
    });
    let wire: unknown[];
    try {
      const send = { kind: "send", seq: 1, time: 1, target: ["self"], targetOrigin: "/", form: "positional", preview: "1", shape: "n:1", transfer: [], transferAfter: [], portsSent: [] };
      wire = compactReports([send, { ...send, seq: 2, time: 2, preview: "2" }]);
    } finally {
      delete (Array.prototype as unknown as Record<string, unknown>)["1"];
    }
    expect(calls).toBe(0);
    // The batch is an ordinary array again once made, holding both reports as its own elements.
    expect(Object.getPrototypeOf(wire)).toBe(Array.prototype);
    expect((JSON.parse(JSON.stringify(wire)) as { preview: string }[]).map((r) => r.preview)).toEqual(["1", "2"]);
  });
});

describe("names looked up in records", () => {
  it("find only what was stored under them", () => {
    const documents: Record<string, number[]> = { alice: [1] };
    for (const name of PROTO_NAMES) expect(own(documents, name)).toBeUndefined();
    expect(own({ constructor: [2] }, "constructor")).toEqual([2]);
  });
});

describe("the sandbox attribute a scenario may set", () => {
  it("refuses every keyword that would let the frame act on the playground page, or show a dialog", () => {
    for (const k of ["allow-top-navigation", "allow-top-navigation-by-user-activation", "allow-top-navigation-to-custom-protocols", "ALLOW-TOP-NAVIGATION", "allow-modals"]) {
      expect(sandboxProblem(`allow-scripts allow-same-origin ${k}`)).toContain(`"${k}" is not allowed`);
    }
  });

  it("refuses keywords it does not know, and names the allowed ones", () => {
    expect(sandboxProblem("allow-scripts constructor")).toMatch(/"constructor" is not a sandbox keyword the playground allows \(allowed: allow-scripts, /);
    expect(sandboxProblem(`allow-scripts ${HUGE.slice(0, 400)}`)).toContain("…");
  });

  it("accepts the documented keywords, in any spacing", () => {
    expect(sandboxProblem("  allow-scripts\tallow-same-origin\nallow-popups allow-forms ")).toBeNull();
    expect(sandboxProblem("")).toBeNull();
  });

  it("is filtered again when a frame is made", () => {
    expect(frameSandbox({ sandbox: "allow-scripts allow-top-navigation allow-same-origin" })).toBe("allow-scripts allow-same-origin");
  });
});

describe("a scenario opened from a link or a file", () => {
  const builtin = BUILTIN_SCENARIOS[0] as Scenario;
  const other = (s: Scenario): Scenario => ({ ...s, windows: s.windows.map((w) => ({ ...w, script: `${w.script}\n// changed` })) });

  it("opens as a copy when a built-in has its id and other content", () => {
    const opened = besideOthers(other(builtin), {});
    expect(opened.id).toBe(`${builtin.id}-2`);
    expect(besideOthers(builtin, {})).toBe(builtin);
  });

  it("knows a library built-in whose scripts are not loaded by its content: the same opens as it, another as a copy", () => {
    const library = LIBRARY_BUILTINS[0] as Scenario;
    expect(loadedLibraryBuiltin(library.id)).toBeUndefined();
    expect(besideOthers({ ...library }, {}).id).toBe(library.id);
    expect(besideOthers(other(library), {}).id).toBe(`${library.id}-2`);
  });

  it("opens as a copy when the person's draft has its id, and never takes a taken id", () => {
    const mine: Scenario = { id: "mine", title: "Mine", summary: "", windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "1" }] };
    const theirs = other(mine);
    const drafts = { mine, "mine-2": other(theirs) };
    expect(besideOthers(theirs, drafts).id).toBe("mine-3");
    expect(besideOthers(mine, drafts)).toBe(mine);
  });

  it("takes ids named after Object.prototype's members like any other", () => {
    const s: Scenario = { id: "constructor", title: "c", summary: "", windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "" }] };
    expect(besideOthers(s, {}).id).toBe("constructor");
  });
});
