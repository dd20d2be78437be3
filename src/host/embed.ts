/**
 * Embedding (docs/embed.md): the playground inside another site's iframe, for tutorials.
 * `/?embed&scenario=<built-in id>&hide=editor,windows,console&readonly&run=click`
 * (or `#scenario=` with a whole scenario). Read once, at start.
 */
export type Panel = "editor" | "windows" | "timeline" | "console";

export interface EmbedOptions {
  /** A built-in scenario's id to open. */
  scenario: string | null;
  hide: ReadonlySet<Panel>;
  readOnly: boolean;
  /** Run only when the reader clicks Run (not on load, not after edits). */
  runOnClick: boolean;
}

const PANELS: readonly Panel[] = ["editor", "windows", "timeline", "console"];

export function parseEmbed(search: string): EmbedOptions | null {
  const params = new URLSearchParams(search);
  if (!params.has("embed")) return null;
  const flag = (name: string) => params.has(name) && params.get(name) !== "0" && params.get(name) !== "false";
  const hide = new Set(
    (params.get("hide") ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter((p): p is Panel => (PANELS as readonly string[]).includes(p)),
  );
  return { scenario: params.get("scenario"), hide, readOnly: flag("readonly"), runOnClick: params.get("run") === "click" };
}

export const EMBED: EmbedOptions | null = parseEmbed(window.location.search);
