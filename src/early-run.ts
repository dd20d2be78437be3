/**
 * A first visit's first run, started as the page loads, before the app's code has arrived. The
 * app's code takes about 200 ms longer to load, run and render its frames than the plain page
 * takes to make them, and the first message waits for the windows (docs/performance.md). Only
 * when nothing could make the app open another scenario, or open without running it (no link,
 * embed or safe-mode parameter, nothing of the playground's in localStorage), and only where
 * the browser moves an iframe without reloading it (`moveBefore`): the app takes the frames and
 * this run over as it starts (host/run/early.ts), or ends them if its first run is another.
 * Window messages that come before the app listens are kept for it, in order.
 */
import DEFAULT_SCENARIO, { PREPARED_DEFAULT } from "virtual:default-scenario";
import { ORIGINS } from "./host/urls";
import { originLabel, scenarioAddresses } from "./host/run/addresses";
import { pageFrameUrls } from "./host/run/init";
import { builtPreparer } from "./run/built-scripts";
import { frameSandbox } from "./scenario/sandbox-flags";
import { appLoaded, appStarted, endOnceHeard, keepWindowMessages, leaveEarlyRun, opensOnDefault, takeEarlyRun, type EarlyRun } from "./host/run/early";
import { showLoadFailure } from "./load-failure";

function storedKeys(): string[] | null {
  try {
    const s = window.localStorage;
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) keys.push(s.key(i) ?? "");
    return keys;
  } catch {
    // Storage refused: the app keeps work in memory then, but it cannot be told apart from here.
    return null;
  }
}

function start(): EarlyRun | null {
  const keys = storedKeys();
  if (keys === null || !opensOnDefault(window.location, keys) || !("moveBefore" in Element.prototype)) return null;
  const scenario = DEFAULT_SCENARIO;
  const runId = `r1-${crypto.randomUUID().slice(0, 8)}`;
  const runStart = performance.timeOrigin + performance.now();
  const { origins, urls } = scenarioAddresses(ORIGINS.sandboxes, scenario, runId);
  let pageFrames: ReturnType<typeof pageFrameUrls>;
  try {
    pageFrames = pageFrameUrls({ scenario, runId, runStart, origins, urls, sites: ORIGINS.sandboxes, paused: false, clickToOpen: false, scripts: builtPreparer(PREPARED_DEFAULT).scripts });
  } catch {
    // A script the build did not prepare: the app runs it, with its parser.
    return null;
  }
  const { events, stop } = keepWindowMessages();
  // Out of the way until the app moves them into its windows panel; visible, so that nothing
  // treats them as hidden frames.
  const holder = document.createElement("div");
  holder.setAttribute("style", "position:fixed;right:0;bottom:0;width:320px;opacity:0;pointer-events:none");
  holder.setAttribute("aria-hidden", "true");
  holder.dataset.earlyHolder = "";
  // The page's script runs as soon as it has arrived, which may be before the parser reached <body>.
  (document.body ?? document.documentElement).append(holder);
  const frames = new Map<string, { element: HTMLIFrameElement; url: string }>();
  for (const [name, { url }] of pageFrames) {
    const spec = scenario.windows.find((w) => w.name === name);
    if (!spec) continue;
    const element = document.createElement("iframe");
    element.dataset.window = name;
    // As the windows panel titles its frames.
    element.title = `${name} on ${originLabel(ORIGINS.sandboxes, spec)}`;
    element.setAttribute("sandbox", frameSandbox(spec));
    element.src = url;
    holder.append(element);
    frames.set(name, { element, url });
  }
  return {
    runId,
    runStart,
    scenarioId: scenario.id,
    frames,
    events,
    holder,
    stop,
  };
}

/** Nothing here may keep the app from loading: a run that cannot start early starts as the app renders. */
function startSafely(): EarlyRun | null {
  try {
    return start();
  } catch {
    return null;
  }
}

/**
 * The page has loaded, and with it the app's module and every module it imports: when the app
 * has not begun, its code did not load or threw first, and nothing else would show that (the page
 * stays blank). The page says so, and the early run ends (endOnceHeard).
 */
function whenAppMissing(): void {
  if (appLoaded()) return;
  showLoadFailure(document.getElementById("root"));
  const early = takeEarlyRun();
  if (early) endOnceHeard(early, DEFAULT_SCENARIO.windows.map((w) => w.name));
}

// The page loads this script async, so that it waits for neither the parser nor the stylesheet:
// the app may have started first, and then runs its first run itself.
if (!appStarted()) leaveEarlyRun(startSafely());
if (document.readyState === "complete") whenAppMissing();
else window.addEventListener("load", whenAppMissing, { once: true });
