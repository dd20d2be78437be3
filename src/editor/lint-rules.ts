/**
 * Teaching hints shown as editor warnings while a person types: the two mistakes the
 * playground exists to show (see ../shared notes: "Never send secrets with *" and "every message
 * handler must check event.origin before using data"). A small scanner, not a parser: it skips
 * strings and comments, and looks at postMessage calls and message handlers only.
 */

export interface Hint {
  /** Offsets into the source, end exclusive. */
  start: number;
  end: number;
  message: string;
}

/** The source with every string, template and comment blanked out (same length). */
function codeOnly(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    const next = src[i + 1] ?? "";
    if (c === "/" && next === "/") {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? src.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      const stop = Math.min(src.length, j + 1);
      // Keep the quotes so that argument boundaries stay visible; blank the contents.
      out += c + src.slice(i + 1, stop - 1).replace(/[^\n]/g, " ") + (stop - 1 > i ? c : "");
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index of the bracket closing the one at `open`, in blanked code. */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

/** Top-level argument ranges of the call whose "(" is at `open`. */
function args(code: string, open: number): [number, number][] {
  const close = closing(code, open);
  const out: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = code[i];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  if (code.slice(start, close).trim()) out.push([start, close]);
  return out;
}

const STAR = /^\s*(["'`])\*\1\s*$/;

function starTargets(src: string, code: string): Hint[] {
  const hints: Hint[] = [];
  for (const m of code.matchAll(/\bpostMessage\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    const [, second] = args(code, open);
    if (!second) continue;
    const text = src.slice(second[0], second[1]);
    const star = STAR.test(text) ? text : /targetOrigin\s*:\s*(["'`])\*\1/.exec(text)?.[0];
    if (!star) continue;
    const at = second[0] + text.indexOf(star.trim().startsWith("targetOrigin") ? star : star.trim());
    hints.push({
      start: at,
      end: at + star.trim().length,
      message: 'targetOrigin "*" sends this to whatever origin the target has now, even if it navigated. Name the origin you mean, e.g. playground.origin("bob").',
    });
  }
  return hints;
}

/** The first parameter's name and the body range of the function starting at `from`. */
function handler(code: string, from: number): { param: string; body: [number, number] } | null {
  const rest = code.slice(from);
  const m = /^\s*(?:async\s+)?(?:function\b\s*[\w$]*\s*\(\s*([\w$]+)?|\(\s*([\w$]+)?|([\w$]+)\s*=>)/.exec(rest);
  if (!m) return null;
  const param = m[1] ?? m[2] ?? m[3];
  if (!param) return null;
  const afterHead = from + m[0].length;
  const brace = code.indexOf("{", afterHead);
  const arrow = code.indexOf("=>", afterHead);
  if (arrow >= 0 && (brace < 0 || arrow < brace) && !/^\s*\{/.test(code.slice(arrow + 2))) {
    // An expression body: up to the end of the enclosing argument.
    let end = arrow + 2;
    let depth = 0;
    for (; end < code.length; end++) {
      const c = code[end];
      if (c === "(" || c === "{" || c === "[") depth++;
      else if (c === ")" || c === "}" || c === "]") {
        if (depth === 0) break;
        depth--;
      } else if ((c === "," || c === ";") && depth === 0) break;
    }
    return { param, body: [arrow + 2, end] };
  }
  if (brace < 0) return null;
  return { param, body: [brace, closing(code, brace)] };
}

/**
 * Whether the member at `at` (addEventListener, onmessage) belongs to the window itself: written
 * bare, or on `window`, `self` or `globalThis`. Anything else (`port1`, `channel.port2`,
 * `e.ports[0]`, a worker) is a MessagePort or some other target, whose messages carry origin ""
 * and come only from whoever holds the other end: an origin check there would refuse everything.
 */
function onGlobal(code: string, at: number): boolean {
  const before = code.slice(0, at);
  if (!/\??\.\s*$/.test(before)) return !/[\w$]\s*$/.test(before);
  return /(?:^|[^\w$.\])\s])\s*(?:window|self|globalThis)\s*\??\.\s*$/.test(before);
}

function uncheckedHandlers(src: string, code: string): Hint[] {
  const hints: Hint[] = [];
  const starts: number[] = [];
  // The event type is a string, blanked in `code`: match in the source, skip matches in comments.
  for (const m of src.matchAll(/addEventListener\s*\(\s*(["'`])message\1\s*,/g)) {
    if (code.startsWith("addEventListener", m.index) && onGlobal(code, m.index)) starts.push(m.index + m[0].length);
  }
  for (const m of code.matchAll(/\bonmessage\s*=(?!=)/g)) if (onGlobal(code, m.index)) starts.push(m.index + m[0].length);
  for (const from of starts) {
    const h = handler(code, from);
    if (!h) continue;
    const body = code.slice(h.body[0], h.body[1]);
    const p = h.param.replace(/\$/g, "\\$");
    const data = new RegExp(`\\b${p}\\s*\\.\\s*data\\b`).exec(body);
    if (!data) continue;
    const origin = new RegExp(`\\b${p}\\s*\\.\\s*origin\\b`).exec(body);
    if (origin && origin.index < data.index) continue;
    const at = h.body[0] + data.index;
    hints.push({
      start: at,
      end: at + data[0].length,
      message: `This message handler uses ${h.param}.data without checking ${h.param}.origin first: any window can send it anything. Return early unless ${h.param}.origin is the origin you expect.`,
    });
  }
  return hints;
}

export function teachingHints(src: string): Hint[] {
  const code = codeOnly(src);
  return [...starTargets(src, code), ...uncheckedHandlers(src, code)].sort((a, b) => a.start - b.start);
}
