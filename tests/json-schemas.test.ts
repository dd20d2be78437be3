/**
 * The JSON Schemas in docs/schemas/ are generated from the zod schemas the playground itself
 * parses with (z.toJSONSchema), and checked in so that other tools can use them. This test fails
 * when a checked-in schema is no longer what the code generates. After changing a format on
 * purpose, regenerate them:
 *
 *   UPDATE_SCHEMAS=1 npx vitest run tests/json-schemas.test.ts
 *
 * It also checks that every conformance file and every built-in scenario is a valid scenario file,
 * and that the examples in docs/*.md open.
 */
import { describe, expect, it } from "vitest";
import { decompressFromEncodedURIComponent } from "lz-string";
import { z } from "zod";
import config from "../playground.config.json";
import { PROMISED } from "../src/scenario/builtin";
import { LIBRARY_BUILTINS } from "../src/scenario/library-builtins";
import { fromScenarioFile, SCENARIO_FORMAT, SCENARIO_VERSION, scenarioFileSchema, toScenarioFile, validateScenario } from "../src/scenario/schema";
import { scenarioFromHash } from "../src/scenario/share-link";
import { correlate } from "../src/timeline/correlate";
import { parseTimelineFile, TIMELINE_FORMAT, TIMELINE_VERSION, timelineFileSchema, toTimelineFile } from "../src/timeline/export-format";
import { fs } from "./node-fs";

/** Every built-in, the library ones loaded: what the picker offers. */
const BUILTIN_SCENARIOS = [...PROMISED, ...LIBRARY_BUILTINS];

const DOCS_DIR = new URL("../docs/", import.meta.url);
const SCHEMA_DIR = new URL("schemas/", DOCS_DIR);
const CONFORMANCE_DIR = new URL("../conformance/", import.meta.url);
const SITES = Object.keys(config.sandboxes);
/** Vitest exposes the environment on import.meta.env. */
const UPDATE = import.meta.env.UPDATE_SCHEMAS === "1";
const HOW_TO_UPDATE = "regenerate with: UPDATE_SCHEMAS=1 npx vitest run tests/json-schemas.test.ts";

/**
 * The schema of a file as it may be written and read: `io: "input"`, so fields that have a default
 * (`summary`, `portEvents`) are optional. Cross-field rules (superRefine: unique window names,
 * parent/opener) cannot be expressed and are left out; docs/scenario-format.md states them.
 */
function generate(schema: z.ZodType, head: { title: string; description: string }): string {
  const { $schema, ...body } = z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" });
  return `${JSON.stringify({ $schema, ...head, ...body }, null, 2)}\n`;
}

const SCHEMAS = [
  {
    file: `scenario.v${SCENARIO_VERSION}.schema.json`,
    text: () =>
      generate(scenarioFileSchema, {
        title: `postMessage Playground scenario file, version ${SCENARIO_VERSION}`,
        description:
          `A scenario file ("format": "${SCENARIO_FORMAT}"). Generated from src/scenario/schema.ts; see docs/scenario-format.md. ` +
          "Not expressible here and also enforced: window names are unique; a popup has an opener and no parent; an iframe has no opener; " +
          "parent and opener name another window of the file; frames do not nest in a loop; origin names a configured sandbox site.",
      }),
  },
  {
    file: `timeline.v${TIMELINE_VERSION}.schema.json`,
    text: () =>
      generate(timelineFileSchema, {
        title: `postMessage Playground timeline export, version ${TIMELINE_VERSION}`,
        description:
          `A timeline export ("format": "${TIMELINE_FORMAT}"). Generated from src/timeline/export-format.ts; see docs/timeline-format.md. ` +
          "The embedded scenario follows the scenario file's rules. rows are derived and ignored when the file is opened.",
      }),
  },
];

describe("JSON Schemas in docs/schemas", () => {
  for (const { file, text } of SCHEMAS) {
    it(`${file} is what the zod schema generates`, () => {
      const path = new URL(file, SCHEMA_DIR);
      const generated = text();
      if (UPDATE) fs.writeFileSync(path, generated);
      let checkedIn: string;
      try {
        checkedIn = fs.readFileSync(path, "utf8");
      } catch {
        throw new Error(`docs/schemas/${file} is missing; ${HOW_TO_UPDATE}`);
      }
      expect(checkedIn, `docs/schemas/${file} is out of date; ${HOW_TO_UPDATE}`).toBe(generated);
    });
  }
});

/** `{alice}` placeholders in a conformance file's expectations must name configured sites. */
function placeholders(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/\{([a-z][a-z0-9-]*)\}/g)].map((m) => m[1] ?? "");
}

describe("scenario files in the repository are valid", () => {
  const files = fs
    .readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith(".scenario.json"))
    .sort();

  it("finds the conformance files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`conformance/${file}`, () => {
      const parsed = validateScenario(JSON.parse(fs.readFileSync(new URL(file, CONFORMANCE_DIR), "utf8")), SITES);
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
      const { expected, windows } = parsed.value;
      expect(expected, `${file}: a conformance file needs "expected"`).toBeDefined();
      expect(placeholders(expected).filter((p) => !SITES.includes(p))).toEqual([]);
      const names = windows.map((w) => w.name);
      expect(Object.keys(expected?.console ?? {}).filter((w) => !names.includes(w))).toEqual([]);
    });
  }

  for (const scenario of BUILTIN_SCENARIOS) {
    it(`built-in scenario ${scenario.id}`, () => {
      const parsed = validateScenario(toScenarioFile(scenario), SITES);
      expect(parsed.ok ? "valid" : parsed.error).toBe("valid");
    });
  }
});

describe("examples in the docs open", () => {
  const doc = (file: string) => fs.readFileSync(new URL(file, DOCS_DIR), "utf8");
  /** Whole JSON documents in ```json blocks (not fragments such as an `"expected": …` excerpt). */
  const jsonBlocks = (text: string) => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").filter((b) => b.startsWith("{"));

  it("scenario-format.md: the example is a valid scenario file", () => {
    const blocks = jsonBlocks(doc("scenario-format.md"));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const parsed = validateScenario(JSON.parse(block), SITES);
      expect(parsed.ok ? "valid" : parsed.error).toBe("valid");
    }
  });

  it("share-url.md: the example link holds a valid scenario", async () => {
    const link = /#scenario=[A-Za-z0-9+\-$]+/.exec(doc("share-url.md"))?.[0] ?? "";
    expect(decompressFromEncodedURIComponent(link.slice("#scenario=".length))).toBeTruthy();
    const parsed = await scenarioFromHash(link, SITES);
    expect(parsed?.ok ? "valid" : parsed?.error).toBe("valid");
  });

  it("timeline-format.md: the example opens, and its rows are the rows the playground computes", () => {
    const [block] = jsonBlocks(doc("timeline-format.md"));
    const parsed = parseTimelineFile(block ?? "");
    if (!parsed.ok) throw new Error(parsed.error);
    const t = parsed.value;
    expect(validateScenario(t.scenario, SITES).ok).toBe(true);
    const entries = correlate({ sends: t.sends, receipts: t.receipts, documents: t.documents, portEvents: t.portEvents });
    const recomputed = toTimelineFile(
      {
        scenario: fromScenarioFile(t.scenario),
        runStart: t.runStart,
        windowOrigins: t.windowOrigins,
        documents: t.documents,
        sends: t.sends,
        receipts: t.receipts,
        consoleLines: t.console,
        portEvents: t.portEvents,
        entries,
      },
      new Date(t.exportedAt),
    );
    expect(JSON.parse(JSON.stringify(recomputed.rows))).toEqual(t.rows);
  });
});
