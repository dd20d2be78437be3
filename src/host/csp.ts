/**
 * The host page's Content-Security-Policy. The host is the trusted origin: no inline script, no
 * eval, and frames only from the configured sandbox origins. Pure (no DOM, no Node), so the Vite
 * config, the static-deploy docs and the tests build the same policy.
 */
import { type OriginConfig } from "../../sandboxes/origins";

/**
 * A CSP source for one origin template: `{scheme}` becomes "any scheme of the page's" (a
 * scheme-less source), `{port}` becomes any port, so one policy serves dev, preview and tests.
 */
export function cspSourceFor(template: string): string {
  const m = /^(\{scheme\}|[a-z][a-z0-9+.-]*):\/\/([^/:]+)(?::(\{port\}|\d+))?\/?$/i.exec(template.trim());
  if (!m) throw new Error(`Origin template "${template}" is not scheme://host[:port]`);
  const [, scheme, host, port] = m;
  const hostPort = port === undefined ? host : `${host}:${port === "{port}" ? "*" : port}`;
  return scheme === "{scheme}" ? hostPort! : `${scheme!.toLowerCase()}://${hostPort}`;
}

export interface CspOptions {
  /** sha256 sources of inline scripts the server itself writes (Vite's dev preamble); none in a build. */
  scriptHashes?: readonly string[];
}

export function hostContentSecurityPolicy(config: OriginConfig, options: CspOptions = {}): string {
  const frames = [...new Set(Object.values(config.sandboxes).map(cspSourceFor))];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", ...(options.scriptHashes ?? []).map((h) => `'${h}'`)],
    // Monaco and React set style attributes and add <style> elements at run time.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    // Monaco's language workers are same-origin module workers.
    ["worker-src", "'self'", "blob:"],
    ["connect-src", "'self'"],
    ["frame-src", ...(frames.length > 0 ? frames : ["'none'"])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}
