import { defineConfig } from "@playwright/test";
import type { EngineName } from "./e2e/engines/drivers";
import { builtPreview } from "./scripts/preview-server.mjs";

/**
 * The conformance suite and a UI smoke in Firefox ESR and WebKitGTK (scripts/engines.mjs runs it
 * with the projects whose engine is installed). Same built app and server as the Chromium suite.
 */
// e2e/helpers.ts reads the port from the environment, in every worker.
process.env.E2E_PORT ??= "4189";
const PORT = Number(process.env.E2E_PORT);

export default defineConfig<object, { engineName: EngineName }>({
  testDir: "e2e/engines",
  testMatch: /\.engine\.ts$/,
  fullyParallel: false,
  // One worker per engine: each runs one window at a time, as each scenario opens several cross-site windows.
  workers: 2,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["./e2e/summary-reporter.ts"]],
  projects: [
    { name: "firefox", use: { engineName: "firefox" } },
    { name: "webkit", use: { engineName: "webkit" } },
  ],
  webServer: [builtPreview(PORT)],
});
