/**
 * The three servers (`vite preview`, the dev server, scripts/serve-static.mjs) send the same
 * security headers (docs/deploy.md). Their policies differ only in what they must: the origins
 * the frames come from, and the dev server's hash of its one inline script.
 */
import { expect, test } from "@playwright/test";
import { PORT } from "./helpers";
import { cspDirective, httpGet, pageGet, securityHeadersOf, type HttpAnswer } from "./raw-http";
import { SANDBOX_PAGE_SANDBOX } from "../src/host/security-headers";

interface Server {
  name: string;
  port: number;
  host: string;
  sandbox: string;
}

const SERVERS: Server[] = [
  { name: "vite preview", port: PORT, host: `localhost:${PORT}`, sandbox: `alice.localhost:${PORT}` },
  { name: "dev server", port: PORT + 1, host: `localhost:${PORT + 1}`, sandbox: `alice.localhost:${PORT + 1}` },
  { name: "serve-static", port: PORT + 2, host: `app.static-deploy.localhost:${PORT + 2}`, sandbox: `alice-sandbox.static-deploy.localhost:${PORT + 2}` },
];

const metaPolicy = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replaceAll("&#39;", "'");

/** The security headers with the CSP cut down to what must be the same everywhere (frame-ancestors, sandbox). */
function comparable(answer: HttpAnswer): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = securityHeadersOf(answer);
  const policy = headers["content-security-policy"];
  if (policy === undefined) return headers;
  const meta = metaPolicy(answer.body);
  // The host page's header is its <meta>'s policy and the frame-ancestors a meta cannot carry.
  if (meta !== undefined) expect(policy.startsWith(`${meta}; frame-ancestors `), policy).toBe(true);
  const kept = ["frame-ancestors", "sandbox"].map((name) => cspDirective(policy, name)).filter((d) => d !== undefined);
  return { ...headers, "content-security-policy": kept.join("; ") };
}

async function headerSets(server: Server) {
  return {
    host: comparable(await pageGet(server.port, server.host, "/")),
    embed: comparable(await pageGet(server.port, server.host, "/?embed&scenario=opaque-null-origin")),
    sandbox: comparable(await pageGet(server.port, server.sandbox, "/?pgw=alice")),
    file: comparable(await httpGet(server.port, server.host, "/favicon.svg")),
    notFound: comparable(await httpGet(server.port, server.sandbox, "/nothing-here.js")),
  };
}

test("the dev server, vite preview and the static server send the same security headers", async () => {
  const [preview, ...others] = await Promise.all(SERVERS.map(headerSets));
  expect(preview).toEqual({
    host: {
      "content-security-policy": "frame-ancestors 'self'",
      "x-frame-options": "SAMEORIGIN",
      "cross-origin-opener-policy": "unsafe-none",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
    embed: {
      "content-security-policy": "frame-ancestors *",
      "cross-origin-opener-policy": "unsafe-none",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
    sandbox: {
      "content-security-policy": `frame-ancestors *; sandbox ${SANDBOX_PAGE_SANDBOX}`,
      "cross-origin-opener-policy": "unsafe-none",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
    file: { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" },
    notFound: { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" },
  });
  others.forEach((sets, i) => expect(sets, SERVERS[i + 1]?.name).toEqual(preview));
});
