/**
 * A conformance file's `expected` as one engine must meet it: each row's own fields are
 * Chromium's, and `engines.<engine>` on a row (or on `expected`, for console lines) replaces the
 * fields that engine does differently (docs/scenario-format.md). Pure.
 */
import type { Expected, ExpectedRow } from "../scenario/schema";
import type { Engine } from "./engine";

export type ResolvedRow = Omit<ExpectedRow, "engines">;
export interface ResolvedExpected {
  messages: ResolvedRow[];
  console: Record<string, string[]>;
  /** The other outcome this engine may show instead, when a race decides (`engines.<engine>.race`). */
  race?: { why: string; messages: ResolvedRow[]; console: Record<string, string[]> };
}

export function expectedFor(expected: Expected, engine: Engine): ResolvedExpected {
  const messages: ResolvedRow[] = [];
  for (const { engines, ...row } of expected.messages) {
    const { absent, ...outcome } = engines?.[engine] ?? {};
    if (absent) continue;
    messages.push({ ...row, ...outcome });
  }
  const own = expected.engines?.[engine];
  const console = { ...expected.console, ...own?.console };
  const resolved: ResolvedExpected = { messages, console };
  if (own?.race) resolved.race = { why: own.race.why, messages: own.race.messages, console: { ...console, ...own.race.console } };
  return resolved;
}

/**
 * Passes when `check` passes for this engine's outcome, or for the other outcome a race may give
 * it; otherwise throws what the first outcome missed.
 */
export async function meetsEither(want: ResolvedExpected, check: (outcome: Omit<ResolvedExpected, "race">) => void | Promise<void>): Promise<void> {
  try {
    await check(want);
  } catch (first) {
    if (!want.race) throw first;
    try {
      await check(want.race);
    } catch {
      throw first;
    }
  }
}

/** The engines whose outcome differs from Chromium's somewhere in this file. */
export function enginesThatDiffer(expected: Expected): Engine[] {
  const found = new Set<Engine>();
  for (const row of expected.messages) for (const e of Object.keys(row.engines ?? {}) as Engine[]) found.add(e);
  for (const e of Object.keys(expected.engines ?? {}) as Engine[]) found.add(e);
  return [...found];
}
