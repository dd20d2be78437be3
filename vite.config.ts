import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect, Plugin } from "vite";
import { build as viteBuild, defineConfig, type Rolldown } from "vite";
import react from "@vitejs/plugin-react";
import { createHash } from "node:crypto";
import { builtinScenarios } from "./scripts/builtin-scenarios";
import { resolveOriginTemplate, type OriginConfig } from "./sandboxes/origins";
import { hostContentSecurityPolicy } from "./src/host/csp";
import { isEmbedRequest, securityHeaders, securityHeaderSets, type ResponseKind } from "./src/host/security-headers";

const SANDBOX_PAGE = "/sandboxes/sandbox.html";
/** The conformance suite's page without the runtime (sandboxes/plain/index.ts). */
const PLAIN_PAGE = "/sandboxes/plain.html";
/** The plain page as built for its windows on sandbox origins, with its script inline (`inlineSandboxRuntime`). */
const PLAIN_WINDOW_PAGE = "/sandboxes/plain-window.html";
/** The security headers of each kind of response, for servers other than Vite's (docs/deploy.md). */
const SECURITY_HEADERS_FILE = "security-headers.json";

interface DeployConfig {
  origins: OriginConfig;
  /** Who may frame `?embed` pages (CSP sources); see src/host/security-headers.ts. */
  embedAncestors?: string[];
}

function loadConfig(): DeployConfig {
  const file = resolve(process.env.PLAYGROUND_CONFIG ?? "playground.config.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`Cannot read the origin configuration ${file}: ${(e as Error).message}`, { cause: e });
  }
  const c = parsed as Partial<OriginConfig> & { embedAncestors?: unknown };
  if (typeof c.host !== "string" || typeof c.sandboxes !== "object" || c.sandboxes === null) {
    throw new Error(`${file} must have "host" (a string) and "sandboxes" (an object of name -> origin template)`);
  }
  for (const [name, template] of Object.entries(c.sandboxes)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name) || typeof template !== "string") {
      throw new Error(`${file}: sandbox "${name}" needs a lowercase name and an origin template string`);
    }
  }
  const origins = { host: c.host, sandboxes: c.sandboxes };
  if (c.embedAncestors === undefined) return { origins };
  // Each one lands in a header: no separators, no whitespace.
  if (!Array.isArray(c.embedAncestors) || !c.embedAncestors.every((a) => typeof a === "string" && /^[^\s;,]+$/.test(a))) {
    throw new Error(`${file}: "embedAncestors" must be a list of CSP sources, e.g. ["https://tutorials.example.com"] or ["*"]`);
  }
  return { origins, embedAncestors: c.embedAncestors as string[] };
}

