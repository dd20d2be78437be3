#!/usr/bin/env node
/**
 * Serves a built playground (`npm run build`) the way a static deploy must: by host name. The host
 * name gets the app; every configured sandbox host name gets the sandbox page for any page
 * request, so a sandbox origin can never serve the host app. Assets are readable from any origin
 * (frames sandboxed without allow-same-origin fetch module scripts from origin "null"). Every
 * response carries the security headers the build wrote into dist/security-headers.json.
 * docs/deploy.md explains the same rules for other servers.
 *
 * Scenario scripts can send this server anything a browser can, so no request may throw out of
 * the handler: a bad path is a 400, anything unforeseen a 500, and the server keeps serving.
 *
 *   node scripts/serve-static.mjs [--dist dist] [--config playground.config.json] [--port 8080]
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

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

/** Kind of response ("host", "embed", "sandbox", "other") -> headers; written by the build (src/host/security-headers.ts). */
const SECURITY_HEADERS = (() => {
  try {
    return JSON.parse(readFileSync(join(dist, "security-headers.json"), "utf8"));
  } catch (e) {
    console.error(`${dist}/security-headers.json cannot be read (${e.message}): build again with \`npm run build\`.`);
    process.exit(1);
  }
})();

class BadRequest extends Error {}

/** The request's path, decoded; a path no file can have (bad encoding, NUL) is a BadRequest. */
function pathOf(url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url ?? "/", "http://x").pathname);
  } catch {
    throw new BadRequest("bad path");
  }
  if (path.includes("\0")) throw new BadRequest("bad path");
  return path;
}

/** The file under dist/ for a path, or undefined; never a file outside dist/. */
function fileIn(relative) {
  const full = join(dist, normalize(`/${relative}`));
  if (!full.startsWith(dist + sep)) return undefined;
  return statSync(full, { throwIfNoEntry: false })?.isFile() ? full : undefined;
}

const isEmbed = (url) => new URL(url ?? "/", "http://x").searchParams.has("embed");

/** Which file answers a request, and the kind of response it is; undefined for a foreign host name. */
function route(req, hostname, path) {
  const isPage = (req.headers.accept ?? "").includes("text/html");
  if (sandboxHosts.has(hostname)) return isPage ? { file: "sandboxes/sandbox.html", kind: "sandbox" } : { file: path, kind: "other" };
  if (hostname !== appHost) return undefined;
  if (isPage) return { file: "index.html", kind: isEmbed(req.url) ? "embed" : "host" };
  return { file: path, kind: "other" };
}

function text(res, status, body, headers = SECURITY_HEADERS.other) {
  res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8" }).end(body);
}

function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") return text(res, 405, "Only GET and HEAD.\n", { ...SECURITY_HEADERS.other, allow: "GET, HEAD" });
  const path = pathOf(req.url);
  if (path === "/healthz") return text(res, 200, "ok\n");
  const hostname = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const target = route(req, hostname, path);
  if (!target) return text(res, 421, `This server answers for ${appHost} and the sandbox hosts only.\n`);
  const full = fileIn(target.file);
  if (!full) return text(res, 404, "Not found\n");
  res.writeHead(200, {
    ...SECURITY_HEADERS[target.kind],
    "access-control-allow-origin": "*",
    "content-type": TYPES[extname(full)] ?? "application/octet-stream",
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(full)
    .on("error", () => res.destroy())
    .pipe(res);
}

const server = createServer((req, res) => {
  try {
    handle(req, res);
  } catch (e) {
    if (res.headersSent) res.destroy();
    else if (e instanceof BadRequest) text(res, 400, "Bad request: the path is not a valid file path.\n");
    else {
      console.error(`serve-static: ${req.method} ${JSON.stringify(req.url)}: ${e?.stack ?? e}`);
      text(res, 500, "Internal error\n");
    }
  }
});
// Malformed HTTP (bad request lines, oversized headers) never reaches the handler: answer and hang up.
server.on("clientError", (err, socket) => {
  if (socket.writable && !socket.destroyed) socket.end(`HTTP/1.1 ${err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
});
server.listen(port, () => console.log(`Serving ${dist} on port ${port}: app on ${appHost}, sandbox hosts ${[...sandboxHosts].join(", ")}`));
