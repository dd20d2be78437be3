/**
 * A static build for fixed sandbox domains (docs/deploy.md), served by a plain file server that
 * routes by host name (scripts/serve-static.mjs), on *.localhost names of its own.
 */
import { expect, test } from "@playwright/test";
import { chooseScenario, timelineRows } from "./helpers";
import { httpGet, pageGet, rawStatusLine, securityHeadersOf } from "./raw-http";
import { SANDBOX_PAGE_SANDBOX } from "../src/host/security-headers";

const STATIC_PORT = Number(process.env.E2E_PORT ?? 4179) + 2;
const sandbox = (site: string) => `http://${site}-sandbox.static-deploy.localhost:${STATIC_PORT}`;

test("the build for fixed sandbox domains runs the built-in scenario on those origins, under its CSP", async ({ page }) => {
  const response = await page.goto("/");
  await expect(page.getByRole("heading", { name: "postMessage Playground" })).toBeVisible();
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => [r.from, r.to, r.state, r.origin]))
    .toEqual([
      ["bob", "alice", "delivered", `"${sandbox("bob")}"`],
      ["alice", "bob", "blocked", "—"],
      ["alice", "bob", "delivered", `"${sandbox("alice")}"`],
      ["bob", "alice", "delivered", `"${sandbox("bob")}"`],
    ]);
  const frameSrc = `frame-src ${["alice", "bob", "carol", "dave", "evil"].map(sandbox).join(" ")};`;
  expect(response?.headers()["content-security-policy"]).toContain(frameSrc);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")).toContain(frameSrc);
});

test("opaque-origin frames load the runtime from a sandbox domain too", async ({ page }) => {
  await page.goto("/");
  await chooseScenario(page, 'Opaque "null" origins from sandboxed frames');
  await expect.poll(async () => (await timelineRows(page)).some((r) => r.origin === '"null"' && r.state === "delivered")).toBe(true);
});

test("a sandbox domain serves the sandbox page, never the playground", async ({ page }) => {
  await page.goto(`${sandbox("evil")}/`);
  await expect(page.locator("body")).toContainText("This is a postMessage Playground sandbox page");
  await expect(page.getByRole("heading", { name: "postMessage Playground" })).toHaveCount(0);
});

const APP = `app.static-deploy.localhost:${STATIC_PORT}`;

test("no request takes the static server down: bad paths get 400, and it serves the app afterwards", async ({ page }) => {
  // From a scenario's origin, as a script would send it.
  await page.goto(`${sandbox("evil")}/`);
  expect(await page.evaluate(() => fetch("/%E0%A4%A").then((r) => r.status))).toBe(400);
  const host = `Host: ${APP}\r\n`;
  const nasty: [string, RegExp][] = [
    [`GET /%E0%A4%A HTTP/1.1\r\n${host}\r\n`, / 400 /],
    [`GET /assets/%FF HTTP/1.1\r\n${host}\r\n`, / 400 /],
    [`GET /a%00b HTTP/1.1\r\n${host}\r\n`, / 400 /],
    [`GET http://elsewhere.example/%E0%A4%A HTTP/1.1\r\n${host}\r\n`, / 400 /],
    [`GET /../../../../etc/passwd HTTP/1.1\r\n${host}\r\n`, / 404 /],
    [`GET /%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n${host}\r\n`, / 404 /],
    [`GET /${"a".repeat(20_000)} HTTP/1.1\r\n${host}\r\n`, / 431 /],
    ["GET / HTTP/1.1\r\n\r\n", / 400 /],
    ["GET / HTTP/1.0\r\n\r\n", / 421 /],
    [`POST / HTTP/1.1\r\n${host}Content-Length: 3\r\n\r\nabc`, / 405 /],
    [`HEAD /%E0%A4%A HTTP/1.1\r\n${host}\r\n`, / 400 /],
    ["NOT HTTP AT ALL\r\n\r\n", / 400 /],
  ];
  for (const [request, status] of nasty) expect(await rawStatusLine(STATIC_PORT, request), JSON.stringify(request.slice(0, 60))).toMatch(status);
  expect((await httpGet(STATIC_PORT, APP, "/", { accept: "text/html" }, "HEAD")).status).toBe(200);
  await page.goto("/");
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
});

test("the static server sends the security headers", async () => {
  const app = await pageGet(STATIC_PORT, APP);
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(app.body)?.[1]?.replaceAll("&#39;", "'");
  expect(securityHeadersOf(app)).toEqual({
    "content-security-policy": `${meta}; frame-ancestors 'self'`,
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "unsafe-none",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  const embed = securityHeadersOf(await pageGet(STATIC_PORT, APP, "/?embed&scenario=opaque-null-origin"));
  expect(embed["content-security-policy"]).toBe(`${meta}; frame-ancestors *`);
  expect(securityHeadersOf(await pageGet(STATIC_PORT, `bob-sandbox.static-deploy.localhost:${STATIC_PORT}`, "/?pgw=bob"))).toEqual({
    "content-security-policy": `frame-ancestors *; sandbox ${SANDBOX_PAGE_SANDBOX}`,
    "cross-origin-opener-policy": "unsafe-none",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  for (const path of ["/favicon.svg", "/nothing-here"]) {
    expect(securityHeadersOf(await httpGet(STATIC_PORT, APP, path)), path).toEqual({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
  }
});