const hostnameOf = (template: string) => new URL(resolveOriginTemplate(template, { protocol: "http:", port: "1" })).hostname;
const hostnameOfRequest = (req: IncomingMessage) => (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
const wantsPage = (req: IncomingMessage) => (req.headers.accept ?? "").includes("text/html");

/**
 * One server, many origins: a page request whose Host is a sandbox hostname gets the sandbox page,
 * whatever its path, so the SPA fallback never serves the host app on a sandbox origin. On the dev
 * server, a sandbox hostname serves nothing else but the runtime (see `sandboxDevAccess`).
 */
function sandboxOrigins(config: OriginConfig): Plugin {
  const sandboxHosts = new Set(Object.values(config.sandboxes).map(hostnameOf));
  const route =
    (plainPage: string): Connect.NextHandleFunction =>
    (req, _res, next) => {
      if (wantsPage(req) && sandboxHosts.has(hostnameOfRequest(req))) {
        const query = req.url?.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
        req.url = (new URLSearchParams(query).get("plain") === "1" ? plainPage : SANDBOX_PAGE) + query;
      }
      next();
    };
  return {
    name: "playground-sandbox-origins",
    configureServer(server) {
      server.middlewares.use(sandboxDevAccess(sandboxHosts));
      server.middlewares.use(route(PLAIN_PAGE));
    },
    configurePreviewServer(server) {
      server.middlewares.use(route(PLAIN_WINDOW_PAGE));
    },
  };
}

/**
 * What a sandbox page loads from its own origin in dev: the runtime's source modules (and the
 * plain page's), the pre-bundled dependency the plain page imports (lz-string), and Vite's env
 * module, which sets the `define`d globals (the origin configuration). Vite's client is not among
 * them: `devSandboxPages` leaves it out of the sandbox pages. Checked on the raw path, so nothing
 * that a decoder or a dot segment could turn into another file passes.
 */
const SANDBOX_DEV_PATHS = [
  /^\/sandboxes\/(?:[\w-]+\/)*[\w-]+\.ts$/,
  /^\/node_modules\/\.vite\/deps\/[\w-]+\.js$/,
  /^\/@vite\/env$/,
];

const rawPath = (url: string | undefined) => (url ?? "/").split("?")[0] ?? "/";

/**
 * The dev server serves the project folder to whoever asks, and the sandbox hostnames are the same
 * server: on them it answers only the sandbox page (routed in `sandboxOrigins`) and
 * `SANDBOX_DEV_PATHS`, readable from any origin (a frame sandboxed without allow-same-origin
 * fetches its module scripts from origin "null"). Any other name (the host's) serves the app to
 * its own pages only: a request that another origin (or "null") makes, or a subresource of another
 * site, is refused, so a scenario cannot read the project from the host's name either.
 */
function sandboxDevAccess(sandboxHosts: ReadonlySet<string>): Connect.NextHandleFunction {
  return (req, res, next) => {
    const hostname = hostnameOfRequest(req);
    if (sandboxHosts.has(hostname)) {
      if (wantsPage(req)) return next();
      if (!SANDBOX_DEV_PATHS.some((p) => p.test(rawPath(req.url)))) return refuse(res, 404, "a sandbox origin serves only the sandbox page and its runtime");
      res.setHeader("Access-Control-Allow-Origin", "*");
      return next();
    }
    if (!fromOwnPage(req)) return refuse(res, 403, "the playground's files are for its own pages only");
    next();
  };
}

/** A request the server's own pages make, or a navigation (a tutorial framing an embed), or not from a browser. */
function fromOwnPage(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && !isOriginOf(origin, req.headers.host)) return false;
  const site = req.headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none" || req.headers["sec-fetch-mode"] === "navigate";
}

function isOriginOf(origin: string, hostHeader: string | undefined): boolean {
  try {
    return new URL(origin).host === hostHeader;
  } catch {
    return false; // "null", or not an origin at all
  }
}

function refuse(res: ServerResponse, status: number, why: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(`${status === 404 ? "Not found" : "Forbidden"}: ${why}.\n`);
}

/**
 * In dev, Vite writes its client (HMR) and React Fast Refresh's preamble into every page. A
 * sandbox page needs neither: each run loads its windows anew. Left in, they would hand every
 * scenario the HMR socket's token, and with it every file change and error (with source lines)
 * of the project. The client's one import the runtime needs, the env module that sets the
 * `define`d globals, takes its place (module scripts run in document order).
 */
function devSandboxPages(): Plugin {
  return {
    name: "playground-dev-sandbox-pages",
    apply: "serve",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        if (!ctx.filename.includes("sandboxes")) return html;
        return html
          .replace(/<script type="module" src="\/@vite\/client"><\/script>/g, '<script type="module" src="/@vite/env"></script>')
          .replace(/<script type="module">import \{ injectIntoGlobalHook \} from "\/@react-refresh";[\s\S]*?<\/script>\s*/g, "");
      },
    },
  };
}

/** The sha256 sources of a page's inline scripts. */
const inlineScriptHashes = (html: string) =>
  [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `sha256-${createHash("sha256").update(m[1] ?? "").digest("base64")}`);

/**
 * The host page's CSP as a <meta> in index.html, so any static file server delivers it. The dev
 * server writes one inline script of its own (React Fast Refresh's preamble): the meta allows
 * exactly that script by its hash, nothing else. The same policy goes out as a header, with the
 * other security headers (`securityHeadersPlugin`).
 */
function hostCsp(config: OriginConfig): Plugin {
  return {
    name: "playground-host-csp",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        if (!ctx.filename.endsWith("index.html") || ctx.filename.includes("sandboxes")) return html;
        const policy = hostContentSecurityPolicy(config, { scriptHashes: inlineScriptHashes(html) });
        return {
          html,
          tags: [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: policy }, injectTo: "head-prepend" }],
        };
      },
    },
  };
}

const META_POLICY = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/;

/**
 * Every response of the dev server and of `vite preview` gets the headers of
 * src/host/security-headers.ts, and the build writes them into dist/security-headers.json for
 * scripts/serve-static.mjs and other servers. The dev host page's policy is read from the page as
 * the dev server writes it, so the header and the meta (with the preamble's hash) agree.
 */
