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
}

export function expectedFor(expected: Expected, engine: Engine): ResolvedExpected {
  const messages: ResolvedRow[] = [];
  for (const { engines, ...row } of expected.messages) {
    const { absent, ...outcome } = engines?.[engine] ?? {};
    if (absent) continue;
    messages.push({ ...row, ...outcome });
  }
  return { messages, console: { ...expected.console, ...expected.engines?.[engine]?.console } };
}

/** The engines whose outcome differs from Chromium's somewhere in this file. */
export function enginesThatDiffer(expected: Expected): Engine[] {
  const found = new Set<Engine>();
  for (const row of expected.messages) for (const e of Object.keys(row.engines ?? {}) as Engine[]) found.add(e);
  for (const e of Object.keys(expected.engines ?? {}) as Engine[]) found.add(e);
  return [...found];
}
