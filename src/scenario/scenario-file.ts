/**
 * The scenario file format's constants and its conversion to and from the app's Scenario, without
 * the schema: writing a file, a link or saved work, and reading a built-in (checked when the app
 * is built), must not load zod. Reading anything from outside goes through schema.ts.
 */
import type { ScenarioFile } from "./schema";
import type { Scenario } from "./types";

export const SCENARIO_FORMAT = "postmessage-playground/scenario";
export const SCENARIO_VERSION = 1;
/** Large enough for any hand-written scenario; small enough that a hostile file cannot hang the page. */
export const MAX_SCENARIO_BYTES = 512 * 1024;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function toScenarioFile(s: Scenario): ScenarioFile {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: s.id,
    title: s.title,
    summary: s.summary,
    windows: s.windows,
    ...(s.loopGuardMs !== undefined ? { loopGuardMs: s.loopGuardMs } : {}),
  };
}

export function fromScenarioFile(f: ScenarioFile): Scenario {
  return { id: f.id, title: f.title, summary: f.summary, windows: f.windows, ...(f.loopGuardMs !== undefined ? { loopGuardMs: f.loopGuardMs } : {}) };
}
