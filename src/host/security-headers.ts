/**
 * The security headers of every response, for all three servers: the dev server and `vite preview`
 * (vite.config.ts) compute them here, and the build writes them into `dist/security-headers.json`
 * for scripts/serve-static.mjs and for any other server (docs/deploy.md explains each one). Pure
 * (no DOM, no Node).
 */
import { type OriginConfig } from "../../sandboxes/origins";
import { cspSourceFor } from "./csp";

/**
 * What a response is: the playground page, the playground page of an embed (`?embed`, framed by
 * tutorials), the sandbox page (or the conformance suite's plain page), or anything else.
 */
export type ResponseKind = "host" | "embed" | "sandbox" | "other";

export const RESPONSE_KINDS: readonly ResponseKind[] = ["host", "embed", "sandbox", "other"];

export type HeaderSet = Record<string, string>;

/** Who may frame an embed (docs/embed.md): any site, unless the configuration names them. */
export const DEFAULT_EMBED_ANCESTORS: readonly string[] = ["*"];

export interface SecurityHeaderOptions {
  /** The host page's CSP, exactly as its <meta> says it (frame-ancestors is added here: a meta cannot carry it). */
  hostPolicy: string;
  /** CSP sources that may frame an embed; `DEFAULT_EMBED_ANCESTORS` if not given. */
  embedAncestors?: readonly string[];
}

/** Every response: no MIME sniffing (a script must be served as one) and no referrer for anyone. */
const EVERY_RESPONSE: HeaderSet = {
  "X-Content-Type-Options": "nosniff",
  // Links are shared with strangers and scenario URLs carry run ids: nothing reads the referrer.
  "Referrer-Policy": "no-referrer",
};

/**
 * Said explicitly, and not "same-origin-allow-popups": the host page closes a popup stuck in a
 * loop by sending it to about:blank (src/host/run/retire.ts), and under that policy the popup is never
 * closed (e2e/foundation.spec.ts, "Stop closes a popup stuck in an endless loop", fails). The
 * about:blank document has the host's origin and, most likely, its opener policy, which puts the
 * window in a browsing context group of its own, out of the host's reach.
 */
const HOST_OPENER_POLICY = "unsafe-none";

/**
 * The sandbox page's own sandbox: every keyword but allow-modals. A frame of the page is sandboxed
 * without allow-modals by its attribute already (sandboxes/frame-sandbox.ts); this holds the same
 * line in popups, and in every page a sandbox page makes: a blob: or about:blank document inherits
 * its creator's policies, this one with them, wherever it is shown, and its first statement runs
 * before the runtime could guard it (sandboxes/runtime/escapes.ts). Each keyword here only lifts
 * a restriction, and a frame's attribute keeps its own: a frame still cannot navigate the
 * playground page, and a popup's page may do all a page on the web may, but show a dialog.
 */
export const SANDBOX_PAGE_SANDBOX = [
  "allow-scripts",
  "allow-same-origin",
  "allow-popups",
  "allow-popups-to-escape-sandbox",
  "allow-forms",
  "allow-pointer-lock",
  "allow-orientation-lock",
  "allow-presentation",
  "allow-downloads",
  "allow-top-navigation",
  "allow-top-navigation-by-user-activation",
  "allow-top-navigation-to-custom-protocols",
  "allow-storage-access-by-user-activation",
].join(" ");

const sourceList = (sources: readonly string[]) => (sources.includes("*") ? "*" : [...new Set(sources)].join(" "));

/**
 * A sandbox page is framed by the host page and by other sandbox pages (nested frames), and, inside
 * an embed, has the tutorial's page among its ancestors too (frame-ancestors checks them all).
 */
function sandboxAncestors(config: OriginConfig, embedAncestors: readonly string[]): string {
  return sourceList([cspSourceFor(config.host), ...Object.values(config.sandboxes).map(cspSourceFor), ...embedAncestors]);
}

export function securityHeaders(config: OriginConfig, kind: ResponseKind, options: SecurityHeaderOptions): HeaderSet {
  const embedAncestors = options.embedAncestors ?? DEFAULT_EMBED_ANCESTORS;
  switch (kind) {
    case "host":
      return {
        ...EVERY_RESPONSE,
        "Content-Security-Policy": `${options.hostPolicy}; frame-ancestors 'self'`,
        // For browsers without frame-ancestors; where both are known, frame-ancestors wins.
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Opener-Policy": HOST_OPENER_POLICY,
      };
    case "embed":
      return {
        ...EVERY_RESPONSE,
        "Content-Security-Policy": `${options.hostPolicy}; frame-ancestors ${sourceList(embedAncestors)}`,
        "Cross-Origin-Opener-Policy": HOST_OPENER_POLICY,
      };
    case "sandbox":
      return {
        ...EVERY_RESPONSE,
        // Who may frame it, and no dialogs; nothing else: the page runs whatever script a scenario hands it.
        "Content-Security-Policy": `frame-ancestors ${sandboxAncestors(config, embedAncestors)}; sandbox ${SANDBOX_PAGE_SANDBOX}`,
        // A popup's page must keep its opener: scenarios post to it, and it finds the host page through it.
        "Cross-Origin-Opener-Policy": "unsafe-none",
      };
    case "other":
      return { ...EVERY_RESPONSE };
  }
}

export function securityHeaderSets(config: OriginConfig, options: SecurityHeaderOptions): Record<ResponseKind, HeaderSet> {
  return Object.fromEntries(RESPONSE_KINDS.map((k) => [k, securityHeaders(config, k, options)])) as Record<ResponseKind, HeaderSet>;
}

/** Whether a host page request is an embed's: the page reads the same parameter (src/host/embed.ts). */
export const isEmbedRequest = (url: string): boolean => new URLSearchParams(url.includes("?") ? url.slice(url.indexOf("?")) : "").has("embed");
