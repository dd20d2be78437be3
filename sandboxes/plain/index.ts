/**
 * The plain test page: runs a scenario's scripts on the same origins as the playground, but
 * WITHOUT the runtime agent: postMessage, MessagePort, listeners and event getters are the
 * browser's own. It only logs, as JSON lines on the console, what any page could observe: the
 * message events each window gets and what its script prints. The conformance suite compares
 * these with the playground's timeline, which shows that the runtime changes nothing the
 * browser does. Not part of the playground itself.
 *
 * - On the host origin, `plain.html#scenario=<lz-string JSON>` lays out the page's frames.
 * - On a sandbox origin, `/?plain=1&pgw=<window>#scenario=…` is one window of the scenario.
 * - With `?relay` on the host page (passed on to every window as `relay=1`), each line is also
 *   posted to the host page, which keeps them in `window.pgPlainLines`: a driver without access
 *   to every window's console (WebDriver) reads them there, also from windows already closed.
 *   Only the host page receives these messages, and it runs no scenario script.
 */
import { decompressFromEncodedURIComponent } from "lz-string";
import { resolveOrigins } from "../origins";
import { PARAM_WINDOW } from "../protocol";
import { installConsoleCapture } from "../runtime/console";
import { DEFAULT_FRAME_SANDBOX } from "../frame-sandbox";
import { preview } from "../runtime/preview";

const PLAIN_PREFIX = "[pg-plain]";
const HOST_NAME = "(playground)";

/** The fields of a scenario window (src/scenario/types.ts) this page reads; it takes nothing from the host app. */
interface PlainWindow {
  name: string;
  origin: string;
  kind: "iframe" | "popup";
  parent?: string;
  sandbox?: string;
  createdByScript?: boolean;
  html?: string;
  script: string;
}

const RELAY_PARAM = "relay";
const log = console.debug.bind(console);
let relayTo: ((line: Record<string, unknown>) => void) | null = null;
const emit = (line: Record<string, unknown>) => {
  log(`${PLAIN_PREFIX} ${JSON.stringify(line)}`);
  relayTo?.(line);
};

/** The host page at the top of this window's tree: through openers, for popups. */
function hostPage(): Window {
  let w: Window = window.top ?? window;
  for (let i = 0; i < 20 && w.opener; i++) {
    const opener = w.opener as Window;
    w = opener.top ?? opener;
  }
  return w;
}

function readScenario(): { packed: string; windows: PlainWindow[] } | null {
  const m = /(?:^#|&)scenario=([^&]*)/.exec(location.hash);
  const text = m?.[1] ? decompressFromEncodedURIComponent(m[1]) : null;
  if (!m?.[1] || !text) return null;
  const parsed = JSON.parse(text) as { windows: PlainWindow[] };
  return { packed: m[1], windows: parsed.windows };
}

function start(): void {
  const scenario = readScenario();
  if (!scenario) {
    document.body.textContent = "Plain test page: open it with #scenario=<lz-string of a scenario file>.";
    return;
  }
  const origins = resolveOrigins(__PLAYGROUND_CONFIG__, location);
  const isHost = location.origin === origins.host;
  const params = new URLSearchParams(location.search);
  const me = isHost ? HOST_NAME : params.get(PARAM_WINDOW);
  const relay = params.has(RELAY_PARAM);
  if (relay && isHost) {
    const kept: unknown[] = [];
    Object.defineProperty(window, "pgPlainLines", { value: kept });
    relayTo = (line) => kept.push(line);
    // Registered before the page's own observer, which must not see the relayed lines.
    window.addEventListener(
      "message",
      (e: MessageEvent<{ pgPlain?: unknown }>) => {
        if (e.data?.pgPlain === undefined || e.origin === origins.host) return;
        kept.push(e.data.pgPlain);
        e.stopImmediatePropagation();
      },
      true,
    );
  } else if (relay) {
    relayTo = (line) => hostPage().postMessage({ pgPlain: line }, origins.host);
  }
  const spec = scenario.windows.find((w) => w.name === me);
  if (!me || (!isHost && !spec)) return;

  const urlOf = (name: string, site?: string): string => {
    const w = scenario.windows.find((x) => x.name === name);
    if (!w) throw new Error(`No window named "${name}" in this scenario`);
    const origin = origins.sandboxes[site ?? w.origin];
    if (!origin) throw new Error(`No site named "${site ?? w.origin}"`);
    const url = new URL("/", origin);
    url.searchParams.set("plain", "1");
    url.searchParams.set(PARAM_WINDOW, name);
    if (relay) url.searchParams.set(RELAY_PARAM, "1");
    url.hash = `scenario=${scenario.packed}`;
    return url.href;
  };

  const observe = (event: Event) => {
    // Only what the browser dispatched: a script's own dispatchEvent is not a message.
    if (!(event instanceof MessageEvent) || event.target !== window || !event.isTrusted) return;
    emit({ t: "receipt", window: me, type: event.type, origin: event.origin, data: preview(event.data) });
  };
  window.addEventListener("message", observe, true);
  window.addEventListener("messageerror", observe, true);

  // A frame the parent's script makes itself is the script's to make, here as in the playground.
  const children = scenario.windows.filter((w) => w.kind === "iframe" && (isHost ? w.parent === undefined : w.parent === me) && w.createdByScript !== true);
  if (isHost) {
    for (const child of children) document.body.append(frameFor(child, urlOf(child.name)));
    return;
  }
  if (!spec) return;
  let seq = 0;
  installConsoleCapture({
    win: window,
    report: (r) => {
      if (r.kind === "console") emit({ t: "console", window: me, level: r.level, text: r.text });
    },
    now: () => performance.timeOrigin + performance.now(),
    nextSeq: () => ++seq,
    positionIn: () => undefined,
  });
  const allOrigins: Record<string, string> = { ...origins.sandboxes };
  for (const w of scenario.windows) if (origins.sandboxes[w.origin]) allOrigins[w.name] = origins.sandboxes[w.origin] ?? "";
  const site = Object.entries(origins.sandboxes).find(([, o]) => o === location.origin)?.[0] ?? spec.origin;
  Object.defineProperty(window, "playground", {
    value: Object.freeze({
      window: me,
      site,
      documentNumber: 1,
      origins: Object.freeze(allOrigins),
      origin: (name: string) => {
        const o = allOrigins[name];
        if (o === undefined) throw new Error(`No window or site named "${name}" in this scenario`);
        return o;
      },
      url: urlOf,
    }),
  });
  if (spec.html) document.body.insertAdjacentHTML("beforeend", spec.html);
  for (const child of children) document.body.append(frameFor(child, urlOf(child.name)));
  const script = document.createElement("script");
  script.textContent = `${spec.script}\n//# sourceURL=${me}.js`;
  document.body.append(script);
}

function frameFor(w: PlainWindow, src: string): HTMLIFrameElement {
  const el = document.createElement("iframe");
  el.name = w.name;
  el.id = w.name;
  el.setAttribute("sandbox", w.sandbox ?? DEFAULT_FRAME_SANDBOX);
  el.src = src;
  return el;
}

start();
