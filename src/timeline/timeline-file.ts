/**
 * Writing the timeline export format (docs/timeline-format.md): a run's records as a file. Kept
 * apart from its schema (export-format.ts), which only opening a file needs: exporting must not
 * load zod.
 */
import { toScenarioFile } from "../scenario/scenario-file";
import type { Scenario } from "../scenario/types";
import type { TimelineEntry } from "./correlate";
import type { TimelineFile } from "./export-format";
import type { ConsoleRecord, DocumentSpan, PortEventRecord, ReceiptRecord, SendRecord } from "./records";

export const TIMELINE_FORMAT = "postmessage-playground/timeline";
export const TIMELINE_VERSION = 1;
export const MAX_TIMELINE_BYTES = 50 * 1024 * 1024;

export interface RunSnapshot {
  scenario: Scenario;
  runStart: number;
  windowOrigins: Record<string, string>;
  documents: Record<string, DocumentSpan[]>;
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  consoleLines: ConsoleRecord[];
  portEvents: PortEventRecord[];
  entries: TimelineEntry[];
}

export function toTimelineFile(run: RunSnapshot, exportedAt: Date): TimelineFile {
  return {
    format: TIMELINE_FORMAT,
    version: TIMELINE_VERSION,
    exportedAt: exportedAt.toISOString(),
    runStart: run.runStart,
    scenario: toScenarioFile(run.scenario),
    windowOrigins: run.windowOrigins,
    documents: run.documents,
    sends: run.sends,
    receipts: run.receipts,
    console: run.consoleLines,
    portEvents: run.portEvents,
    rows: run.entries.map((e) => ({
      time: e.time - run.runStart,
      from: e.from,
      fromOrigin: e.fromOrigin,
      to: e.to,
      via: e.toLabel,
      targetOrigin: e.targetOrigin,
      state: e.state,
      reason: e.reason,
      eventOrigin: e.receipt?.eventOrigin ?? null,
      eventSource: e.receipt?.sourceLabel ?? null,
      data: e.preview,
      reconstructed: e.reconstructed,
      navigated: e.navigated ?? false,
      channel: e.channel?.channel ?? null,
      listeners: e.receipt?.listeners ?? [],
    })),
  };
}
