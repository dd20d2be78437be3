/**
 * The playground's origin configuration, shared by the dev server, the host page and the
 * sandbox runtime. Templates may hold `{scheme}` and `{port}`, filled in from the address the
 * page was loaded from, so one configuration serves dev, preview and test ports alike.
 */
export interface OriginConfig {
  /** The trusted host page's origin template. */
  host: string;
  /** Sandbox site name -> origin template. Scenario windows refer to these names. */
  sandboxes: Record<string, string>;
}

export interface PageAddress {
  protocol: string; // "http:"
  port: string; // "" for the scheme's default port
}

export function resolveOriginTemplate(template: string, at: PageAddress): string {
  const scheme = at.protocol.replace(/:$/, "");
  const filled = template.replaceAll("{scheme}", scheme);
  // An empty port means the default one: drop the ":" that came with the placeholder.
  return at.port === "" ? filled.replace(/:\{port\}/g, "") : filled.replaceAll("{port}", at.port);
}

export interface ResolvedOrigins {
  host: string;
  sandboxes: Record<string, string>;
}

export function resolveOrigins(config: OriginConfig, at: PageAddress): ResolvedOrigins {
  const sandboxes: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.sandboxes)) {
    sandboxes[name] = new URL(resolveOriginTemplate(template, at)).origin;
  }
  return { host: new URL(resolveOriginTemplate(config.host, at)).origin, sandboxes };
}

/** Which configured sandbox site an origin belongs to, if any. */
export function siteOfOrigin(origins: ResolvedOrigins, origin: string): string | undefined {
  for (const [name, o] of Object.entries(origins.sandboxes)) if (o === origin) return name;
  return undefined;
}
