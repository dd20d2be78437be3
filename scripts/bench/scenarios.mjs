/**
 * The bench's scenarios, as scenario files (docs/scenario-format.md) in scenarios/. `{{N}}` in a
 * file (the number of messages) is filled in when a figure asks for the scenario, so that one file
 * serves every size.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import LZString from "lz-string";
import { BASE } from "./server.mjs";

const DIR = join(import.meta.dirname, "scenarios");
const BUILTINS = join(import.meta.dirname, "..", "..", "src", "scenario", "builtins");

/** The scenario file `scenarios/<name>.scenario.json`, with `{{key}}` replaced by `values[key]`. */
export function benchScenario(name, values) {
  const text = readFileSync(join(DIR, `${name}.scenario.json`), "utf8");
  const filled = text.replace(/\{\{(\w+)\}\}/g, (m, key) => {
    if (!(key in values)) throw new Error(`scenarios/${name}.scenario.json: no value for ${m}`);
    return String(values[key]);
  });
  return JSON.parse(filled);
}

const link = (file) => LZString.compressToEncodedURIComponent(JSON.stringify(file));
/** The playground, opened on `file` from a share link. */
export const playgroundUrl = (file) => `${BASE}/#scenario=${link(file)}`;
/** The same scripts on the same origins without the playground's runtime (sandboxes/plain.html). */
export const plainUrl = (file) => `${BASE}/sandboxes/plain.html#scenario=${link(file)}`;

/** The built-in scenario the playground opens on: the first file of src/scenario/builtins/ (src/scenario/builtin.ts). */
export function defaultScenario() {
  const first = readdirSync(BUILTINS)
    .filter((f) => f.endsWith(".scenario.json"))
    .sort()[0];
  if (first === undefined) throw new Error(`${BUILTINS} holds no scenario file`);
  return JSON.parse(readFileSync(join(BUILTINS, first), "utf8"));
}
