/**
 * Running a scenario window's document from its init (from the URL or over the channel): the
 * `playground` global, the window's markup and frames (each first document's frame URL carries
 * that frame's own init, sandboxes/first-document.ts), then its script, at once or on a click.
 */
import { encodeInit, urlWithInit } from "../first-document";
import { LOOP_GUARD, type InitMessage, type RuntimeReport, type SourcePosition } from "../protocol";
import { setRunningScript } from "./function-source";
import { installLoopGuard } from "./loop-guard";

// Taken as this module loads, before user code runs, which may replace Reflect.apply or
// Object.prototype.hasOwnProperty.
const apply = Reflect.apply;
const hasOwn = Object.prototype.hasOwnProperty;

export function runScenarioWindow(
  win: Window,
  init: InitMessage,
  report: (r: RuntimeReport) => void,
  now: () => number,
  nextSeq: () => number,
  /** The windows this document opens or makes that have loaded (OpenedMessage), as own keys. */
  loaded: Record<string, true>,
): void {
  const lookup = (table: Record<string, string>, name: string, what: string): string => {
    // Own entries only: "constructor" or "toString" is no window of the scenario.
    const value = apply(hasOwn, table, [name]) ? table[name] : undefined;
    if (value === undefined) {
      throw new Error(`No ${what} named "${name}" in this scenario (known: ${Object.keys(table).join(", ")})`);
    }
    return value;
  };
  // Window names first, then sandbox site names (e.g. "evil"), which need not have a window.
  const allOrigins = { ...init.sites, ...init.origins };
  // Made before the script runs, which may replace JSON, btoa or String.prototype.replace.
  const firstUrls: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, first] of Object.entries(init.opens ?? {})) {
    const base = apply(hasOwn, init.urls, [name]) ? init.urls[name] : undefined;
    const url = base === undefined ? null : urlWithInit(base, encodeInit(first));
    if (url !== null) firstUrls[name] = url;
  }
  const playground = Object.freeze({
    window: init.window,
    site: init.site,
    documentNumber: init.documentNumber,
    origins: Object.freeze(allOrigins),
    origin: (name: string): string => lookup(allOrigins, name, "window or site"),
    /** The page of window `name`; with `site`, that window's page served from another site (to navigate to). */
    url: (name: string, site?: string): string => {
      const url = new URL(lookup(init.urls, name, "window"));
      if (site === undefined) return apply(hasOwn, firstUrls, [name]) && !apply(hasOwn, loaded, [name]) ? (firstUrls[name] as string) : url.href;
      const there = new URL(lookup(init.sites, site, "site"));
      url.protocol = there.protocol;
      url.host = there.host;
      return url.href;
    },
  });
  Object.defineProperty(win, "playground", { value: playground, enumerable: false, configurable: false, writable: false });

  if (init.html) document.body.insertAdjacentHTML("beforeend", init.html);
  for (const frame of init.frames) {
    const el = document.createElement("iframe");
    el.name = frame.name;
    el.id = frame.name;
    el.title = `${frame.name} (${frame.origin})`;
    el.setAttribute("sandbox", frame.sandbox);
    el.src = (frame.init && urlWithInit(frame.url, encodeInit(frame.init))) || frame.url;
    document.body.append(el);
  }

  const file = `${init.window}.js`;
  const cannotRun = (why: string, at?: SourcePosition) =>
    report({ kind: "console", seq: nextSeq(), time: now(), level: "error", text: `${file} did not run: ${why}`, at });
  if (init.syntaxError) {
    const { line, column, message } = init.syntaxError;
    cannotRun(`line ${line}, column ${column}: ${message}. Fix the script and it runs again.`, { line, column });
    return;
  }
  if (init.loopGuardMs > 0) installLoopGuard(win, LOOP_GUARD, init.loopGuardMs);
  const run = () => {
    report({ kind: "lifecycle", seq: nextSeq(), time: now(), what: "script-started", detail: init.window });
    setRunningScript(init.script, init.written ?? []);
    const script = document.createElement("script");
    // sourceURL names the script in stack traces, which is how sends find their line.
    script.textContent = `${init.script}\n//# sourceURL=${file}`;
    // The page's own markup may have taken the body away; the script still needs a place.
    const place = document.body ?? document.documentElement;
    try {
      place.append(script);
    } catch (e) {
      // Thrown by the insertion itself, not by the script (whose errors go to the error event).
      cannotRun(`it could not be started (${e instanceof Error ? e.message : String(e)}). Fix the script, or run the scenario again.`);
    }
  };
  if (init.waitForClick) waitForClick(init.window, run);
  else run();
}

/**
 * A button over the window's page: the script runs inside its click handler, while the click's
 * user activation lets the browser open the popup the script opens. Removed before the script
 * runs, so the script sees its page as it would without the playground.
 */
function waitForClick(windowName: string, run: () => void): void {
  const box = document.createElement("div");
  box.setAttribute("style", "position:fixed;inset:0;display:grid;place-content:center;gap:8px;padding:12px;text-align:center;background:Canvas;color:CanvasText;z-index:2147483647");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `▶ Run ${windowName}.js`;
  button.setAttribute("style", "font:inherit;font-size:1.15rem;padding:8px 16px;cursor:pointer");
  const why = document.createElement("p");
  why.textContent = `${windowName} opens a popup. Your browser allows popups only after a click in the window that opens them: this click is that click.`;
  why.setAttribute("style", "margin:0;max-width:32em");
  box.append(button, why);
  button.addEventListener("click", () => {
    box.remove();
    run();
  }, { once: true });
  (document.body ?? document.documentElement).append(box);
}
