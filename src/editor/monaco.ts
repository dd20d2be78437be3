/**
 * Loads Monaco once, lazily, with only JavaScript support. Everything Monaco-related is behind this
 * module so that the host's first paint does not wait for ~1 MB of editor code.
 */
import "./setup-workers";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/javascript/register";
import { javascriptDefaults, ScriptTarget } from "monaco-editor/languages/features/typescript/register";
import * as monaco from "monaco-editor/editor/editor.api";
import playgroundTypes from "./playground-global.d.ts?raw";

let initialized = false;

export function initializeMonaco(): typeof monaco {
  if (initialized) return monaco;
  initialized = true;
  javascriptDefaults.setCompilerOptions({ allowNonTsExtensions: true, checkJs: false, target: ScriptTarget.ESNext, lib: ["esnext", "dom"] });
  javascriptDefaults.addExtraLib(playgroundTypes, "file:///playground-global.d.ts");
  return monaco;
}

export { monaco };
