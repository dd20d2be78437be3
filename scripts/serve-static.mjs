#!/usr/bin/env node
/**
 * Serves a built playground (`npm run build`) the way a static deploy must: by host name. The host
 * name gets the app; every configured sandbox host name gets the sandbox page for any page
 * request, so a sandbox origin can never serve the host app. Assets are readable from any origin
 * (frames sandboxed without allow-same-origin fetch module scripts from origin "null").
 * docs/deploy.md explains the same rules for other servers.
 *
 *   node scripts/serve-static.mjs [--dist dist] [--config playground.config.json] [--port 8080]
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const dist = resolve(arg("dist", "dist"));
const config = JSON.parse(readFileSync(resolve(arg("config", process.env.PLAYGROUND_CONFIG ?? "playground.config.json")), "utf8"));
const port = Number(arg("port", "8080"));

const hostnameOf = (template) => new URL(template.replaceAll("{scheme}", "http").replaceAll("{port}", "1")).hostname;
const appHost = hostnameOf(config.host);
const sandboxHosts = new Set(Object.values(config.sandboxes).map(hostnameOf));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json", ".ttf": "font/ttf", ".wasm": "application/wasm" };

/** The host page's CSP, as a header too, copied from the <meta> the build wrote into index.html. */
const indexHtml = readFileSync(join(dist, "index.html"), "utf8");
const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(indexHtml)?.[1]?.replaceAll("&#39;", "'").replaceAll("&quot;", '"');

createServer((req, res) => {
  const hostname = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const isPage = (req.headers.accept ?? "").includes("text/html");
  if (path === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    return;
  }
  let file;
  const headers = { "access-control-allow-origin": "*", "x-content-type-options": "nosniff" };
  if (sandboxHosts.has(hostname) && isPage) file = "sandboxes/sandbox.html";
  else if (hostname === appHost && isPage) {
    file = "index.html";
    if (csp) headers["content-security-policy"] = csp;
  } else if (sandboxHosts.has(hostname) || hostname === appHost) file = normalize(path).replace(/^[/\\]+/, "");
  else {
    res.writeHead(421, { "content-type": "text/plain" }).end(`This server answers for ${appHost} and the sandbox hosts only.\n`);
    return;
  }
  const full = join(dist, file);
  if (!full.startsWith(dist) || !statSync(full, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    return;
  }
  res.writeHead(200, { ...headers, "content-type": TYPES[extname(full)] ?? "application/octet-stream" });
  createReadStream(full).pipe(res);
}).listen(port, () => console.log(`Serving ${dist} on port ${port}: app on ${appHost}, sandboxes on ${[...sandboxHosts].join(", ")}`));
