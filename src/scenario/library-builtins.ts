/**
 * Built-in scenarios that run real postMessage libraries (penpal, comlink). Their scripts hold the
 * libraries' browser builds, so they are generated from node_modules by
 * scripts/library-scenarios.mjs and checked in as JSON; tests/library-scenarios.test.ts fails when
 * a file is not what the generator makes. The libraries' handshakes are not the same in every run
 * (penpal picks its handshake leader at random), so these promise their console lines, not a
 * fixed list of rows: e2e/libraries.spec.ts checks those lines and that every row is true.
 */
import { z } from "zod";
import comlinkChannel from "./libraries/comlink-channel.json" with { type: "json" };
import penpalFrame from "./libraries/penpal-frame.json" with { type: "json" };
import { fromScenarioFile, scenarioFileSchema } from "./schema";
import type { Scenario } from "./types";

export type LibraryBuiltin = Scenario & { promised: { console: Record<string, string[]> } };

const promisedSchema = z.object({ console: z.record(z.string(), z.array(z.string())) }).strict();

function load(json: object): LibraryBuiltin {
  const { promised, ...file } = json as { promised?: unknown };
  return { ...fromScenarioFile(scenarioFileSchema.parse(file)), promised: promisedSchema.parse(promised) };
}

export const LIBRARY_BUILTINS: readonly LibraryBuiltin[] = [load(penpalFrame), load(comlinkChannel)];
