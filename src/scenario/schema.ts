/**
 * The scenario file format (docs/scenario-format.md), version 1, as a zod schema. Everything that
 * reads a scenario from outside (a file, a link, saved work) goes through `parseScenario`, which
 * either returns a valid scenario or says what is wrong and where.
 */
import { z } from "./zod";
import { MESSAGE_STATES } from "../timeline/classify";
import { ENGINES } from "../engines/engine";
import { nestingProblem, versionProblem } from "./file-checks";
import { sandboxProblem } from "./sandbox-flags";
import { MAX_SCENARIO_BYTES, SCENARIO_FORMAT, SCENARIO_VERSION, type ParseResult } from "./scenario-file";

export { SCENARIO_FORMAT, SCENARIO_VERSION, MAX_SCENARIO_BYTES, toScenarioFile, fromScenarioFile, type ParseResult } from "./scenario-file";

const name = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,39}$/, "must start with a letter and hold only letters, digits, _ or - (at most 40)");

/**
 * One timeline row a conformance file expects. Fields left out are not checked; `{alice}` in a
 * value stands for the origin of site "alice" wherever the suite runs; `reason`, `listeners`,
 * `transfer` and `route` match if the row's text contains them (each of them, for a list).
 */
const expectedRow = z
  .object({
    from: z.string(),
    to: z.string(),
    state: z.enum(MESSAGE_STATES),
    targetOrigin: z.string().optional(),
    origin: z.string().optional(),
    source: z.string().optional(),
    data: z.string().optional(),
    reason: z.string().optional(),
    listeners: z.union([z.string(), z.array(z.string())]).optional(),
    transfer: z.string().optional(),
    /** Contained in the from and to cells together: ports, channels and where ports travelled. */
    route: z.string().optional(),
    /** A MessagePort message (true) or a window message (false). */
    port: z.boolean().optional(),
    /** Shown from the receiving side: the sender's runtime could not see the send. */
    reconstructed: z.boolean().optional(),
    /** The target navigated between send and dispatch (the engines differ here: docs/engines.md). */
    navigated: z.boolean().optional(),
  })
  .strict();

/** What an engine does differently with one row: these fields replace the row's own there. */
const engineOutcome = z
  .object({
    state: z.enum(MESSAGE_STATES).optional(),
    origin: z.string().optional(),
    source: z.string().optional(),
    data: z.string().optional(),
    reason: z.string().optional(),
    listeners: z.union([z.string(), z.array(z.string())]).optional(),
    navigated: z.boolean().optional(),
    /** The engine shows no such row at all (e.g. it threw nothing, so no row is reconstructed). */
    absent: z.literal(true).optional(),
  })
  .strict();

/** Per-engine outcomes where the engines truly differ; the row's own fields are Chromium's. */
const engineOutcomes = z.partialRecord(z.enum(ENGINES), engineOutcome);

const expectedRowWithEngines = expectedRow.extend({ engines: engineOutcomes.optional() }).strict();

