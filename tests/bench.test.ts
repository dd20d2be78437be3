/**
 * The bench's parts that do not need a browser (scripts/bench/): its command line, its scenario
 * files, and its report. No figure is measured or asserted here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../src/run/parser";
import config from "../playground.config.json";
import { chosen, FIGURES } from "../scripts/bench/cli.mjs";
import { benchLine, goalResults, pairedRatio, pairedText, row, spread, spreadText, table } from "../scripts/bench/report.mjs";
import { benchScenario, defaultScenario } from "../scripts/bench/scenarios.mjs";
import { DEFAULT_SCENARIO } from "../src/scenario/builtin";
import { floodSizes } from "../scripts/bench/figures/flood.mjs";
import { BIG_SCRIPT, grown } from "../scripts/bench/figures/scale.mjs";
import { syntaxProblem } from "../src/run/syntax-check";
import { validateScenario } from "../src/scenario/schema";
import { fs } from "./node-fs";

const SITES = Object.keys(config.sandboxes);

// Scripts other than the built-ins' need the parser, which the app loads apart (src/run/parser.ts).
beforeAll(() => loadParser());

describe("bench command line", () => {
  it("runs every figure without --only, in the bench's order", () => {
    expect(chosen([], {})).toEqual({ figures: FIGURES });
    expect(FIGURES.map((f) => f.name)).toEqual(["load", "bundle", "rerun", "throughput", "scale", "flood"]);
  });

  it("runs the figures --only names, in the bench's order whatever the order given", () => {
    const choice = chosen(["--only", "flood,load"], {});
    expect("figures" in choice ? choice.figures.map((f) => f.name) : choice).toEqual(["load", "flood"]);
    const eq = chosen(["--only=rerun"], {});
    expect("figures" in eq ? eq.figures.map((f) => f.name) : eq).toEqual(["rerun"]);
  });

  it.each([
    [["--only", "load,speed"], "--only takes figure names: no figure named speed"],
    [["--only", ","], "--only takes figure names: none given"],
    [["--fast"], "Unknown option '--fast'"],
  ])("refuses %j, saying why", (argv, message) => {
    const choice = chosen(argv, {});
    expect("error" in choice ? choice.error : choice).toContain(message);
  });

  it("floods the sizes BENCH_FLOOD_SIZES names, in the bench's order, or every size when it names none", () => {
    expect(floodSizes("1000000, 10000")).toEqual({ sizes: [10_000, 1_000_000] });
    expect(floodSizes("100000")).toEqual({ sizes: [100_000] });
    expect(floodSizes("")).toEqual({ sizes: [10_000, 100_000, 1_000_000] });
    expect(floodSizes(undefined)).toEqual({ sizes: [10_000, 100_000, 1_000_000] });
  });

  it("refuses a flood size it does not know before anything runs, and ignores the sizes when no flood is asked for", () => {
    const bad = { BENCH_FLOOD_SIZES: "100000,5000,1e5x" };
    const message = "BENCH_FLOOD_SIZES takes sizes from 10000, 100000, 1000000: not 5000, 1e5x";
    expect(chosen(["--only", "flood"], bad)).toEqual({ error: message });
    expect(chosen([], bad)).toEqual({ error: message });
    const load = chosen(["--only", "load"], bad);
    expect("figures" in load ? load.figures.map((f) => f.name) : load).toEqual(["load"]);
  });
});

describe("bench scenario files", () => {
  const names = fs
    .readdirSync(new URL("../scripts/bench/scenarios/", import.meta.url))
    .filter((f) => f.endsWith(".scenario.json"))
    .map((f) => f.replace(".scenario.json", ""));

  it("are the three the figures use", () => {
    expect(names.sort()).toEqual(["flood", "throughput", "twelve"]);
  });

  it("twelve has the format's most windows, each of which says when it has its messages", () => {
    const file = benchScenario("twelve", { N: 10 }) as { windows: { name: string; script: string }[] };
    expect(file.windows).toHaveLength(12);
    for (const w of file.windows) expect(w.script).toContain(`console.log("bench-done ${w.name}"`);
  });

  it("grows a script to the format's largest with code that still parses, and no further", () => {
    const big = grown("const x = 1;", BIG_SCRIPT);
    expect(big.length).toBeLessThanOrEqual(BIG_SCRIPT);
    expect(big.length).toBeGreaterThan(BIG_SCRIPT - 200);
    expect(big.startsWith("const x = 1;\n")).toBe(true);
    expect(syntaxProblem("alice", big)).toBeNull();
  });

  it.each(names)("%s, its message count filled in, is a valid scenario file", (name) => {
    const file = benchScenario(name, { N: 1234 });
    const parsed = validateScenario(file, SITES);
    expect(parsed.ok ? "valid" : parsed.error).toBe("valid");
    expect(JSON.stringify(file)).toContain("const N = 1234,");
    expect(JSON.stringify(file)).not.toContain("{{");
  });

  it("opens the plain page on the scenario the playground opens on, whole", () => {
    const file = defaultScenario() as { id: string; windows: { name: string; script: string }[] };
    expect(file.id).toBe(DEFAULT_SCENARIO.id);
    expect(file.windows.map((w) => [w.name, w.script])).toEqual(DEFAULT_SCENARIO.windows.map((w) => [w.name, w.script]));
  });

  it("refuses to fill a file without a value for each placeholder", () => {
    expect(() => benchScenario("flood", {})).toThrow("scenarios/flood.scenario.json: no value for {{N}}");
  });
});

describe("bench report", () => {
  it("gives min, median and max over the runs that gave a number", () => {
    const s = spread([900, Number.NaN, 700, 800, 1000]);
    expect(s).toEqual({ median: 850, min: 700, max: 1000, runs: [900, Number.NaN, 700, 800, 1000] });
    expect(spreadText(s)).toBe("850 ms (min 700 ms, max 1000 ms; runs: 900, ×, 700, 800, 1000)");
  });

  it("divides figures measured in turns pair by pair, skipping a pair with no number, and keeps the ratio of the medians beside", () => {
    // The 1M floods of one run: the plain page slowed down in the third pair, the playground in the second.
    const plain = [18489, 18153, 22718, Number.NaN];
    const playground = [20590, 25390, 24724, 24000];
    const r = pairedRatio(plain, playground);
    expect(r.runs.slice(0, 3).map((x) => x.toFixed(3))).toEqual(["0.898", "0.715", "0.919"]);
    expect(r.runs[3]).toBeNaN();
    expect(r.median).toBeCloseTo(18489 / 20590, 10);
    expect([r.min, r.max]).toEqual([18153 / 25390, 22718 / 24724]);
    expect(r.ofMedians).toBeCloseTo(18489 / 24362, 10);
    expect(pairedText(r)).toBe("0.90 (pairs, in turns: 0.90, 0.71, 0.92, ×)");
  });

  it("judges each row by its goal in goals.mjs, and a row without a number as not met", () => {
    const rows = [
      { ...row("first message", "900 ms", "load", 900), load: [1.25, 2] as [number, number] },
      row("rerun", "150 ms", "rerun", 150),
      row("heap (info)", "90 MB"),
      row("ratio", "n/a", "overhead", Number.NaN),
      row("10k flood ratio", "0.85", "floodRatio", 0.85, "floodRatio10k"),
      row("1M flood ratio", "0.5", "floodRatio", 0.5, "floodRatio1M"),
    ];
    expect(table(rows).split("\n")).toEqual([
      "| figure | value | goal | ok? | load |",
      "|---|---|---|---|---|",
      "| first message | 900 ms | < 500 ms | **no** | 1.3 → 2.0 |",
      "| rerun | 150 ms | < 200 ms | yes | – |",
      "| heap (info) | 90 MB | – | – | – |",
      "| ratio | n/a | ≥ 0.7 | **no** | – |",
      "| 10k flood ratio | 0.85 | ≥ 0.8 | yes | – |",
      "| 1M flood ratio | 0.5 | ≥ 0.8 | **no** | – |",
    ]);
    expect(goalResults(rows)).toEqual({
      load: { goal: "< 500 ms", value: 900, met: false },
      rerun: { goal: "< 200 ms", value: 150, met: true },
      overhead: { goal: "≥ 0.7", value: null, met: false },
      floodRatio10k: { goal: "≥ 0.8", value: 0.85, met: true },
      floodRatio1M: { goal: "≥ 0.8", value: 0.5, met: false },
    });
  });

  it("refuses a row whose goal is not in the table of goals", () => {
    expect(() => table([row("x", "1", "fast", 1)])).toThrow("no goal named fast in goals.mjs");
  });

  it("writes the last line as JSON a script can read back, numbers to 3 decimals", () => {
    expect(JSON.parse(benchLine({ median: 896.300048828125, runs: [Number.NaN, 12], ratio: 0.83333 }))).toEqual({ median: 896.3, runs: [null, 12], ratio: 0.833 });
  });
});
