/**
 * Checks one runtime report before the host believes it. The runtime shares its realm with the
 * user's script, and a script can tamper with it (or get hold of its port): whatever arrives on a
 * window's port is only ever that window's claim, and a malformed claim must not reach the store,
 * the views or an export. Cheap, hand-written checks: a flood passes through here a million times.
 */

/** Longer texts than a real runtime ever sends (its previews stop near 2,000 characters). */
export const MAX_REPORT_TEXT = 10_000;
const MAX_TREE_NODES = 2_000;
const MAX_TREE_DEPTH = 32;
const MAX_PATH = 32;
const MAX_LIST = 1_000;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_REPORT_TEXT;
const isTextList = (v: unknown): boolean => Array.isArray(v) && v.length <= MAX_LIST && v.every(isText);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

const STEP = /^(self|parent|top|opener|frames:\d{1,6}|popup:[A-Za-z][\w-]{0,63})$/;
const isPath = (v: unknown): boolean =>
  Array.isArray(v) && v.length <= MAX_PATH && v.every((s, i) => typeof s === "string" && (STEP.test(s) || (i === 0 && s === "gone")));
const isError = (v: unknown): boolean => isObj(v) && isText(v.name) && isText(v.message);
const isPosition = (v: unknown): boolean => isObj(v) && isNum(v.line) && isNum(v.column);

const READS = new Set(["data", "origin", "source"]);
const isListener = (v: unknown): boolean =>
  isObj(v) &&
  isText(v.name) &&
  (v.via === "addEventListener" || v.via === "onmessage") &&
  Array.isArray(v.reads) &&
  v.reads.length <= 3 &&
  v.reads.every((r) => READS.has(r as string)) &&
  optional(v.threw, isError) &&
  optional(v.at, isPosition);
const isListenerList = (v: unknown): boolean => Array.isArray(v) && v.length <= MAX_LIST && v.every(isListener);

/** A data tree is plain, bounded and acyclic (structured clone keeps cycles a forger builds). */
function isTree(root: unknown): boolean {
  let budget = MAX_TREE_NODES;
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): boolean => {
    if (--budget < 0 || depth > MAX_TREE_DEPTH || !isObj(v) || seen.has(v)) return false;
    seen.add(v);
    const n: Partial<Record<"t" | "text" | "id" | "tag" | "size" | "entries" | "more", unknown>> = v;
    if (n.t === "leaf") return isText(n.text);
    if (n.t === "ref") return isNum(n.id);
    if (n.t !== "node" || !isNum(n.id) || !isText(n.tag) || !isNum(n.more) || !optional(n.size, isNum)) return false;
    if (!Array.isArray(n.entries)) return false;
    return n.entries.every((e) => Array.isArray(e) && e.length === 2 && isText(e[0]) && walk(e[1], depth + 1));
  };
  return walk(root, 0);
}

const LEVELS = new Set(["log", "info", "warn", "error", "debug"]);
const LIFECYCLE = new Set(["script-started", "popup-blocked", "popup-opened", "port-started", "port-closed", "left"]);

/** Why `r` is not a report this host accepts, or null when it is one. */
export function reportProblem(r: unknown): string | null {
  if (!isObj(r)) return "not an object";
  if (!isNum(r.seq) || !isNum(r.time)) return "no sequence number or time";
  switch (r.kind) {
    case "send":
      if (!isPath(r.target) || !isText(r.targetOrigin) || (r.form !== "positional" && r.form !== "options")) return "bad target";
      if (!isText(r.preview) || !isText(r.shape)) return "bad preview";
      if (!isTextList(r.transfer) || !isTextList(r.transferAfter) || !isTextList(r.portsSent) || !optional(r.port, isText)) return "bad transfer list";
      if (!optional(r.error, isError) || !optional(r.at, isPosition) || !optional(r.tree, isTree)) return "bad details";
      if (!optional(r.held, (v) => typeof v === "boolean") || !optional(r.resent, (v) => typeof v === "boolean") || !optional(r.toInitial, (v) => typeof v === "boolean")) return "bad flags";
      return null;
    case "receipt":
      if ((r.type !== "message" && r.type !== "messageerror") || !isText(r.origin)) return "bad event";
      if (!(r.source === null || isPath(r.source))) return "bad source";
      if (!isText(r.preview) || !isText(r.shape) || !isTextList(r.ports) || !optional(r.port, isText)) return "bad preview";
      if (!isListenerList(r.listeners) || !optional(r.tree, isTree)) return "bad details";
      return null;
    case "listeners":
      return isNum(r.receipt) && isListenerList(r.listeners) ? null : "bad listener results";
    case "released":
    case "dropped":
      if (!isNum(r.send) || !optional(r.error, isError)) return "bad held send";
      return optional(r.transferAfter, isTextList) && optional(r.portsSent, isTextList) ? null : "bad held send";
    case "console":
      return typeof r.level === "string" && LEVELS.has(r.level) && typeof r.text === "string" && optional(r.at, isPosition) ? null : "bad console line";
    case "lifecycle":
      return typeof r.what === "string" && LIFECYCLE.has(r.what) && isText(r.detail) ? null : "bad lifecycle event";
    default:
      return "unknown kind";
  }
}
