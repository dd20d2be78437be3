/** Every script prepared and checked: by the parser, or, for a built-in's, as the build did it (parser.ts). */
import type { ScriptPreparer } from "./built-scripts";
import { preparedScript } from "./parser";
import { syntaxProblem } from "./syntax-check";

export const SCRIPTS: ScriptPreparer = { prepared: preparedScript, syntaxProblem };
