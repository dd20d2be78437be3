import { expect, test } from "@playwright/test";
import { consoleOf, openPlayground, scenarioLink, timelineRows } from "./helpers";
import { cspDirective, httpGet, pageGet, securityHeadersOf } from "./raw-http";
import { SANDBOX_PAGE_SANDBOX } from "../src/host/security-headers";

// `npm start` serves sources, not the build: the sandbox page and its runtime must load there too.
test("the dev server runs the built-in scenario on real sandbox origins", async ({ page, baseURL }) => {
  await openPlayground(page);
  const port = new URL(baseURL ?? "").port;
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => `${r.from}->${r.to} ${r.state} ${r.origin}`))
    .toEqual([
      `bob->alice delivered "http://bob.localhost:${port}"`,
      "alice->bob blocked —",
      `alice->bob delivered "http://alice.localhost:${port}"`,
      `bob->alice delivered "http://bob.localhost:${port}"`,
    ]);
});

/**
 * What a scenario script tries: project files on its own (sandbox) origin, and the same files on
 * the host's origin. Each line says the status it got, or "blocked" if it could not read the answer.
 */
const PROJECT_FILES = ["/vite.config.ts", "/package.json", "/src/main.tsx", "/README.md", "/.git/HEAD", "/@fs/etc/passwd", "/sandboxes/../vite.config.ts"];
const probeScript = (who: string, extra: string) =>
  [
    `const files = ${JSON.stringify(PROJECT_FILES)};`,
    "const host = location.protocol + '//localhost:' + location.port;",
    "const probe = (url) => fetch(url).then((r) => String(r.status), () => 'blocked');",
    "(async () => {",
    "  for (const f of files) console.log(`" + who + " ${f} ${await probe(f)}`);",
    "  for (const f of files) console.log(`" + who + " host${f} ${await probe(host + f)}`);",
    `  ${extra}`,
    "})();",
  ].join("\n");

test("on the dev server, neither a sandbox window nor an opaque-origin frame can read the project", async ({ page }) => {
  await page.goto(
    scenarioLink("probe", [
      // The runtime's own module is readable, which shows the probes can see a 200.
      { name: "alice", origin: "alice", kind: "iframe", script: probeScript("alice", "console.log(`alice runtime ${await probe('/sandboxes/runtime/index.ts')}`);") },
      { name: "carol", origin: "carol", kind: "iframe", parent: "alice", sandbox: "allow-scripts", script: probeScript("carol", 'parent.postMessage("probed", "*");') },
    ]),
  );
  await expect(consoleOf(page, "alice")).toHaveText(
    [...PROJECT_FILES.map((f) => `alice ${f} 404`), ...PROJECT_FILES.map((f) => `alice host${f} blocked`), "alice runtime 200"],
    { timeout: 20_000 },
  );
  // An opaque origin reads nothing that is not for everyone (404s carry no CORS header).
  await expect(consoleOf(page, "carol")).toHaveText([...PROJECT_FILES.map((f) => `carol ${f} blocked`), ...PROJECT_FILES.map((f) => `carol host${f} blocked`)]);
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.from}->${r.to} ${r.state} ${r.origin}`)).toEqual(['carol->alice delivered "null"']);
});

test("the dev server answers project files to the host's own pages only, and the runtime to sandbox names", async ({ baseURL }) => {
  const port = Number(new URL(baseURL ?? "").port);
  const host = `localhost:${port}`;
  const alice = `alice.localhost:${port}`;
  for (const path of ["/vite.config.ts", "/package.json", "/src/main.tsx", "/@fs/etc/passwd", "/.git/HEAD", "/sandboxes/../vite.config.ts", "/sandboxes/%2e%2e/vite.config.ts", "/@vite/client"]) {
    const answer = await httpGet(port, alice, path, { origin: `http://${alice}` });
    expect(answer.status, `${path} on a sandbox name`).toBe(404);
    expect(answer.body).toMatch(/^Not found: a sandbox origin serves only the sandbox page and its runtime/);
    expect((await httpGet(port, alice, path, { origin: "null" })).status, `${path} for origin null`).toBe(404);
  }
  for (const origin of ["null", `http://${alice}`, "http://example.com"]) {
    const answer = await httpGet(port, host, "/vite.config.ts", { origin });
    expect(answer.status, `the host's files for ${origin}`).toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  }
  const subresource = await httpGet(port, host, "/src/main.tsx", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" });
  expect(subresource.status, "a script tag of another site").toBe(403);
  // The host's own pages keep everything.
  const own = await httpGet(port, host, "/vite.config.ts", { origin: `http://${host}`, "sec-fetch-site": "same-origin" });
  expect(own.status).toBe(200);
  // The runtime, for its own origin and for "null" (module scripts of opaque-origin frames).
  const runtime = await httpGet(port, alice, "/sandboxes/runtime/index.ts", { origin: "null" });
  expect(runtime.status).toBe(200);
  expect(runtime.headers["access-control-allow-origin"]).toBe("*");
  // A sandbox page has no Vite client: its HMR socket's token would reach every scenario.
  const sandboxPage = await pageGet(port, alice, "/vite.config.ts");
  expect(sandboxPage.body).toContain('src="/sandboxes/runtime/index.ts"');
  expect(sandboxPage.body).not.toContain("/@vite/client");
  expect(sandboxPage.body).not.toContain("/@react-refresh");
});

test("the dev server sends the security headers", async ({ baseURL }) => {
  const port = Number(new URL(baseURL ?? "").port);
  const app = await pageGet(port, `localhost:${port}`);
  const headers = securityHeadersOf(app);
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(app.body)?.[1]?.replaceAll("&#39;", "'");
  expect(headers["content-security-policy"]).toBe(`${meta}; frame-ancestors 'self'`);
  expect(headers).toMatchObject({ "x-frame-options": "SAMEORIGIN", "cross-origin-opener-policy": "unsafe-none", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
  const embed = securityHeadersOf(await pageGet(port, `localhost:${port}`, "/?embed&scenario=opaque-null-origin"));
  expect(cspDirective(embed["content-security-policy"], "frame-ancestors")).toBe("frame-ancestors *");
  expect(embed["x-frame-options"]).toBeUndefined();
  const sandboxPage = securityHeadersOf(await pageGet(port, `bob.localhost:${port}`, "/?pgw=bob"));
  expect(sandboxPage).toEqual({
    "content-security-policy": `frame-ancestors *; sandbox ${SANDBOX_PAGE_SANDBOX}`,
    "cross-origin-opener-policy": "unsafe-none",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  expect(securityHeadersOf(await httpGet(port, `localhost:${port}`, "/src/main.tsx"))).toEqual({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
});
