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
        // Only who may frame it: the page runs whatever script a scenario hands it.
        "Content-Security-Policy": `frame-ancestors ${sandboxAncestors(config, embedAncestors)}`,
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