const expected = z
  .object({
    /** Every row of the timeline, in any order. */
    messages: z.array(expectedRowWithEngines),
    /** Each window's console output, in order (windows not listed are not checked). */
    console: z.record(z.string(), z.array(z.string())).optional(),
    /**
     * Per engine: the console lines of the windows whose output differs there (replacing theirs),
     * and, where that engine's outcome depends on a race the scripts cannot settle, the other
     * outcome a run may show instead, whole.
     */
    engines: z
      .partialRecord(
        z.enum(ENGINES),
        z
          .object({
            console: z.record(z.string(), z.array(z.string())).optional(),
            race: z
              .object({
                /** What races, in plain words. */
                why: z.string(),
                /** Every row of the timeline in that outcome, as `messages` (without `engines`). */
                messages: z.array(expectedRow),
                /** The console lines of the windows whose output differs in that outcome. */
                console: z.record(z.string(), z.array(z.string())).optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .optional(),
    /** Why the browser does this, for the person reading the file. */
    notes: z.string().optional(),
  })
  .strict();

const windowSchema = z
  .object({
    name,
    origin: z.string().min(1),
    kind: z.enum(["iframe", "popup"]),
    parent: name.optional(),
    opener: name.optional(),
    sandbox: z
      .string()
      .max(500)
      .superRefine((v, ctx) => {
        const problem = sandboxProblem(v);
        if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    createdByScript: z.boolean().optional(),
    html: z.string().max(100_000).optional(),
    script: z.string().max(200_000),
  })
  .strict();

export const scenarioFileSchema = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(SCENARIO_VERSION),
    id: name,
    title: z.string().min(1).max(120),
    summary: z.string().max(2000).default(""),
    windows: z.array(windowSchema).min(1).max(12),
    /** How long one loop may keep a window busy before the loop guard stops it; 0 turns the guard off. */
    loopGuardMs: z.number().int().min(0).max(600_000).optional(),
    /** Conformance files only: the timeline and console output the browser must produce. */
    expected: expected.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Map(s.windows.map((w, i) => [w.name, i]));
    s.windows.forEach((w, i) => {
      const at = (key: string) => ["windows", i, key];
      if (names.get(w.name) !== i) ctx.addIssue({ code: "custom", path: at("name"), message: `"${w.name}" is used by another window` });
      if (w.kind === "popup") {
        if (w.parent !== undefined) ctx.addIssue({ code: "custom", path: at("parent"), message: "a popup has an opener, not a parent" });
        if (w.opener === undefined) ctx.addIssue({ code: "custom", path: at("opener"), message: "a popup needs the window whose script opens it" });
      } else if (w.opener !== undefined) {
        ctx.addIssue({ code: "custom", path: at("opener"), message: "an iframe has a parent (or none, for a frame of the page), not an opener" });
      }
      if (w.createdByScript === true) {
        if (w.kind !== "iframe" || w.parent === undefined) {
          ctx.addIssue({ code: "custom", path: at("createdByScript"), message: "only a nested iframe can be made by its parent's script (a popup always is; a frame of the page is made by the playground)" });
        } else if (w.sandbox !== undefined) {
          ctx.addIssue({ code: "custom", path: at("sandbox"), message: "a frame the script makes gets the sandbox attribute the script gives it: remove \"sandbox\" or \"createdByScript\"" });
        }
      }
      for (const key of ["parent", "opener"] as const) {
        const ref = w[key];
        if (ref === undefined) continue;
        if (!names.has(ref)) ctx.addIssue({ code: "custom", path: at(key), message: `no window named "${ref}"` });
        else if (ref === w.name) ctx.addIssue({ code: "custom", path: at(key), message: "a window cannot be its own " + key });
      }
    });
    // Frames nest in a tree: following parents must end at the page.
    for (const [i, w] of s.windows.entries()) {
      const seen = new Set<string>();
      let cur: string | undefined = w.name;
      while (cur !== undefined) {
        if (seen.has(cur)) {
          ctx.addIssue({ code: "custom", path: ["windows", i, "parent"], message: "frames nest in a loop" });
          break;
        }
        seen.add(cur);
        cur = s.windows.find((x) => x.name === cur)?.parent;
      }
    }
  });

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type ExpectedRow = z.infer<typeof expectedRowWithEngines>;
export type EngineOutcome = z.infer<typeof engineOutcome>;
export type Expected = z.infer<typeof expected>;

/** A value as a person would type it, cut short: `"nope"`, `42`, `a list`. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

/** The value at `path` in the input, read as own entries only. */
function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || typeof key === "symbol" || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[String(key)];
  }
  return cur;
}

/** A field's path written as in code (`windows[0].kind`), after a person's name for the window it is in. */
export function placeOf(path: readonly PropertyKey[], input: unknown): string {
  const code = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  if (path[0] === "windows" && typeof path[1] === "number") {
    const name = at(input, ["windows", path[1], "name"]);
    const who = `window ${path[1] + 1}${typeof name === "string" && name.length > 0 ? ` (${shown(name)})` : ""}`;
    return path.length > 2 ? `${who}, ${code}` : who;
  }
  return code || "the file";
}

/** One problem in words: what the field must be, and what it is. */
function problem(issue: z.core.$ZodIssue, input: unknown): string {
  const value = at(input, issue.path);
  const but = value === undefined ? "" : `, not ${shown(value)}`;
  const count = (n: number | bigint, origin: string) =>
    origin === "string" ? `${n} character${n === 1 ? "" : "s"}` : origin === "array" ? `${n} entr${n === 1 ? "y" : "ies"}` : String(n);
  switch (issue.code) {
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v));
      const list = options.length <= 2 ? options.join(" or ") : `one of ${options.slice(0, -1).join(", ")} or ${options.at(-1) ?? ""}`;
      return `must be ${list}${but}`;
    }
    case "invalid_type":
      if (value === undefined) return "is missing";
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}${but}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      return issue.origin === "number" ? `must be at least ${issue.minimum}` : `must hold at least ${count(issue.minimum, issue.origin)}`;
    case "too_big":
      return issue.origin === "number" ? `must be at most ${issue.maximum}` : `must hold at most ${count(issue.maximum, issue.origin)}`;
    case "unrecognized_keys":
      return `has ${issue.keys.length === 1 ? "a field" : "fields"} this format does not know: ${issue.keys.slice(0, 5).map((k) => shown(k)).join(", ")}`;
    case "invalid_union":
      return `has the wrong kind of value${but}`;
    default:
      // The schema's own messages (regex and custom checks) are already written for people.
      return issue.message;
  }
}

