#!/usr/bin/env node
// Runs the conformance suite and the UI smoke in Firefox ESR and WebKitGTK (playwright.engines.config.ts).
// An engine that is not installed is skipped with one line saying how to install it.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const FIREFOX = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";
const MINIBROWSER = process.env.MINIBROWSER_PATH || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const engines = [
  { project: "firefox", present: existsSync(FIREFOX), install: "apt-get install -y firefox-esr" },
  {
    project: "webkit",
    present: ["/usr/bin/WebKitWebDriver", "/usr/bin/xvfb-run", MINIBROWSER].every((p) => existsSync(p)),
    install: "apt-get install -y webkit2gtk-driver xvfb",
  },
];
for (const e of engines) if (!e.present) console.log(`Skipping the ${e.project} tests: ${e.project === "firefox" ? "Firefox ESR" : "WebKitGTK"} is not installed (\`apt-get update && ${e.install}\`).`);
const projects = engines.filter((e) => e.present).map((e) => `--project=${e.project}`);
if (projects.length === 0) process.exit(0);

const started = Date.now();
const result = spawnSync(
  process.execPath,
  ["node_modules/@playwright/test/cli.js", "test", "-c", "playwright.engines.config.ts", ...projects, ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, E2E_PORT: process.env.E2E_PORT ?? "4189" } },
);
console.log(`engines: ${projects.map((p) => p.slice(10)).join(" and ")} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(result.status ?? 1);
