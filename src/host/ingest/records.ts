/**
 * Reports -> records: what one window's runtime said, checked report by report and written as the
 * timeline's records, named by the document it came from. Pure: what else a report asks of the run
 * (a popup opened or blocked, a script started) is returned as effects for the caller to apply.
 */
import { boundedDestination, pathLabel, portName, recordKey, type RuntimeReport, type WindowPath } from "../../../sandboxes/protocol";
import { shortenConsoleText } from "../../timeline/console-cap";
import type { ReceiptRecord, SendRecord } from "../../timeline/records";
import type { Pending } from "./commit";
import { reportProblem } from "./report-check";

/** The document the reports came from. */
export interface ReportSource {
  window: string;
  /** `<window>#<n>` (sandboxes/protocol/ids.ts). */
  doc: string;
  origin: string;
}

/** What the run knows about windows, asked while translating. */
export interface Resolver {
  /** The scenario window a path from the reporting window leads to, or null. */
  resolve(path: WindowPath): string | null;
  /** The gone window a message with no source came from (channel/identity.ts goneSender), or null. */
  goneSender(origin: string): string | null;
  /** Whether the scenario says the reporting window opens popup `name`. */
  opensPopup(name: string): boolean;
}

export type Effect =
  | { kind: "popup-opened"; popup: string; time: number }
  | { kind: "popup-blocked"; popup: string }
  | { kind: "script-started" }
  /** The document is being replaced by a navigation; `to` is the new page's URL when known, or "". */
  | { kind: "left"; time: number; to: string }
  /** A send held by paused delivery, and a held send released or dropped. */
  | { kind: "held"; send: SendRecord }
  | { kind: "settled"; key: string };

/**
 * Translates a batch into `into`; returns the effects, and the first problem of a report that was
 * dropped (null when none was).
 */
export function translateReports(batch: readonly unknown[], from: ReportSource, run: Resolver, into: Pending): { effects: Effect[]; rejected: string | null } {
  const { sends, receipts, consoleLines, portEvents } = into;
  const { window: name, doc, origin } = from;
  const key = (seq: number) => recordKey(doc, seq);
  const port = (id: string) => portName(doc, id);
  const effects: Effect[] = [];
  let rejected: string | null = null;
  // A batch names the same few windows again and again (a flood: one target, hundreds of times),
  // and each step of a path is a cross-origin property read: followed once per batch.
  const resolved = new Map<string, { name: string | null; label: string }>();
  const follow = (path: WindowPath) => {
    const k = path.join("/");
    let hit = resolved.get(k);
    if (!hit) resolved.set(k, (hit = { name: run.resolve(path), label: pathLabel(path) }));
    return hit;
  };
  // A window flooding another and then removed leaves many receipts without a source: named once per origin.
  const gone = new Map<string, string | null>();
  const goneSender = (eventOrigin: string) => {
    let name = gone.get(eventOrigin);
    if (name === undefined) gone.set(eventOrigin, (name = run.goneSender(eventOrigin)));
    return name;
  };
  for (const item of batch) {
    const problem = reportProblem(item);
    if (problem !== null) {
      rejected ??= problem;
      continue;
    }
    const r = item as RuntimeReport;
    if (r.kind === "send") {
      const target = follow(r.target);
      // Optional fields are set after, not spread in: a spread object literal is built on a slow path.
      const record: SendRecord = {
        kind: "send",
        key: key(r.seq),
        window: name,
        doc,
        origin,
        time: r.time,
        target: r.port !== undefined ? null : target.name,
        targetLabel: target.label,
        path: r.target,
        targetOrigin: r.targetOrigin,
        form: r.form,
        preview: r.preview,
        shape: r.shape,
        transfer: r.transfer,
        transferAfter: r.transferAfter,
        portsSent: r.portsSent.length === 0 ? [] : r.portsSent.map(port),
        error: r.error,
        at: r.at,
      };
      if (r.port !== undefined) record.port = port(r.port);
      if (r.target[0] === "gone") record.targetGone = true;
      if (r.tree) record.tree = r.tree;
      if (r.held) record.held = true;
      if (r.resent) record.resent = true;
      if (r.toInitial) record.toInitial = true;
      sends.push(record);
      into.sendByKey.set(record.key, record);
      if (record.held) effects.push({ kind: "held", send: record });
    } else if (r.kind === "receipt") {
      const record: ReceiptRecord = {
        kind: "receipt",
        key: key(r.seq),
        window: name,
        doc,
        origin,
        time: r.time,
        type: r.type,
        eventOrigin: r.origin,
        // A window message without a source: its sender went before the dispatch (goneSender).
        source: r.source !== null ? follow(r.source).name : r.port === undefined ? goneSender(r.origin) : null,
        sourceLabel: r.source === null ? pathLabel(null) : follow(r.source).label,
        preview: r.preview,
        shape: r.shape,
        ports: r.ports.length === 0 ? [] : r.ports.map(port),
        listeners: r.listeners,
      };
      if (r.port !== undefined) record.port = port(r.port);
      if (r.tree) record.tree = r.tree;
      receipts.push(record);
      into.receiptByKey.set(record.key, record);
    } else if (r.kind === "listeners") {
      // Usually its receipt is still pending: merged there, no pass over the stored receipts.
      const receipt = into.receiptByKey.get(key(r.receipt));
      if (receipt) receipt.listeners = r.listeners;
      else into.listeners.set(key(r.receipt), r.listeners);
    } else if (r.kind === "released" || r.kind === "dropped") {
      const k = key(r.send);
      const patch: Partial<SendRecord> =
        r.kind === "dropped"
          ? { dropped: true }
          : {
              releasedAt: r.time,
              ...(r.error ? { error: r.error } : {}),
              ...(r.transferAfter ? { transferAfter: r.transferAfter } : {}),
              ...(r.portsSent ? { portsSent: r.portsSent.map(port) } : {}),
            };
      const send = into.sendByKey.get(k);
      if (send) Object.assign(send, patch);
      else into.heldOutcomes.push({ key: k, patch });
      effects.push({ kind: "settled", key: k });
    } else if (r.kind === "console") {
      const text = shortenConsoleText(r.text);
      consoleLines.push({ kind: "console", key: key(r.seq), window: name, time: r.time, level: r.level, text, at: r.at });
    } else if (r.kind === "lifecycle" && (r.what === "port-started" || r.what === "port-closed")) {
      portEvents.push({ kind: "port", key: key(r.seq), window: name, time: r.time, port: port(r.detail), what: r.what === "port-started" ? "started" : "closed" });
    } else if (r.kind === "lifecycle" && r.what === "popup-opened" && run.opensPopup(r.detail)) {
      effects.push({ kind: "popup-opened", popup: r.detail, time: r.time });
    } else if (r.kind === "lifecycle" && r.what === "left") {
      // Bounded again: a window's script can send any report of its own.
      effects.push({ kind: "left", time: r.time, to: boundedDestination(r.detail) });
    } else if (r.kind === "lifecycle" && r.what === "script-started") {
      effects.push({ kind: "script-started" });
    } else if (r.kind === "lifecycle" && r.what === "popup-blocked") {
      if (run.opensPopup(r.detail)) effects.push({ kind: "popup-blocked", popup: r.detail });
      consoleLines.push({
        kind: "console",
        key: key(r.seq),
        window: name,
        time: r.time,
        level: "warn",
        text: `The browser blocked window.open() for ${r.detail}. Allow pop-ups for this page, then run again.`,
      });
    }
  }
  return { effects, rejected };
}
