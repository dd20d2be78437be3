/**
 * Chromium's command line for the end-to-end tests (playwright.config.ts) and the bench
 * (scripts/bench.mjs), kept in one place so that both measure the same browser.
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
export const WITHOUT_OMNIBOX_POPUP = "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  // This machine has no network beyond localhost: keep Chromium from trying.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  WITHOUT_OMNIBOX_POPUP,
];
