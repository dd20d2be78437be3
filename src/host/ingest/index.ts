/**
 * How reports reach the store: a window's batch waits in the inbox while a burst lasts, is parsed
 * and translated into records (records.ts) when it is taken in, and its records reach the store
 * with the next commit (commit.ts). What a report asks of the run is handed to the runner.
 */
import { expandReports, hostRecordKey, pairKey } from "../../../sandboxes/protocol";
import { own } from "../../own";
import type { ReceiptRecord } from "../../timeline/records";
import type { HeldSends } from "../delivery";
import { goneSender, opensPopup, resolvePath } from "../channel/identity";
import { docOf, type HostContext, type LiveWindow, type Session } from "../session";
import { CommitBuffer } from "./commit";
import { Inbox, type QueuedBatch } from "./inbox";
import { translateReports, type Effect } from "./records";

export interface Ingest {
  /**
   * A batch from a window's port (or its early reports): its reports, or their JSON and how many
   * there are; `self`, when all are of the window's messages to itself (ReportBatch.self).
   */
  receive: (s: Session, live: LiveWindow, reports: readonly unknown[] | string, count: number, early?: boolean, self?: { last: number; events: number }) => void;
  /** Sends and receipts of a window's messages to itself that it has not sent: counted, or held (UnsentMessage). */
  unsent: (s: Session, live: LiveWindow, unsent: { last: number; events: number; held: number }) => void;
  /** A message some window posted to the host page itself. */
  hostReceipt: (record: ReceiptRecord) => void;
  /** Everything reported so far into the store now (e.g. before an export). */
  catchUp: () => void;
  /** Forgets what is still waiting (the run is over). */
  discard: () => void;
}

/** What the runner does about a report's effects on the run. */
export interface RunHooks {
  /** The browser blocked a popup the scenario says `opener` opens. */
  popupBlocked: (s: Session, opener: string, popup: string) => void;
  /** A window waiting for a click got it: its script started. */
  clicked: (window: string) => void;
}

type From = { s: Session; live: LiveWindow; early: boolean };

/** The reports of a batch as it came, each still to be checked; unreadable JSON is one bad report. */
function reportsOf(reports: readonly unknown[] | string): readonly unknown[] {
  if (typeof reports !== "string") return expandReports(reports);
  try {
    const parsed: unknown = JSON.parse(reports);
    return Array.isArray(parsed) ? expandReports(parsed) : [parsed];
  } catch {
    return [null];
  }
}

/**
 * The reports of an early batch not taken in before: such a batch comes twice, beside the hello
 * and on the port (EarlyReportsMessage), so a report whose seq was taken from one copy is dropped
 * from the other. Only early batches are checked: they are few, and their seqs are kept.
 */
function newReports(live: LiveWindow, reports: readonly unknown[]): readonly unknown[] {
  const seen = (live.earlySeqs ??= new Set());
  const fresh: unknown[] = [];
  for (const r of reports) {
    const seq = typeof r === "object" && r !== null ? (r as { seq?: unknown }).seq : undefined;
    if (typeof seq === "number") {
      if (seen.has(seq)) continue;
      seen.add(seq);
    }
    fresh.push(r);
  }
  return fresh;
}

export function createIngest(ctx: HostContext, held: HeldSends, hooks: RunHooks): Ingest {
  const buffer = new CommitBuffer(ctx.clock, () => ctx.store.getState());

  const apply = (s: Session, live: LiveWindow, effect: Effect) => {
    const store = ctx.store.getState();
    const name = live.spec.name;
    if (effect.kind === "held") held.hold(effect.send);
    else if (effect.kind === "settled") held.settle(effect.key);
    else if (effect.kind === "popup-opened") {
      // The popup's own hello can reach the page before this report of its opener's (they travel
      // apart): a popup whose page started after the open has joined already, and stays as it is.
      const current = own(store.documents, effect.popup)?.at(-1);
      if (current !== undefined && !current.initial && current.end === undefined && current.start >= effect.time) return;
      // Until its page loads, a popup holds an about:blank document with its opener's origin.
      store.addDocument(effect.popup, { origin: live.origin, start: effect.time, initial: true });
      store.setWindowStatus(effect.popup, "loading");
    } else if (effect.kind === "left") {
      // Judged by the heartbeat (run/heartbeat.ts): a new page with a runtime says hello soon.
      live.left = { time: effect.time, at: ctx.clock.now(), to: effect.to };
    } else if (effect.kind === "script-started") {
      if (own(store.windows, name)?.status === "waiting for your click") {
        store.setWindowStatus(name, "running");
        hooks.clicked(name);
      }
    } else {
      store.setWindowStatus(effect.popup, "blocked by the browser");
      if (!s.clickToOpen) hooks.popupBlocked(s, name, effect.popup);
    }
  };

  const take = ({ from: { s, live, early }, reports }: QueuedBatch<From>) => {
    if (ctx.session() !== s) return;
    const name = live.spec.name;
    const doc = docOf(live);
    const run = {
      resolve: (path: Parameters<typeof resolvePath>[3]) => resolvePath(s, ctx.win, name, path),
      goneSender: (origin: string) => goneSender(s, name, origin),
      opensPopup: (popup: string) => opensPopup(s, name, popup),
    };
    const all = reportsOf(reports);
    const { effects, rejected } = translateReports(early ? newReports(live, all) : all, { window: name, doc, origin: live.origin }, run, buffer.pending);
    for (const effect of effects) apply(s, live, effect);
    if (rejected !== null && !live.warnedMalformed) {
      // Once per document: a tampering script could otherwise flood the console with these.
      live.warnedMalformed = true;
      buffer.pending.consoleLines.push({
        kind: "console",
        key: hostRecordKey(doc, "malformed"),
        window: name,
        time: ctx.clock.wallNow(),
        level: "warn",
        text: `The playground ignored malformed runtime reports from ${name} (first: ${rejected}). Its script may have tampered with the runtime; a window can only ever forge events of its own.`,
      });
    }
    buffer.schedule();
  };

  const inbox = new Inbox<From>(ctx.clock, {
    take,
    skip: ({ from: { s, live }, self }) => {
      if (ctx.session() !== s) return;
      // The event cap's pair of a window's messages to itself (event-cap.ts).
      const pair = pairKey(live.spec.name, live.spec.name);
      const before = buffer.pending.skipped.get(pair);
      buffer.pending.skipped.set(pair, { count: (before?.count ?? 0) + self.events, before: Math.max(before?.before ?? -Infinity, self.last) });
      buffer.schedule();
    },
    flush: () => buffer.commitNow(),
    show: (n) => ctx.store.getState().setWaitingReports(n),
    cap: () => ctx.store.getState().eventCap,
  });

  return {
    receive: (s, live, reports, count, early = false, self) =>
      inbox.receive({ from: { s, live, early }, reports, count, self: self && { stream: docOf(live), ...self } }),
    unsent: (s, live, { last, events, held }) => {
      if (ctx.session() !== s) return;
      // Its flood goes on: what it sent before waits, and may be counted unread.
      if (held > 0) inbox.busy();
      // In the stream's order, behind its batches still waiting: they are older, and may be counted unread too.
      if (events > 0) inbox.receive({ from: { s, live, early: false }, reports: [], count: 0, self: { stream: docOf(live), last, events }, unsent: true });
    },
    hostReceipt: (record) => {
      buffer.pending.receipts.push(record);
      buffer.schedule();
    },
    catchUp: () => {
      inbox.drainAll();
      buffer.commitNow();
    },
    discard: () => {
      buffer.discard();
      inbox.clear();
      held.clear();
    },
  };
}
