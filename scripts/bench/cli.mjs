#!/usr/bin/env node
/**
 * Performance figures of the playground, measured against the built app (docs/performance.md).
 *
 *   npm run bench                          every figure
 *   npm run bench -- --only load,rerun     some of them (names: see FIGURES, or --help)
 *   BENCH_SKIP_BUILD=1 npm run bench       use the dist/ already built
 *   BENCH_FLOOD_SIZES=100000 npm run bench -- --only flood
 *                                          floods of some sizes only (10000, 100000, 1000000)
 *
 * Builds, serves with `vite preview` on port 4500, drives the system's Chromium, and prints one
 * markdown table, the machine and its load, and a last line `bench: {...}` (JSON). Goals
 * (goals.mjs) are reported, not asserted: it exits 1 only if something crashed or Chromium is
 * missing, 2 for a command line it does not understand, never because a figure missed its goal.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CHROMIUM_PATH } from "../chromium-args.mjs";
import { launch, loadChromium } from "./browser.mjs";
import bundle from "./figures/bundle.mjs";
import flood, { floodSizes } from "./figures/flood.mjs";
import load from "./figures/load.mjs";
import rerun from "./figures/rerun.mjs";
import scale from "./figures/scale.mjs";
import throughput from "./figures/throughput.mjs";
import { benchLine, goalResults, machine, machineText, table } from "./report.mjs";
import { build, DIST, startPreview, stopPreview } from "./server.mjs";
import { log } from "./util.mjs";

/** In the order they run: the lighter figures first, before the floods have grown the browser's processes. */
export const FIGURES = [load, bundle, rerun, throughput, scale, flood];

function usage() {
  return [
    "usage: npm run bench [-- --only NAME[,NAME…]]",
    "",
    "figures:",
    ...FIGURES.map((f) => `  ${f.name.padEnd(11)} ${f.about}`),
  ].join("\n");
}

/** The figures the command line (and BENCH_FLOOD_SIZES, for the floods) asks for, or a message saying what is wrong with it. */
export function chosen(argv, env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { only: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (e) {
    return { error: e.message };
  }
  if (values.help) return { help: true };
  if (values.only === undefined) return withSizes({ figures: FIGURES }, env);
  const names = values.only.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !FIGURES.some((f) => f.name === n));
  if (unknown.length > 0 || names.length === 0) return { error: `--only takes figure names: ${unknown.length > 0 ? `no figure named ${unknown.join(", ")}` : "none given"}` };
  return withSizes({ figures: FIGURES.filter((f) => names.includes(f.name)) }, env);
}

/** A choice with the floods in it, refused before anything is built when their sizes are wrong. */
function withSizes(choice, env) {
  const sizes = choice.figures.includes(flood) ? floodSizes(env.BENCH_FLOOD_SIZES) : {};
  return sizes.error ? { error: sizes.error } : choice;
}

async function main(argv) {
  const choice = chosen(argv);
  if (choice.help || choice.error) {
    if (choice.error) console.error(choice.error);
    console.error(usage());
    return choice.error ? 2 : 0;
  }
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`The bench needs Chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\`, or set CHROMIUM_PATH.`);
    return 1;
  }
  const started = Date.now();
  const loadAtStart = os.loadavg();
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(join(DIST, "index.html"))) build();
  const chromium = await loadChromium();
  let server = null;
  let browser = null;
  const onSignal = () => {
    void stopPreview(server).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    server = await startPreview();
    browser = await launch(chromium);
    const results = {};
    const rows = [];
    for (const figure of choice.figures) {
      log(`${figure.name}: ${figure.about}…`);
      const before = os.loadavg()[0];
      const result = await figure.measure({ browser, chromium });
      const load = [before, os.loadavg()[0]];
      results[figure.name] = { ...figure.json(result), load };
      rows.push(...figure.rows(result).map((r) => ({ ...r, load })));
    }
    const m = machine({ loadAtStart, chromium: browser.version(), seconds: Math.round((Date.now() - started) / 1000) });
    console.log(table(rows));
    console.log("");
    console.log(machineText(m));
    console.log(`bench: ${benchLine({ machine: m, goals: goalResults(rows), figures: results })}`);
    return 0;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopPreview(server);
  }
}

if (process.argv[1] === import.meta.filename) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`bench crashed: ${e?.stack ?? e}`);
      process.exit(1);
    },
  );
}
