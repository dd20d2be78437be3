/**
 * Chromium's command line for the end-to-end tests (playwright.config.ts) and the bench
 * (scripts/bench/), kept in one place so that both measure the same browser.
 */

/** Chromium from Debian (`apt-get install -y chromium`), unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Since about version 156, every new browser window (each test's or bench run's context, and
 * each popup a scenario opens) builds its omnibox popup, a WebUI page in a renderer process of
 * its own: about 1.7 s of CPU in the window's first 2 s, measured here. On a 2-core machine
 * that is a core taken from the page under test, and a person's own browser window paid for it
 * long before they opened the playground. It changes nothing a web page can see.
 */
export const OMNIBOX_POPUP_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"];

/**
 * The features Playwright itself disables (playwright-core 1.65, chromiumSwitches.ts). Chromium
 * keeps only the last --disable-features on its command line, and Playwright puts its own before
 * ours: ours must name them again or they come back on. tests/chromium-args.test.ts checks this
 * list against the installed Playwright.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];

const disableFeatures = (names) => `--disable-features=${names.join(",")}`;
/** Playwright's features and the omnibox popup's: the one --disable-features Chromium will read. */
export const WITHOUT_OMNIBOX_POPUP = disableFeatures([...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUP_FEATURES]);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  // This machine has no network beyond localhost: keep Chromium from trying.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  WITHOUT_OMNIBOX_POPUP,
];
