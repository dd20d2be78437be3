/**
 * Scenarios in links: `#scenario=<lz-string of the scenario file's JSON>` (docs/share-url.md).
 * lz-string's URI-safe alphabet needs no further escaping in a fragment. The schema that checks a
 * link's scenario loads only when a link holds one: a page opened without one does not pay for it.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import type { Scenario } from "./types";
import { decompressedLength } from "./lz-bound";
import { MAX_SCENARIO_BYTES, toScenarioFile, type ParseResult } from "./scenario-file";
import type { ScenarioFile } from "./schema";

export const HASH_KEY = "scenario";
/** A link longer than this is refused before decompressing. */
export const MAX_LINK_CHARS = 200_000;

export function scenarioToHash(s: Scenario): string {
  return `#${HASH_KEY}=${compressToEncodedURIComponent(JSON.stringify(toScenarioFile(s)))}`;
}

// Not URLSearchParams: it would read lz-string's "+" as a space.
const packedIn = (hash: string): string | undefined => new RegExp(`(?:^#?|&)${HASH_KEY}=([^&]*)`).exec(hash)?.[1];

/** Whether the hash holds a scenario, readable or not. */
export const holdsScenario = (hash: string): boolean => packedIn(hash) !== undefined;

/** null when the hash holds no scenario at all. */
export async function scenarioFromHash(hash: string, sites: readonly string[]): Promise<ParseResult<ScenarioFile> | null> {
  const packed = packedIn(hash);
  if (packed === undefined) return null;
  if (packed.length > MAX_LINK_CHARS) return { ok: false, error: `the link holds ${packed.length} characters; at most ${MAX_LINK_CHARS} are accepted` };
  // Measured before decompressing: a few kilobytes of link can stand for gigabytes of text.
  const length = decompressedLength(packed, MAX_SCENARIO_BYTES);
  if (length === "too long") return { ok: false, error: `the link's scenario is over ${MAX_SCENARIO_BYTES} characters once decompressed, more than a scenario may hold` };
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  // lz-string turns a damaged link into text of garbled characters as often as into nothing;
  // either way what a person needs to know is that the link itself is broken.
  const damaged: ParseResult<ScenarioFile> = {
    ok: false,
    error: "this link is cut short or damaged (it could not be decompressed). Ask for the link again",
  };
  if (!text) return damaged;
  const { parseScenario } = await import("./schema");
  const parsed = parseScenario(text, sites);
  return !parsed.ok && parsed.error.startsWith("not JSON") ? damaged : parsed;
}
