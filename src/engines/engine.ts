/**
 * The browser engine the playground runs in. Every window of a scenario runs in the host page's own
 * browser, so the host's user agent names the engine that decided every row of the timeline.
 * Pure: the host passes navigator.userAgent in.
 */

export const ENGINES = ["chromium", "firefox", "webkit"] as const;
export type Engine = (typeof ENGINES)[number];

/** The engine's name in sentences: WebKit is the engine of Safari and of WebKitGTK. */
export const ENGINE_NAMES: Record<Engine, string> = { chromium: "Chromium", firefox: "Firefox", webkit: "WebKit (Safari)" };

/**
 * Gecko says "Firefox/" (and "Gecko/2010…"); WebKit browsers say "AppleWebKit/" without "Chrome/"
 * (iOS Chrome and Firefox are WebKit too, and say "CriOS/" or "FxiOS/"); Blink browsers say
 * "Chrome/" or "Chromium/" (and "AppleWebKit/" for history's sake). Anything else is taken for
 * Chromium, whose behaviour the playground was first written against.
 */
export function detectEngine(userAgent: string): Engine {
  if (/\b(?:CriOS|FxiOS|EdgiOS)\//.test(userAgent)) return "webkit";
  if (/\bFirefox\//.test(userAgent) && /\bGecko\/\d/.test(userAgent)) return "firefox";
  if (/\bAppleWebKit\//.test(userAgent) && !/\b(?:Chrome|Chromium|HeadlessChrome)\//.test(userAgent)) return "webkit";
  return "chromium";
}
