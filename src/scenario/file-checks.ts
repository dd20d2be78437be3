/**
 * Checks on a parsed file that come before its schema. zod reads nested values by recursion, as
 * would the views that draw them: a file nested a few thousand levels deep overflows the stack
 * there, and the file then opens with neither a timeline nor a word. So nesting is measured here
 * first, without recursion, and a file nested deeper than any the playground writes is refused
 * with where and how deep. The version gets a check of its own so that a wrong type is named.
 */

/** A field's place in a file, written as in code: `sends[3].tree`. */
export type FieldPath = readonly (string | number)[];

export function pathText(path: FieldPath): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") || "(file)";
}

/**
 * Levels of a data tree (a message's structure, as the inspector shows it) read from a file: the
 * host accepts no deeper tree from a live window (report-check.ts), and the runtime writes at most 8.
 */
export const MAX_FILE_TREE_LEVELS = 32;
/** Nesting of any other field: no field the formats define nests more than 5 levels (a scenario's expected rows). */
export const MAX_FILE_NESTING = 32;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** How many levels of arrays and objects `root` holds (0 for a plain value), counted with a stack of its own. */
export function nesting(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== "object" || v === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push([child, level]);
    }
  }
  return deepest;
}

/** How many data-tree nodes deep `root` goes: a node's children are the values of its `entries`. */
export function treeLevels(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, level] = top;
    if (!isObj(node)) continue;
    if (level > deepest) deepest = level;
    if (!Array.isArray(node.entries)) continue;
    for (const entry of node.entries) {
      if (Array.isArray(entry)) stack.push([entry[1], level + 1]);
    }
  }
  return deepest;
}

/**
 * The fields whose nesting is measured: each field of each record in a list (`sends[3].tree`,
 * `windows[0].script`), and every other top-level field as a whole (`documents`, `scenario`).
 */
function fieldsOf(root: unknown): [FieldPath, unknown][] {
  if (!isObj(root)) return [[[], root]];
  const fields: [FieldPath, unknown][] = [];
  for (const [key, value] of Object.entries(root)) {
    if (!Array.isArray(value)) {
      fields.push([[key], value]);
      continue;
    }
    value.forEach((item, i) => {
      if (isObj(item)) for (const [field, v] of Object.entries(item)) fields.push([[key, i, field], v]);
      else fields.push([[key, i], item]);
    });
  }
  return fields;
}

/**
 * What is nested too deep in a parsed file, in words, or null when nothing is. `treeFields` names
 * the record fields that hold data trees, counted in tree levels (each is also three JSON levels).
 */
export function nestingProblem(root: unknown, treeFields: readonly string[] = []): string | null {
  for (const [path, value] of fieldsOf(root)) {
    const isTree = path.length === 3 && treeFields.includes(String(path[2]));
    if (isTree) {
      const levels = treeLevels(value);
      if (levels > MAX_FILE_TREE_LEVELS) return `${pathText(path)} is nested ${levels} levels deep; at most ${MAX_FILE_TREE_LEVELS} are read`;
    }
    const limit = isTree ? 3 * MAX_FILE_TREE_LEVELS : MAX_FILE_NESTING;
    const depth = nesting(value);
    if (depth > limit) return `${pathText(path)} is nested ${depth} levels deep; at most ${limit} are read`;
  }
  return null;
}

/** A value as a person would name it in a message: `the string "1"`, `the boolean true`, `an object`. */
function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") {
    const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `the ${typeof v} ${String(v)}`;
  return typeof v === "object" ? "an object" : `a value of type ${typeof v}`;
}

/**
 * Why a file of `format` cannot be read for its version, or null when its version is `version` (or
 * it is not a file of that format: the schema says so then).
 */
export function versionProblem(json: unknown, format: string, version: number, formatName: string): string | null {
  if (!isObj(json) || json.format !== format) return null;
  if (!("version" in json)) return `version is missing: it must be the number ${version}`;
  const v = json.version;
  if (typeof v !== "number") return `version must be the number ${version}, not ${describeValue(v)}`;
  if (v !== version) return `version ${v} of the ${formatName} format is not known to this playground (it reads version ${version})`;
  return null;
}
