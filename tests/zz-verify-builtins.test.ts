// One-off: the exported files hold exactly the TypeScript built-ins. Not committed.
import { expect, it } from "vitest";
import { BUILTIN_SCENARIOS } from "../src/scenario/builtin";
import { builtinsFromFiles } from "../src/scenario/builtin-files";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";

it("files equal the TS definitions", () => {
  const files = builtinsFromFiles(import.meta.glob("../src/scenario/builtins/*.scenario.json", { eager: true, import: "default" }));
  const old = BUILTIN_SCENARIOS.filter((s) => !LIBRARY_BUILTINS.some((l) => l.id === s.id));
  expect(files.length).toBe(13);
  expect(files.map((f) => f.id)).toEqual(old.map((o) => o.id));
  files.forEach((f, i) => {
    const o = old[i] as (typeof old)[number] & { expected?: unknown };
    if (o.expected === undefined) {
      const { expected, ...rest } = f;
      expect(expected.messages.length).toBe(4);
      expect(rest).toStrictEqual(o);
    } else {
      expect(f).toStrictEqual(o);
    }
  });
});
