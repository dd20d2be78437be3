import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Connect, Plugin } from "vite";
import { build as viteBuild, defineConfig, type Rolldown } from "vite";
import react from "@vitejs/plugin-react";
import { createHash } from "node:crypto";
import { resolveOriginTemplate, type OriginConfig } from "./sandboxes/origins";
import { hostContentSecurityPolicy } from "./src/host/csp";

const SANDBOX_PAGE = "/sandboxes/sandbox.html";
/** The conformance suite's page without the runtime (sandboxes/plain/index.ts). */
const PLAIN_PAGE = "/sandboxes/plain.html";

function loadOriginConfig(): OriginConfig {
  const file = resolve(process.env.PLAYGROUND_CONFIG ?? "playground.config.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`Cannot read the origin configuration ${file}: ${(e as Error).message}`, { cause: e });
  }
  const c = parsed as Partial<OriginConfig>;
  if (typeof c.host !== "string" || typeof c.sandboxes !== "object" || c.sandboxes === null) {
    throw new Error(`${file} must have "host" (a string) and "sandboxes" (an object of name -> origin template)`);
  }
  for (const [name, template] of Object.entries(c.sandboxes)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name) || typeof template !== "string") {
      throw new Error(`${file}: sandbox "${name}" needs a lowercase name and an origin template string`);
    }
  }
  return { host: c.host, sandboxes: c.sandboxes };
}

const hostnameOf = (template: string) => new URL(resolveOriginTemplate(template, { protocol: "http:", port: "1" })).hostname;

/**
 * One server, many origins: a page request whose Host is a sandbox hostname gets the sandbox page,
 * whatever its path, so the SPA fallback never serves the host app on a sandbox origin.
 */
function sandboxOrigins(config: OriginConfig): Plugin {
  const sandboxHosts = new Set(Object.values(config.sandboxes).map(hostnameOf));
  const route: Connect.NextHandleFunction = (req, _res, next) => {
    const hostHeader = req.headers.host ?? "";
    const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
    const wantsPage = (req.headers.accept ?? "").includes("text/html");
    if (wantsPage && sandboxHosts.has(hostname)) {
      const query = req.url?.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
      req.url = (new URLSearchParams(query).get("plain") === "1" ? PLAIN_PAGE : SANDBOX_PAGE) + query;
    }
    next();
  };
  return {
    name: "playground-sandbox-origins",
    configureServer(server) {
      server.middlewares.use(route);
    },
    configurePreviewServer(server) {
      server.middlewares.use(route);
    },
  };
}

/**
 * The host page's CSP, twice: as a <meta> in index.html, so any static file server delivers it,
 * and as a header from `vite preview`. The dev server writes one inline script of its own (React
 * Fast Refresh's preamble): the meta allows exactly that script by its hash, nothing else.
 */
function hostCsp(config: OriginConfig): Plugin {
  const hostName = hostnameOf(config.host);
  return {
    name: "playground-host-csp",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        if (!ctx.filename.endsWith("index.html") || ctx.filename.includes("sandboxes")) return html;
        const hashes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
          (m) => `sha256-${createHash("sha256").update(m[1] ?? "").digest("base64")}`,
        );
        const policy = hostContentSecurityPolicy(config, { scriptHashes: hashes });
        return {
          html,
          tags: [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: policy }, injectTo: "head-prepend" }],
        };
      },
    },
    configurePreviewServer(server) {
      const policy = hostContentSecurityPolicy(config);
      server.middlewares.use((req, res, next) => {
        const hostname = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
        if (hostname === hostName && (req.headers.accept ?? "").includes("text/html")) res.setHeader("Content-Security-Policy", policy);
        next();
      });
    },
  };
}

/**
 * The built sandbox page carries its runtime inline. As a module script it cost every window one
 * more round trip after its page (the runtime and the three chunks it shares with the host), and
 * a run's windows load one after another: a frame, then the popup its script opens. The runtime is
 * bundled on its own, in one piece, for the page; the dev server keeps the module script.
 */
function inlineSandboxRuntime(config: OriginConfig): Plugin {
  const page = "sandboxes/sandbox.html";
  return {
    name: "playground-inline-sandbox-runtime",
    apply: "build",
    enforce: "post",
    generateBundle: { order: "post", handler: inline },
  };
  async function inline(this: unknown, _options: unknown, bundle: Rolldown.OutputBundle): Promise<void> {
    const html = bundle[page];
    if (!html || html.type !== "asset") return;
    const result = await viteBuild({
      configFile: false,
      logLevel: "warn",
      define: { __PLAYGROUND_CONFIG__: JSON.stringify(config) },
      build: {
        write: false,
        target: "es2022",
        // Library mode leaves an ES bundle's whitespace alone (for later bundlers); this one is final.
        rolldownOptions: { output: { minify: true } },
        lib: { entry: resolve(import.meta.dirname, "sandboxes/runtime/index.ts"), formats: ["es"], fileName: "runtime" },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === "chunk");
    if (chunks.length !== 1) throw new Error(`the sandbox runtime must bundle to one chunk, not ${chunks.length}`);
    // An inline script ends at the first "</script" whatever the JavaScript around it means, and
    // "<!--" can keep it from ending at all; in the runtime's strings and regexes "\x3C" is "<".
    const code = (chunks[0] as Rolldown.OutputChunk).code.replace(/<(\/script|!--)/gi, "\\x3C$1");
    const source = String(html.source);
    const tags = /<script type="module" crossorigin src="[^"]+"><\/script>(\s*<link rel="modulepreload"[^>]*>)*/;
    if (!tags.test(source)) throw new Error(`${page}: its runtime <script> was not found to inline`);
    html.source = source.replace(tags, () => `<script type="module">${code}</script>`);
    // Nothing else loads the sandbox entry's own chunk.
    for (const [file, out] of Object.entries(bundle)) if (out.type === "chunk" && out.isEntry && out.name === "sandbox") delete bundle[file];
  }
}

const originConfig = loadOriginConfig();
/**
 * Frames sandboxed without allow-same-origin have the opaque origin "null", and module scripts are
 * fetched with CORS: the runtime must be readable from "null" and from every sandbox origin.
 */
const cors = {
  origin: [
    "null",
    ...Object.values(originConfig.sandboxes).map((t) => new RegExp(`^https?://${hostnameOf(t).replaceAll(".", "\\.")}(:\\d+)?$`)),
  ],
};

export default defineConfig({
  plugins: [react(), sandboxOrigins(originConfig), hostCsp(originConfig), inlineSandboxRuntime(originConfig)],
  define: {
    __PLAYGROUND_CONFIG__: JSON.stringify(originConfig),
  },
  server: { port: 5173, strictPort: true, cors },
  preview: { port: 4173, strictPort: true, cors },
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
