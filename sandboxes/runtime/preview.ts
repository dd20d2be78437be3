/**
 * Text previews of message data and console arguments, made without running user code:
 * getters are shown as `[getter]`, never called, because calling them twice (once for the
 * preview, once for the structured clone) would change what the page does.
 */

const MAX_TEXT = 240;
const MAX_ITEMS = 8;
const MAX_DEPTH = 3;

/** `[object Tag]`'s Tag; "Object" when reading it throws (a revoked proxy, a hostile getter). */
export const toStringTag = (v: object): string => {
  try {
    return Object.prototype.toString.call(v).slice(8, -1);
  } catch {
    return "Object";
  }
};

function isWindowLike(v: object): boolean {
  try {
    return (v as { window?: unknown }).window === v;
  } catch {
    return false;
  }
}

function isDetached(buf: ArrayBuffer): boolean {
  const flag = (buf as { detached?: boolean }).detached;
  if (typeof flag === "boolean") return flag;
  if (buf.byteLength !== 0) return false;
  // Older engines lack `detached`; a view on a detached buffer cannot be made.
  try {
    new Uint8Array(buf);
    return false;
  } catch {
    return true;
  }
}

function ownValue(obj: object, key: PropertyKey): { value?: unknown; getter: boolean } {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (!d) return { getter: false };
  if ("value" in d) return { value: d.value, getter: false };
  return { getter: true };
}

function quote(s: string): string {
  return JSON.stringify(s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);
}

function render(v: unknown, depth: number, seen: Set<object>): string {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
    case "boolean":
    case "undefined":
      return String(v);
    case "bigint":
      return `${v}n`;
    case "symbol":
      return v.toString();
    case "function":
      return `ƒ ${v.name || "anonymous"}()`;
  }
  if (v === null) return "null";
  const obj = v as object;
  if (seen.has(obj)) return "[Circular]";
  if (isWindowLike(obj)) return "[Window]";
  const tag = toStringTag(obj);
  if (tag === "ArrayBuffer") {
    const buf = obj as ArrayBuffer;
    return isDetached(buf) ? "ArrayBuffer (detached)" : `ArrayBuffer(${buf.byteLength})`;
  }
  if (ArrayBuffer.isView(obj)) {
    const view = obj as unknown as { length?: number; byteLength: number } & ArrayLike<number>;
    const len = view.length ?? view.byteLength;
    if (view.length === undefined) return `${tag}(${len})`;
    const items = Array.from({ length: Math.min(len, MAX_ITEMS) }, (_, i) => String(view[i]));
    return `${tag}(${len}) [${items.join(", ")}${len > MAX_ITEMS ? ", …" : ""}]`;
  }
  if (tag === "Date") return `Date(${Number.isNaN((obj as Date).getTime()) ? "Invalid" : (obj as Date).toISOString()})`;
  if (tag === "RegExp") return RegExp.prototype.toString.call(obj);
  if (tag === "Map" || tag === "Set") return `${tag}(${(obj as Map<unknown, unknown>).size})`;
  if (tag === "Error" || obj instanceof Error) {
    const e = obj as Error;
    const name = ownValue(e, "name").value;
    const message = ownValue(e, "message").value;
    return `${typeof name === "string" ? name : e.name}: ${typeof message === "string" ? message : ""}`;
  }
  if (typeof Node !== "undefined" && obj instanceof Node) return `<${obj.nodeName.toLowerCase()}>`;
  if (tag !== "Object" && tag !== "Array") return tag;
  if (depth >= MAX_DEPTH) return Array.isArray(obj) ? `Array(${obj.length})` : "{…}";
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const n = obj.length;
      const parts: string[] = [];
      for (let i = 0; i < Math.min(n, MAX_ITEMS); i++) {
        const { value, getter } = ownValue(obj, String(i));
        parts.push(getter ? "[getter]" : render(value, depth + 1, seen));
      }
      if (n > MAX_ITEMS) parts.push(`… ${n - MAX_ITEMS} more`);
      return `[${parts.join(", ")}]`;
    }
    const keys = Object.keys(obj);
    const parts: string[] = [];
    for (const key of keys.slice(0, MAX_ITEMS)) {
      const { value, getter } = ownValue(obj, key);
      const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      parts.push(`${k}: ${getter ? "[getter]" : render(value, depth + 1, seen)}`);
    }
    if (keys.length > MAX_ITEMS) parts.push(`… ${keys.length - MAX_ITEMS} more`);
    return `{${parts.join(", ")}}`;
  } finally {
    seen.delete(obj);
  }
}

