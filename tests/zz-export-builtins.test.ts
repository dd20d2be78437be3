// One-off: writes the TypeScript built-ins as scenario files. Not committed.
import { it } from "vitest";
import { BUILTIN_SCENARIOS } from "../src/scenario/builtin";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import { fs } from "./node-fs";

it("exports", () => {
  const own = BUILTIN_SCENARIOS.filter((s) => !LIBRARY_BUILTINS.some((l) => l.id === s.id));
  own.forEach((s, i) => {
    const { id, title, summary, windows, loopGuardMs, expected } = s as typeof s & { expected?: unknown };
    const file = { format: "postmessage-playground/scenario", version: 1, id, title, summary, ...(loopGuardMs !== undefined ? { loopGuardMs } : {}), windows, ...(expected !== undefined ? { expected } : {}) };
    const name = `${String(i + 1).padStart(2, "0")}-${id}.scenario.json`;
    fs.writeFileSync(new URL(`../src/scenario/builtins/${name}`, import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
  });
});
