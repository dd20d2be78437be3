#!/usr/bin/env node
/**
 * For e2e/static-deploy.spec.ts: builds the playground for fixed, "real" origins (no {scheme} or
 * {port} in the configuration, as a deploy on real domains has) and serves the build with the
 * plain static server of scripts/serve-static.mjs, on other *.localhost names than the usual ones.
 */
import { spawnSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.argv[2] ?? 4260);
const dir = join(tmpdir(), `playground-static-${port}`);
mkdirSync(dir, { recursive: true });
const origin = (name) => `http://${name}.static-deploy.localhost:${port}`;
const config = {
  host: origin("app"),
  sandboxes: Object.fromEntries(["alice", "bob", "carol", "dave", "evil"].map((site) => [site, origin(`${site}-sandbox`)])),
};
const configFile = join(dir, "playground.config.json");
writeFileSync(configFile, JSON.stringify(config, null, 2));
const outDir = join(dir, "dist");
const build = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn", "--outDir", outDir, "--emptyOutDir"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, PLAYGROUND_CONFIG: configFile },
});
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawn(process.execPath, ["scripts/serve-static.mjs", "--dist", outDir, "--config", configFile, "--port", String(port)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
