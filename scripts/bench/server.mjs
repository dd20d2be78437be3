// Builds the app and serves dist/ with `vite preview` on the bench's own port.
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { join, resolve } from "node:path";
import { log, sleep } from "./util.mjs";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const DIST = join(ROOT, "dist");
export const PORT = 4500;
export const BASE = `http://localhost:${PORT}`;
const VITE = join(ROOT, "node_modules", "vite", "bin", "vite.js");

export function build() {
  log("building…");
  const r = spawnSync(process.execPath, [VITE, "build", "--logLevel", "warn"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
}

function answers() {
  return new Promise((res) => {
    const req = http.get(BASE, { timeout: 1000 }, (r) => {
      r.resume();
      res(true);
    });
    req.on("error", () => res(false));
    req.on("timeout", () => {
      req.destroy();
      res(false);
    });
  });
}

export async function startPreview() {
  if (await answers()) throw new Error(`something already answers on ${BASE}: stop it first (port ${PORT} is the bench's own)`);
  const child = spawn(process.execPath, [VITE, "preview", "--port", String(PORT), "--strictPort"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let exited = null;
  child.on("exit", (code, signal) => (exited = code ?? signal));
  const deadline = Date.now() + 30_000;
  while (!(await answers())) {
    if (exited !== null) throw new Error(`vite preview exited (${exited}): ${stderr.trim()}`);
    if (Date.now() > deadline) {
      await stopPreview(child);
      throw new Error(`vite preview did not answer on ${BASE} within 30 s: ${stderr.trim()}`);
    }
    await sleep(150);
  }
  return child;
}

export async function stopPreview(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  if (await Promise.race([gone.then(() => true), sleep(3000).then(() => false)])) return;
  child.kill("SIGKILL");
  await gone;
}