/** Up to five problems, each as `window 1 ("alice"), windows[0].kind: must be "iframe" or "popup", not "nope"`. */
export function describeIssues(error: z.ZodError, input?: unknown): string {
  const shownIssues = error.issues.slice(0, 5).map((i) => `${placeOf(i.path, input)}: ${problem(i, input)}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : "";
  return shownIssues.join("; ") + more;
}

/** Why text is not JSON, in words: where it breaks, not the parser's message. */
export function notJson(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : "";
  const position = /position (\d+)/.exec(message)?.[1];
  if (/end of JSON input/i.test(message) || (position !== undefined && Number(position) >= text.trimEnd().length)) {
    return "not JSON: it ends too early (was it cut short?)";
  }
  if (position !== undefined) {
    const before = text.slice(0, Number(position));
    const line = before.split("\n").length;
    const column = Number(position) - before.lastIndexOf("\n");
    return `not JSON: something is wrong at line ${line}, column ${column}`;
  }
  return text.trimStart().startsWith("{") ? "not JSON: something in it is not written as JSON" : "not JSON: a scenario or timeline file starts with {";
}

/** Parses scenario JSON text. `sites` are the configured sandbox site names windows may use. */
export function parseScenario(text: string, sites: readonly string[]): ParseResult<ScenarioFile> {
  if (text.length > MAX_SCENARIO_BYTES) return { ok: false, error: `the scenario holds ${text.length} characters; at most ${MAX_SCENARIO_BYTES} are accepted` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: notJson(text, e) };
  }
  return validateScenario(json, sites);
}

export function validateScenario(json: unknown, sites: readonly string[]): ParseResult<ScenarioFile> {
  const problem = versionProblem(json, SCENARIO_FORMAT, SCENARIO_VERSION, "scenario") ?? nestingProblem(json);
  if (problem !== null) return { ok: false, error: problem };
  const parsed = scenarioFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error, json) };
  const unknownSite = parsed.data.windows.findIndex((w) => !sites.includes(w.origin));
  if (unknownSite >= 0) {
    const w = parsed.data.windows[unknownSite];
    return { ok: false, error: `${placeOf(["windows", unknownSite, "origin"], json)}: "${w?.origin ?? ""}" is not a configured sandbox site (configured: ${sites.join(", ")})` };
  }
  return { ok: true, value: parsed.data };
}