function securityHeadersPlugin(deploy: DeployConfig): Plugin {
  const config = deploy.origins;
  const sandboxHosts = new Set(Object.values(config.sandboxes).map(hostnameOf));
  const hostName = hostnameOf(config.host);
  const options = (hostPolicy: string) => ({ hostPolicy, ...(deploy.embedAncestors ? { embedAncestors: deploy.embedAncestors } : {}) });
  const kindOf = (req: IncomingMessage): ResponseKind => {
    if (!wantsPage(req)) return "other";
    const hostname = hostnameOfRequest(req);
    if (sandboxHosts.has(hostname)) return "sandbox";
    if (hostname === hostName) return isEmbedRequest(req.url ?? "/") ? "embed" : "host";
    return "other";
  };
  const middleware =
    (hostPolicy: () => Promise<string>): Connect.NextHandleFunction =>
    (req, res, next) => {
      const kind = kindOf(req);
      const policy = kind === "host" || kind === "embed" ? hostPolicy() : Promise.resolve("");
      policy.then(
        (p) => {
          for (const [name, value] of Object.entries(securityHeaders(config, kind, options(p)))) res.setHeader(name, value);
          next();
        },
        (e: unknown) => next(e),
      );
    };
  return {
    name: "playground-security-headers",
    configureServer(server) {
      const devPolicy = async () => {
        const html = await server.transformIndexHtml("/index.html", readFileSync(resolve(server.config.root, "index.html"), "utf8"));
        const policy = META_POLICY.exec(html)?.[1];
        if (policy === undefined) throw new Error("the dev server's index.html has no CSP meta");
        return policy.replaceAll("&#39;", "'");
      };
      server.middlewares.use(middleware(devPolicy));
    },
    configurePreviewServer(server) {
      const policy = hostContentSecurityPolicy(config);
      server.middlewares.use(middleware(() => Promise.resolve(policy)));
    },
    generateBundle() {
      const sets = securityHeaderSets(config, options(hostContentSecurityPolicy(config)));
      this.emitFile({ type: "asset", fileName: SECURITY_HEADERS_FILE, source: `${JSON.stringify(sets, null, 2)}\n` });
    },
  };
}