const NO_SEEN: Set<object> = new Set();

export function preview(value: unknown): string {
  // Most messages are primitives (a flood's certainly): no Set to make for them.
  const text = typeof value === "object" && value !== null ? render(value, 0, new Set()) : render(value, 0, NO_SEEN);
  return text.length > MAX_TEXT * 2 ? `${text.slice(0, MAX_TEXT * 2)}…` : text;
}

/**
 * A summary of a message that survives structured cloning unchanged, so the sender's copy and the
 * receiver's copy give the same string. Pairing uses it to refuse a receipt that cannot belong to
 * a send (e.g. when a send made through `top` was invisible to the sender's runtime).
 */
export function shapeOf(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `s${value.length}:${value.slice(0, 64)}`;
    case "number":
      return `n:${String(value)}`;
    case "boolean":
    case "undefined":
    case "bigint":
      return `${typeof value}:${String(value)}`;
    case "symbol":
    case "function":
      return typeof value;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (Array.isArray(obj)) return `Array:${obj.length}`;
  const tag = toStringTag(obj);
  if (tag === "Object") return `Object:${Object.keys(obj).slice(0, 32).join(",")}`;
  return tag;
}

/** Console arguments joined the way DevTools shows them: strings bare, everything else previewed. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : preview(a))).join(" ");
}

// Brand checks by the browser's own getters: they throw for anything else, a Proxy included,
// without running a trap or a script's getter.
const nodeNameOf = typeof Node === "undefined" ? undefined : Object.getOwnPropertyDescriptor(Node.prototype, "nodeName")?.get;
const getOwn = Object.getOwnPropertyDescriptor;
const apply = Reflect.apply;
const isArrayUnread = Array.isArray;
const byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")?.get;
const detachedOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "detached")?.get;
const Uint8 = Uint8Array;

/** An ArrayBuffer's preview read from its own slots, or null for anything else (a Proxy of one too). */
function bufferUnread(value: object): string | null {
  if (!byteLengthOf) return null;
  let length: number;
  try {
    length = apply(byteLengthOf, value, []) as number;
  } catch {
    return null;
  }
  let detached = false;
  if (detachedOf) detached = apply(detachedOf, value, []) === true;
  else if (length === 0) {
    try {
      new Uint8(value as ArrayBuffer);
    } catch {
      detached = true;
    }
  }
  return detached ? "ArrayBuffer (detached)" : `ArrayBuffer(${length})`;
}

/**
 * A preview of a message the browser refused to clone, made without reading into it. Any object
 * in it may be a Proxy (which no script can tell without running its traps), and the page that
 * sent it would never have had those traps run: the browser throws before it calls one. So only
 * what needs no user code is shown: primitives, functions (by their own name), DOM nodes,
 * ArrayBuffers, and otherwise that it was an object or array. Never throws.
 */
export function previewUnread(value: unknown): string {
  try {
    if (typeof value === "function") {
      // A function Proxy's getOwnPropertyDescriptor trap would run here; functions as messages are mistakes, not Proxies, in practice.
      const name = getOwn(value, "name");
      return `ƒ ${name && "value" in name && typeof name.value === "string" && name.value ? name.value : "anonymous"}()`;
    }
    if (typeof value !== "object" || value === null) return preview(value);
    // A detached buffer is a message engines refuse in different ways (docs/engines.md).
    const buffer = bufferUnread(value);
    if (buffer !== null) return buffer;
    if (nodeNameOf) {
      try {
        return `<${String(apply(nodeNameOf, value, [])).toLowerCase()}>`;
      } catch {
        // Not a node.
      }
    }
    // Array.isArray looks through a Proxy without a trap (and throws for a revoked one).
    return isArrayUnread(value) ? "[…]" : "{…}";
  } catch {
    return "{…}";
  }
}
