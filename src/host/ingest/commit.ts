/**
 * Records wait here and reach the store together, at most every COMMIT_MS: a flood arrives as
 * thousands of report batches a second, and one store update (one render) per batch would fall
 * behind it, with the backlog piling up in the page's task queue.
 */
import type { ConsoleRecord, PortEventRecord, ReceiptRecord, SendRecord } from "../../timeline/records";
import type { NewRecords } from "../../store/types";
import type { Skipped } from "../../timeline/event-cap";
import type { Clock } from "../session";

export const COMMIT_MS = 50;

export interface Pending {
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  consoleLines: ConsoleRecord[];
  portEvents: PortEventRecord[];
  sendByKey: Map<string, SendRecord>;
  receiptByKey: Map<string, ReceiptRecord>;
  /** Batches counted as dropped unread (inbox.ts), by event-cap pair: how many events, and the time of the last. */
  skipped: Map<string, Skipped>;
  /** For records already in the store. */
  heldOutcomes: { key: string; patch: Partial<SendRecord> }[];
  listeners: Map<string, ReceiptRecord["listeners"]>;
}

export const emptyPending = (): Pending => ({
  sends: [],
  receipts: [],
  consoleLines: [],
  portEvents: [],
  sendByKey: new Map(),
  receiptByKey: new Map(),
  skipped: new Map(),
  heldOutcomes: [],
  listeners: new Map(),
});

/** Where a commit goes: the store's actions, as the run slice has them. */
export interface CommitSink {
  addRecords(records: NewRecords): void;
  updateSend(key: string, patch: Partial<SendRecord>): void;
  setListeners(results: ReadonlyMap<string, ReceiptRecord["listeners"]>): void;
}

export class CommitBuffer {
  /** What the next commit writes; reports are translated straight into it. */
  pending = emptyPending();
  private timer: unknown;
  private lastCommit = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly sink: () => CommitSink,
  ) {}

  /** A commit at most COMMIT_MS after the last one. */
  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => this.commit(), Math.max(0, this.lastCommit + COMMIT_MS - this.clock.now()));
  }

  commitNow(): void {
    this.clock.clearTimeout(this.timer);
    this.commit();
  }

  discard(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = emptyPending();
  }

  private commit(): void {
    this.timer = undefined;
    this.lastCommit = this.clock.now();
    const p = this.pending;
    this.pending = emptyPending();
    const sink = this.sink();
    if (p.sends.length || p.receipts.length || p.consoleLines.length || p.portEvents.length || p.skipped.size) {
      sink.addRecords({ sends: p.sends, receipts: p.receipts, consoleLines: p.consoleLines, portEvents: p.portEvents, skipped: p.skipped });
    }
    for (const { key, patch } of p.heldOutcomes) sink.updateSend(key, patch);
    if (p.listeners.size > 0) sink.setListeners(p.listeners);
  }
}
