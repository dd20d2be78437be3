/**
 * Bytes on disk: the gzipped JavaScript of the first screen (every script the page had fetched
 * when its first message was drawn, which is before the editor starts loading), and of everything
 * else in dist/assets (Monaco, its workers, lazy chunks).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CONTEXT } from "../browser.mjs";
import { FIRST_ROW_PROBE, ROW } from "../probes.mjs";
import { kB, row } from "../report.mjs";
import { BASE, DIST } from "../server.mjs";
import { log } from "../util.mjs";

const referencedJs = (htmlFile) => {
  const html = readFileSync(htmlFile, "utf8");
  const out = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+\.js)"/g)) out.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g)) out.add(m[1]);
  return [...out].map((src) => join(DIST, src.replace(/^\//, "")));
};
const gz = (file) => gzipSync(readFileSync(file)).length;

/** The scripts a fresh page had fetched when its first message was drawn ([] if it never drew one). */
async function fetchedBeforeFirstMessage(browser) {
  const context = await browser.newContext(CONTEXT);
  try {
    await context.addInitScript(FIRST_ROW_PROBE, ROW);
    const page = await context.newPage();
    await page.goto(`${BASE}/`, { waitUntil: "commit" });
    await page.waitForSelector(ROW, { state: "attached", timeout: 15_000 });
    const paths = await page.evaluate(() => window.__benchFirstRowScripts ?? []);
    return paths.map((path) => join(DIST, path.replace(/^\//, "")));
  } catch (e) {
    log(`bundle: ${e.message.split("\n")[0]}`);
    return [];
  } finally {
    await context.close();
  }
}

/**
 * Without a page that drew its first message, what index.html names stands in for the first
 * screen (it would leave out a chunk loaded on demand before Monaco, and says so).
 */
function bundleFigures(fetched) {
  const named = referencedJs(join(DIST, "index.html"));
  const initial = fetched.length > 0 ? fetched.filter((f) => existsSync(f)) : named;
  const pages = readdirSync(join(DIST, "sandboxes")).filter((f) => f.endsWith(".html"));
  const known = new Set([...named, ...initial, ...pages.flatMap((f) => referencedJs(join(DIST, "sandboxes", f)))]);
  const lazy = readdirSync(join(DIST, "assets"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(DIST, "assets", f))
    .filter((f) => !known.has(f));
  const sum = (files) => files.reduce((a, f) => a + gz(f), 0);
  return { initialGzip: sum(initial), initialFiles: initial.length, measured: initial !== named, lazyGzip: sum(lazy), lazyFiles: lazy.length };
}

export default {
  name: "bundle",
  about: "gzipped JavaScript of the first screen, and of everything loaded later",
  async measure({ browser }) {
    return bundleFigures(await fetchedBeforeFirstMessage(browser));
  },
  rows(b) {
    return [
      row(
        b.measured
          ? "Initial JS before Monaco (gzip; every script the page had fetched when its first message was drawn)"
          : "Initial JS before Monaco (gzip; index.html's module script + modulepreloads)",
        `${kB(b.initialGzip)} (${b.initialFiles} files)`,
        "initialJs",
        b.initialGzip,
      ),
      row("Lazy JS, Monaco's and the rest (gzip; every other dist/assets/*.js, workers included) (info)", `${kB(b.lazyGzip)} (${b.lazyFiles} files)`),
    ];
  },
  json: (b) => b,
};
