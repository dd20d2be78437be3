import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium-args.mjs";
import { builtPreview } from "./scripts/preview-server.mjs";

/** Tests run against the built app served by `vite preview`, as a deploy would serve it. */
const PORT = Number(process.env.E2E_PORT ?? 4179);
/** `npm start`'s dev server, on a port of its own, so the README's first command is tested too. */
const DEV_PORT = PORT + 1;
/** A build for fixed sandbox domains, served by a plain static server (docs/deploy.md). */
const STATIC_PORT = PORT + 2;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // Each test opens several cross-site windows (one renderer process each) on a 2-core machine.
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["./e2e/summary-reporter.ts"]],
  projects: [
    { name: "built", testIgnore: /dev-server|static-deploy/, use: { baseURL: `http://localhost:${PORT}` } },
    { name: "dev", testMatch: /dev-server/, use: { baseURL: `http://localhost:${DEV_PORT}` } },
    { name: "static", testMatch: /static-deploy/, use: { baseURL: `http://app.static-deploy.localhost:${STATIC_PORT}` } },
  ],
  use: {
    viewport: { width: 1400, height: 1000 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "off",
  },
  webServer: [
    builtPreview(PORT),
    {
      command: `node scripts/e2e-static-deploy.mjs ${STATIC_PORT}`,
      // Node need not resolve *.localhost names; the server answers this on any name.
      url: `http://127.0.0.1:${STATIC_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node node_modules/vite/bin/vite.js --port ${DEV_PORT} --strictPort`,
      url: `http://localhost:${DEV_PORT}`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
