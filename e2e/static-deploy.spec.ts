/**
 * A static build for fixed sandbox domains (docs/deploy.md), served by a plain file server that
 * routes by host name (scripts/serve-static.mjs), on *.localhost names of its own.
 */
import { expect, test } from "@playwright/test";
import { chooseScenario, timelineRows } from "./helpers";

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
