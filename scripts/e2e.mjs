#!/usr/bin/env node
// Runs the Playwright suite in the system's Chromium, or says in one line how to get one.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { CHROMIUM_PATH as chromium } from "./chromium-args.mjs";

if (!existsSync(chromium)) {
  console.error(
    `End-to-end tests need Chromium at ${chromium}: install it with \`apt-get update && apt-get install -y chromium\`, or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
const result = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
