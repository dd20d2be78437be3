/**
 * Statistics, formatting and the printed report: one markdown table (figure, value, goal, ok?),
 * the machine and its load, and a last line `bench: {...}` with every figure as JSON, so that a
 * script can compare two runs.
 */
import os from "node:os";
import { GOALS } from "./goals.mjs";

export const finite = (xs) => xs.filter(Number.isFinite);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A repeated figure: its median, min and max over the runs that gave a number, and every run. */
export function spread(runs) {
  const ok = finite(runs);
  return { median: median(ok), min: ok.length ? Math.min(...ok) : NaN, max: ok.length ? Math.max(...ok) : NaN, runs };
}

/**
 * A ratio of two figures measured in turns: `over[i] / under[i]` for each pair that gave two
 * numbers, with their median, min and max. Each pair ran one page after the other, so it met the
 * same load; the median of the pairs' ratios compares like with like, where the ratio of the two
 * medians takes each from a different moment of a machine whose speed wanders. That ratio is kept
 * beside it (`ofMedians`), for comparison with runs before this one.
 */
export function pairedRatio(over, under) {
  const pairs = over.map((x, i) => x / under[i]);
  return { ...spread(pairs), ofMedians: median(finite(over)) / median(finite(under)) };
}

/** `0.90 (pairs, in turns: 0.90, 0.71, 0.92)`. */
export const pairedText = (r) => `${ratio(r.median)} (pairs, in turns: ${list(r.runs, (x) => x.toFixed(2))})`;

export const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
export const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "n/a");
export const rate = (x) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString("en-US")} msgs/s` : "n/a");
export const ratio = (x) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
export const list = (xs, f = Math.round) => xs.map((x) => (Number.isFinite(x) ? f(x) : "×")).join(", ");

/** `896 ms (min 833, max 958; runs: 958, 920, 833, 896, 855)`, in the unit `fmt` writes. */
export function spreadText(s, fmt = ms, each = Math.round) {
  return `${fmt(s.median)} (min ${fmt(s.min)}, max ${fmt(s.max)}; runs: ${list(s.runs, each)})`;
}

/**
 * A table row. `goal` names an entry of GOALS and `measured` the number it is judged on; a row
 * without a goal is information. `key` names the row in the JSON line when several rows share a
 * goal (one per flood size); it defaults to the goal's name.
 */
export const row = (figure, value, goal, measured, key = goal) => ({ figure, value, goal, measured, key });

/** The machine's one-minute load average as a figure began and as it ended, e.g. `1.2 → 3.4`. */
export const loadText = (load) => (load ? `${load[0].toFixed(1)} → ${load[1].toFixed(1)}` : "–");

function cells(r) {
  const load = loadText(r.load);
  if (r.goal === undefined) return [r.figure, r.value, "–", "–", load];
  const goal = GOALS[r.goal];
  if (!goal) throw new Error(`no goal named ${r.goal} in goals.mjs`);
  return [r.figure, r.value, goal.text, Number.isFinite(r.measured) && goal.met(r.measured) ? "yes" : "**no**", load];
}

/** The table; a row's `load` ([at its figure's start, at its end]) is the machine's beside it. */
export function table(rows) {
  const cell = (s) => String(s).replaceAll("|", "\\|");
  return ["| figure | value | goal | ok? | load |", "|---|---|---|---|---|", ...rows.map((r) => `| ${cells(r).map(cell).join(" | ")} |`)].join("\n");
}

/** The goals as judged in this run, for the JSON line. */
export function goalResults(rows) {
  const out = {};
  for (const r of rows) {
    if (r.goal === undefined) continue;
    const goal = GOALS[r.goal];
    out[r.key ?? r.goal] = { goal: goal.text, value: Number.isFinite(r.measured) ? r.measured : null, met: Number.isFinite(r.measured) && goal.met(r.measured) };
  }
  return out;
}

export function machine({ loadAtStart, chromium, seconds }) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "?",
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    chromium,
    loadAtStart,
    loadAtEnd: os.loadavg(),
    seconds,
  };
}

export function machineText(m) {
  const load = (l) => l.map((x) => x.toFixed(1)).join(" / ");
  const busy = m.loadAtEnd[0] > m.cpus || m.loadAtStart[0] > m.cpus ? " The machine was busy with other work: timings are inflated." : "";
  return (
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.platform}, Node ${m.node}, Chromium ${m.chromium}; ` +
    `load average (1 / 5 / 15 min) ${load(m.loadAtStart)} at the start, ${load(m.loadAtEnd)} at the end; ${m.date}; the bench took ${m.seconds} s.${busy}`
  );
}

/** The JSON of the last line, numbers to 3 decimals; a run that did not give a number says null. */
export const benchLine = (value) => JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isInteger(v) && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v));
