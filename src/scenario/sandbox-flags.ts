import { DEFAULT_FRAME_SANDBOX, type ScenarioWindow } from "./types";

/**
 * What a scenario may put in a frame's sandbox attribute. A scenario comes from anyone (a link, a file),
 * so the frame must never be able to act on the playground page itself: navigate it away
 * (allow-top-navigation and its variants), take its storage as a first party, or hold it with a
 * modal dialog. Keywords the browser adds later are refused until they are known here.
 */
export const SANDBOX_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ["allow-scripts", "runs scripts (without it nothing runs, not even the playground's runtime)"],
  ["allow-same-origin", "keeps the frame's own origin; without it the origin is opaque (\"null\")"],
  ["allow-popups", "may open popups"],
  ["allow-popups-to-escape-sandbox", "its popups are ordinary windows"],
  ["allow-forms", "may submit forms"],
  ["allow-pointer-lock", "may lock the pointer"],
  ["allow-orientation-lock", "may lock the screen orientation"],
  ["allow-presentation", "may start a presentation session"],
  ["allow-downloads", "may download files"],
]);

/** Keywords refused, with the reason a person reads. */
const REFUSED_SANDBOX_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ["allow-top-navigation", "it would let the frame navigate the playground page away"],
  ["allow-top-navigation-by-user-activation", "it would let the frame navigate the playground page away"],
  ["allow-top-navigation-to-custom-protocols", "it would let the frame navigate the playground page away"],
  ["allow-storage-access-by-user-activation", "it would let the frame ask for its storage as if it were the page"],
  ["allow-modals", "a dialog would hold the playground page (the playground records dialogs instead)"],
]);

/** Why a sandbox attribute is refused, or null when every keyword is allowed. */
export function sandboxProblem(value: string): string | null {
  for (const token of value.split(/[\t\n\f\r ]+/)) {
    if (token === "") continue;
    const keyword = token.toLowerCase();
    if (SANDBOX_KEYWORDS.has(keyword)) continue;
    const why = REFUSED_SANDBOX_KEYWORDS.get(keyword);
    const shown = JSON.stringify(token.length > 60 ? `${token.slice(0, 60)}…` : token);
    return why
      ? `${shown} is not allowed: ${why}`
      : `${shown} is not a sandbox keyword the playground allows (allowed: ${[...SANDBOX_KEYWORDS.keys()].join(", ")})`;
  }
  return null;
}

/**
 * The attribute as the page sets it: only allowed keywords. Scenarios are checked when they are
 * read; this keeps a frame safe even if a scenario reached the page some other way.
 */
export function safeSandbox(value: string): string {
  return value
    .split(/[\t\n\f\r ]+/)
    .filter((t) => SANDBOX_KEYWORDS.has(t.toLowerCase()))
    .join(" ");
}

/** The sandbox attribute a scenario window's frame gets. */
export function frameSandbox(w: Pick<ScenarioWindow, "sandbox">): string {
  return w.sandbox === undefined ? DEFAULT_FRAME_SANDBOX : safeSandbox(w.sandbox);
}
