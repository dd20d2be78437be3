/**
 * The built-in scenarios, checked and prepared when the app is built or served instead of each
 * time the page opens: the Vite plugin below serves `virtual:builtin-scenarios`, the files of
 * src/scenario/builtins/ read through the rules of src/scenario/builtin-files.ts (the schema
 * among them), as data the app takes as it is, and each window's script as its first run
 * prepares it (src/run/prepare.ts), so that a page opened on a built-in neither loads zod nor
 * parses a script before its first frame. A file that is not a valid built-in, or a script that
 * does not parse, stops the build, or shows the dev server's error overlay, with the file's name
 * and what is wrong.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";
import { prepareRecorded, recordScript, type PreparedScript } from "../src/run/prepare";
import { preparedKey } from "../src/run/prepared-key";
import { builtinsFromFiles, type BuiltinScenario } from "../src/scenario/builtin-files";
import { guardsLoops } from "../src/scenario/types";

export const BUILTIN_DIR = resolve(import.meta.dirname, "..", "src", "scenario", "builtins");
const ID = "virtual:builtin-scenarios";
const RESOLVED_ID = `\0${ID}`;
/** The scenario the playground opens on, alone: what a first visit's early run loads (src/early-run.ts). */
const DEFAULT_ID = "virtual:default-scenario";
const RESOLVED_DEFAULT_ID = `\0${DEFAULT_ID}`;

const scenarioFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".scenario.json"));

/** The built-ins of `dir`, checked, in the picker's order. Throws, naming the file, on the first that is not valid. */
export function readBuiltins(dir = BUILTIN_DIR): BuiltinScenario[] {
  const files = scenarioFiles(dir).map((f): [string, unknown] => {
    try {
      return [f, JSON.parse(readFileSync(join(dir, f), "utf8"))];
    } catch (e) {
      throw new Error(`${f}: not JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
  });
  return builtinsFromFiles(Object.fromEntries(files));
}

/** Each window's script of `builtins` as its first run prepares it: [script, with the loop guard, prepared]. */
export function preparedBuiltins(builtins: readonly BuiltinScenario[]): [string, boolean, PreparedScript][] {
  const prepared = new Map<string, [string, boolean, PreparedScript]>();
  for (const scenario of builtins) {
    const withLoopGuard = guardsLoops(scenario);
    for (const w of scenario.windows) {
      const recorded = recordScript(w.script);
      if (recorded.syntaxError) throw new Error(`${scenario.id}: window ${w.name}'s script does not parse (${recorded.syntaxError.message})`);
      prepared.set(preparedKey(w.script, withLoopGuard), [w.script, withLoopGuard, prepareRecorded(w.script, recorded, withLoopGuard)]);
    }
  }
  return [...prepared.values()];
}

export function builtinScenarios(dir = BUILTIN_DIR): Plugin {
  return {
    name: "builtin-scenarios",
    resolveId: (id) => (id === ID ? RESOLVED_ID : id === DEFAULT_ID ? RESOLVED_DEFAULT_ID : undefined),
    // A file changed is a watched file of the module; a file added or removed is not: the dev
    // server makes the module again and reloads the page.
    configureServer(server) {
      const changed = (file: string) => {
        if (!file.startsWith(dir) || !file.endsWith(".scenario.json")) return;
        for (const id of [RESOLVED_ID, RESOLVED_DEFAULT_ID]) {
          const module = server.moduleGraph.getModuleById(id);
          if (module) server.moduleGraph.invalidateModule(module);
        }
        server.ws.send({ type: "full-reload" });
      };
      server.watcher.on("add", changed);
      server.watcher.on("unlink", changed);
    },
    load(id) {
      if (id !== RESOLVED_ID && id !== RESOLVED_DEFAULT_ID) return undefined;
      for (const f of scenarioFiles(dir)) this.addWatchFile(join(dir, f));
      const builtins = readBuiltins(dir);
      // JSON.parse of a string literal: engines read it faster than the same object literal.
      const json = (value: unknown) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
      if (id === RESOLVED_ID) return `export default ${json(builtins)};\nexport const PREPARED_BUILTINS = ${json(preparedBuiltins(builtins))};\n`;
      const first = builtins.slice(0, 1);
      if (first.length === 0) throw new Error(`${dir} holds no scenario file: the playground has nothing to open on`);
      return `export default ${json(first[0])};\nexport const PREPARED_DEFAULT = ${json(preparedBuiltins(first))};\n`;
    },
  };
}
