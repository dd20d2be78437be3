/**
 * The timeline export format (docs/timeline-format.md), version 1: the raw records of one run plus
 * the scenario that produced them, and the classified rows for tools that only want to read. When
 * the file is opened again, rows are recomputed from the records, so a file from an older
 * playground is read with today's rules.
 */
import { z } from "../scenario/zod";
import { nestingProblem, versionProblem } from "../scenario/file-checks";
import { describeIssues, notJson, scenarioFileSchema } from "../scenario/schema";
import { SCENARIO_FORMAT, SCENARIO_VERSION, type ParseResult } from "../scenario/scenario-file";
import { MAX_TIMELINE_BYTES, TIMELINE_FORMAT, TIMELINE_VERSION } from "./timeline-file";

export { TIMELINE_FORMAT, TIMELINE_VERSION, MAX_TIMELINE_BYTES, toTimelineFile, type RunSnapshot } from "./timeline-file";

const position = z.object({ line: z.number(), column: z.number() }).optional();
const thrown = z.object({ name: z.string(), message: z.string() });

type DataNodeShape = { t: "leaf"; text: string } | { t: "ref"; id: number } | { t: "node"; id: number; tag: string; size?: number; entries: [string, DataNodeShape][]; more: number };
const dataNode: z.ZodType<DataNodeShape> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal("leaf"), text: z.string() }),
    z.object({ t: z.literal("ref"), id: z.number() }),
    z.object({ t: z.literal("node"), id: z.number(), tag: z.string(), size: z.number().optional(), entries: z.array(z.tuple([z.string(), dataNode])), more: z.number() }),
  ]),
);

const pathStep = z.union([
  z.enum(["self", "parent", "top", "opener", "gone"]),
  z.templateLiteral(["frames:", z.number()]),
  z.templateLiteral(["popup:", z.string()]),
]);

const sendRecord = z.object({
  kind: z.literal("send"),
  key: z.string(),
  window: z.string(),
  doc: z.string(),
  origin: z.string(),
  time: z.number(),
  target: z.string().nullable(),
  targetLabel: z.string(),
  targetOrigin: z.string(),
  form: z.enum(["positional", "options"]),
  preview: z.string(),
  shape: z.string(),
  transfer: z.array(z.string()),
  transferAfter: z.array(z.string()),
  port: z.string().optional(),
  portsSent: z.array(z.string()),
  error: thrown.optional(),
  at: position,
  path: z.array(pathStep).optional(),
  targetGone: z.boolean().optional(),
  tree: dataNode.optional(),
  held: z.boolean().optional(),
  releasedAt: z.number().optional(),
  dropped: z.boolean().optional(),
  resent: z.boolean().optional(),
  toInitial: z.boolean().optional(),
});

const receiptRecord = z.object({
  kind: z.literal("receipt"),
  key: z.string(),
  window: z.string(),
  doc: z.string(),
  origin: z.string(),
  time: z.number(),
  type: z.enum(["message", "messageerror"]),
  eventOrigin: z.string(),
  source: z.string().nullable(),
  sourceLabel: z.string(),
  preview: z.string(),
  shape: z.string(),
  ports: z.array(z.string()),
  port: z.string().optional(),
  listeners: z.array(
    z.object({
      name: z.string(),
      via: z.enum(["addEventListener", "onmessage"]),
      reads: z.array(z.enum(["data", "origin", "source"])),
      threw: thrown.optional(),
      at: position,
    }),
  ),
  tree: dataNode.optional(),
});

const portEventRecord = z.object({
  kind: z.literal("port"),
  key: z.string(),
  window: z.string(),
  time: z.number(),
  port: z.string(),
  what: z.enum(["started", "closed"]),
});

const consoleRecord = z.object({
  kind: z.literal("console"),
  key: z.string(),
  window: z.string(),
  time: z.number(),
  level: z.enum(["log", "info", "warn", "error", "debug"]),
  text: z.string(),
  at: position,
});

const documentSpan = z.object({ id: z.string().optional(), origin: z.string(), start: z.number(), end: z.number().optional(), initial: z.boolean().optional(), unwatched: z.boolean().optional(), url: z.string().max(400).optional() });

export const timelineFileSchema = z.object({
  format: z.literal(TIMELINE_FORMAT),
  version: z.literal(TIMELINE_VERSION),
  exportedAt: z.string(),
  runStart: z.number(),
  scenario: scenarioFileSchema,
  windowOrigins: z.record(z.string(), z.string()),
  documents: z.record(z.string(), z.array(documentSpan)),
  sends: z.array(sendRecord),
  receipts: z.array(receiptRecord),
  console: z.array(consoleRecord),
  portEvents: z.array(portEventRecord).default([]),
  /** Derived, for readers; ignored when the file is opened (rows are recomputed). */
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
});

export type TimelineFile = z.infer<typeof timelineFileSchema>;

export function parseTimelineFile(text: string): ParseResult<TimelineFile> {
  if (text.length > MAX_TIMELINE_BYTES) return { ok: false, error: `the file holds ${text.length} characters; at most ${MAX_TIMELINE_BYTES} are accepted` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: notJson(text, e) };
  }
  const inner = typeof json === "object" && json !== null && "scenario" in json ? versionProblem(json.scenario, SCENARIO_FORMAT, SCENARIO_VERSION, "scenario") : null;
  const problem =
    versionProblem(json, TIMELINE_FORMAT, TIMELINE_VERSION, "timeline") ?? (inner === null ? null : `its scenario's ${inner}`) ?? nestingProblem(json, ["tree"]);
  if (problem !== null) return { ok: false, error: problem };
  const parsed = timelineFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error, json) };
  return { ok: true, value: parsed.data };
}
