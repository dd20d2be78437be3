/**
 * The built-in scenarios, checked when the app is built or served instead of each time the page
 * opens: the Vite plugin below serves `virtual:builtin-scenarios`, the files of
 * src/scenario/builtins/ read through the rules of src/scenario/builtin-files.ts (the schema
 * among them), as data the app takes as it is. A file that is not a valid built-in stops the
 * build, or shows the dev server's error overlay, with the file's name and what is wrong.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";
import { builtinsFromFiles, type BuiltinScenario } from "../src/scenario/builtin-files";

export const BUILTIN_DIR = resolve(import.meta.dirname, "..", "src", "scenario", "builtins");
const ID = "virtual:builtin-scenarios";
const RESOLVED_ID = `\0${ID}`;

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

export function builtinScenarios(dir = BUILTIN_DIR): Plugin {
  return {
    name: "builtin-scenarios",
    resolveId: (id) => (id === ID ? RESOLVED_ID : undefined),
    // A file changed is a watched file of the module; a file added or removed is not: the dev
    // server makes the module again and reloads the page.
    configureServer(server) {
      const changed = (file: string) => {
        if (!file.startsWith(dir) || !file.endsWith(".scenario.json")) return;
        const module = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (module) server.moduleGraph.invalidateModule(module);
        server.ws.send({ type: "full-reload" });
      };
      server.watcher.on("add", changed);
      server.watcher.on("unlink", changed);
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const f of scenarioFiles(dir)) this.addWatchFile(join(dir, f));
      // JSON.parse of a string literal: engines read it faster than the same object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(readBuiltins(dir)))});\n`;
    },
  };
}