/** `entry` and everything it imports as one minified ES file that imports nothing (a build of its own). */
async function bundleAlone(entry: string, config: OriginConfig, plugins: Plugin[] = []): Promise<string> {
  const result = await viteBuild({
    configFile: false,
    logLevel: "warn",
    plugins,
    define: { __PLAYGROUND_CONFIG__: JSON.stringify(config) },
    build: {
      write: false,
      target: "es2022",
      // Library mode leaves an ES bundle's whitespace alone (for later bundlers); this one is final.
      rolldownOptions: { output: { minify: true } },
      lib: { entry: resolve(import.meta.dirname, entry), formats: ["es"], fileName: "bundle" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === "chunk");
  if (chunks.length !== 1) throw new Error(`${entry} must bundle to one chunk, not ${chunks.length}`);
  return (chunks[0] as Rolldown.OutputChunk).code;
}

/**
 * The built sandbox page carries its runtime inline. As a module script it cost every window one
 * more round trip after its page (the runtime and the three chunks it shares with the host), and
 * a run's windows load one after another: a frame, then the popup its script opens. The runtime is
 * bundled on its own, in one piece, for the page; the dev server keeps the module script.
 * The plain page (the conformance suite's page without the runtime) gets a copy built the same way
 * for its windows on sandbox origins, so that their scripts start as early in a document's life as
 * the playground's: a message that arrives before a page's script runs is one no listener sees, and
 * both pages must see the same. On the host origin, whose CSP allows no inline script, it stays as
 * it is (it only lays out the frames there).
 */
const INLINED_PAGES = [
  { page: "sandboxes/sandbox.html", out: "sandboxes/sandbox.html", entry: "sandboxes/runtime/index.ts", chunk: "sandbox" },
  { page: "sandboxes/plain.html", out: PLAIN_WINDOW_PAGE.slice(1), entry: "sandboxes/plain/index.ts", chunk: undefined },
] as const;

function inlineSandboxRuntime(config: OriginConfig): Plugin {
  return {
    name: "playground-inline-sandbox-runtime",
    apply: "build",
    enforce: "post",
    generateBundle: {
      order: "post",
      async handler(_options, bundle) {
        const emit = (fileName: string, source: string) => void this.emitFile({ type: "asset", fileName, source });
        for (const page of INLINED_PAGES) await inline(bundle, page, emit);
      },
    },
  };
  async function inline(
    bundle: Rolldown.OutputBundle,
    { page, out, entry, chunk }: (typeof INLINED_PAGES)[number],
    emit: (fileName: string, source: string) => void,
  ): Promise<void> {
    const html = bundle[page];
    if (!html || html.type !== "asset") return;
    // An inline script ends at the first "</script" whatever the JavaScript around it means, and
    // "<!--" can keep it from ending at all; in the bundle's strings and regexes "\x3C" is "<".
    const code = (await bundleAlone(entry, config)).replace(/<(\/script|!--)/gi, "\\x3C$1");
    const source = String(html.source);
    const tags = /<script type="module" crossorigin src="[^"]+"><\/script>(\s*<link rel="modulepreload"[^>]*>)*/;
    if (!tags.test(source)) throw new Error(`${page}: its <script> was not found to inline`);
    const inlined = source.replace(tags, () => `<script type="module">${code}</script>`);
    if (out === page) html.source = inlined;
    else emit(out, inlined);
    // Nothing else loads the page entry's own chunk.
    if (chunk !== undefined) for (const [file, o] of Object.entries(bundle)) if (o.type === "chunk" && o.isEntry && o.name === chunk) delete bundle[file];
  }
}

/**
 * src/early-run.ts is built apart, into one file that imports nothing, and loads as a module
 * script of its own ahead of the app's: a script that imported chunks shared with the app would
 * wait for them, queued behind the app's own (six connections to one host over HTTP/1.1), and its
 * frames would start up to 100 ms later. It holds the code it needs twice (about 10 kB); it hands
 * its run to the app through the page's window (host/run/early.ts). On the dev server the app
 * imports it (src/main.tsx).
 */
function earlyRunScript(config: OriginConfig): Plugin {
  const entry = "src/early-run.ts";
  let file: { fileName: string; code: string } | null = null;
  return {
    name: "playground-early-run",
    apply: "build",
    async buildStart() {
      const code = await bundleAlone(entry, config, [builtinScenarios()]);
      file = { fileName: `assets/early-run-${createHash("sha256").update(code).digest("base64url").slice(0, 8)}.js`, code };
    },
    generateBundle() {
      if (file) this.emitFile({ type: "asset", fileName: file.fileName, source: file.code });
    },
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        if (!ctx.filename.endsWith("index.html") || ctx.filename.includes("sandboxes") || !ctx.bundle) return html;
        if (!file) throw new Error(`${entry} was not built`);
        // First in the page, so that it is fetched first; async, so that it runs as soon as it has
        // arrived: a module script waits for the parser and for the page's stylesheet otherwise.
        const early = `<script type="module" async crossorigin src="/${file.fileName}"></script>`;
        if (!/<script type="module"/.test(html)) throw new Error("index.html: the app's <script> was not found");
        return html.replace(/<script type="module"/, () => `${early}\n    <script type="module"`);
      },
    },
  };
}

const deployConfig = loadConfig();
const originConfig = deployConfig.origins;
/**
 * `vite preview` serves only dist/. Frames sandboxed without allow-same-origin have the opaque
 * origin "null", and module scripts are fetched with CORS: the plain page's chunks must be
 * readable from "null" and from every sandbox origin. The dev server sends no CORS headers of its
 * own: `sandboxDevAccess` decides, and only for the runtime's files.
 */
const previewCors = {
  origin: [
    "null",
    ...Object.values(originConfig.sandboxes).map((t) => new RegExp(`^https?://${hostnameOf(t).replaceAll(".", "\\.")}(:\\d+)?$`)),
  ],
};

export default defineConfig({
  plugins: [
    react(),
    builtinScenarios(),
    securityHeadersPlugin(deployConfig),
    sandboxOrigins(originConfig),
    devSandboxPages(),
    hostCsp(originConfig),
    inlineSandboxRuntime(originConfig),
    earlyRunScript(originConfig),
  ],
  define: {
    __PLAYGROUND_CONFIG__: JSON.stringify(originConfig),
  },
  server: { port: 5173, strictPort: true, cors: false },
  preview: { port: 4173, strictPort: true, cors: previewCors },
  build: {
    target: "es2022",
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        sandbox: resolve(import.meta.dirname, "sandboxes/sandbox.html"),
        plain: resolve(import.meta.dirname, "sandboxes/plain.html"),
      },
    },
  },
  worker: { format: "es" },
});
