/**
 * Report batches that arrive during a burst wait here. Drawing a message costs the host more than
 * sending it costs a sandbox, and on a machine with few cores a host that kept up with a flood would
 * take the CPU from the very windows it watches (docs/performance.md). So while reports pour in,
 * the host only counts them, and catches up in frame-sized chunks once the burst is over, or at
 * once while the backlog is past what it may hold.
 */
import { recentCounter } from "../../../sandboxes/recent-count";
import type { Clock } from "../session";

/**
 * This many reports within the last one to two BURST_WINDOW_MS make a burst: a send loop of a few
 * hundred messages, far above what a person follows row by row. Every report drawn before the
 * burst is seen costs the sandboxes CPU while they send.
 */
export const BURST_REPORTS = 500;
const BURST_WINDOW_MS = 200;
/** A burst is over when no batch came for this long. */
export const QUIET_MS = 150;
/** How often the "Catching up" figure may change while a burst is held back. */
const SHOW_EVERY_MS = 500;
/** Reports per drain task at most, however quickly they are taken in. */
export const CHUNK_REPORTS = 2000;
/**
 * A drain task stops taking batches in after this long, so that a slower machine takes fewer per
 * task rather than longer tasks. Records reach the store at most every COMMIT_MS (commit.ts).
 */
export const DRAIN_MS = 8;
/**
 * Characters of report JSON a held burst may hold before it is drained anyway: counted in reports
 * alone, a backlog of long console lines (40,000 of 5,000 characters) held 200 MB.
 */
export const MAX_WAITING_CHARS = 8 * 1024 * 1024;
/** Characters of report JSON per drain task, for the same reason as CHUNK_REPORTS. */
const CHUNK_CHARS = 2 * 1024 * 1024;

export interface QueuedBatch<From> {
  from: From;
  /** The reports, or their JSON: parsed when drawn, so a burst costs the host a copy per batch. */
  reports: readonly unknown[] | string;
  count: number;
  /** charsOf(this), once it is queued. */
  chars?: number;
  /**
   * A batch of one document's messages to its own window and nothing else (ReportBatch.self):
   * `stream` names the document, whose batches come in order; `last` is the time of its last
   * report, `events` how many of its reports are sends and receipts. See drain().
   */
  self?: { stream: string; last: number; events: number };
  /** The window counted these events and never sent them (UnsentMessage): always counted as dropped. */
  unsent?: true;
}

/**
 * A batch's size in characters: its JSON, or, for a batch sent as objects (as a window whose
 * script gave objects a toJSON sends them), the texts that can be long.
 */
export function charsOf(reports: readonly unknown[] | string): number {
  if (typeof reports === "string") return reports.length;
  let chars = 0;
  for (const r of reports) {
    if (typeof r !== "object" || r === null) continue;
    const { text, preview } = r as { text?: unknown; preview?: unknown };
    if (typeof text === "string") chars += text.length;
    if (typeof preview === "string") chars += preview.length;
  }
  return chars;
}

export interface InboxSink<From> {
  /** Takes one batch in (into the commit buffer). */
  take(batch: QueuedBatch<From>): void;
  /** Counts a batch of messages of a window to itself as dropped by the event cap, unread (see drain()). */
  skip(batch: QueuedBatch<From> & { self: NonNullable<QueuedBatch<From>["self"]> }): void;
  /** Commits what was taken in: done once the backlog is drained; meanwhile take() schedules commits. */
  flush(): void;
  /** The "Catching up: N reports" figure. */
  show(waiting: number): void;
  /** The event cap: a backlog of more than twice it is drained at once, so memory stays bounded. */
  cap(): number;
}

export class Inbox<From> {
  private queue: (QueuedBatch<From> | undefined)[] = [];
  private head = 0;
  /** Reports in the queue. */
  private waiting = 0;
  private waitingChars = 0;
  /** Sends and receipts waiting in self batches (QueuedBatch.self), by stream. */
  private waitingSelf = new Map<string, number>();
  private readonly recentReports: (n?: number) => number;
  private lastBusy = -Infinity;
  private shownAt = -Infinity;
  /** The figure last shown. */
  private shown = 0;
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly sink: InboxSink<From>,
  ) {
    this.recentReports = recentCounter(BURST_WINDOW_MS, () => clock.now());
  }

  /** Takes a batch in now, or queues it behind the ones already waiting (order is kept). */
  receive(batch: QueuedBatch<From>): void {
    const t = this.clock.now();
    // Events a window counted and did not send are a burst all the same: while they come, its
    // batches wait, and those that more than a cap's worth of newer events follow go unread.
    const events = batch.unsent && batch.self ? batch.self.events : batch.count;
    if (this.recentReports(events) >= BURST_REPORTS) this.lastBusy = t;
    if (this.waiting === 0 && !this.inBurst(t)) {
      this.takeOrSkip(batch);
      return;
    }
    this.queue.push(batch);
    if (batch.self) this.waitingSelf.set(batch.self.stream, (this.waitingSelf.get(batch.self.stream) ?? 0) + batch.self.events);
    this.waiting += batch.count;
    // Shown as soon as anything waits, though a window's counts of what it did not send (none to
    // draw) came first; once shown, it changes at most every SHOW_EVERY_MS.
    if (this.shown === 0 && this.waiting > 0) this.showWaiting(this.waiting);
    batch.chars = charsOf(batch.reports);
    this.waitingChars += batch.chars;
    if (this.waitingChars > MAX_WAITING_CHARS) {
      // Past what the backlog may hold: drained in this task. A timer's task can wait behind many
      // more batches.
      this.clock.clearTimeout(this.timer);
      this.drain();
      return;
    }
    this.schedule();
  }

  /**
   * A window says it holds a flood's events, to send when the flood pauses (UnsentMessage.held):
   * the burst goes on, though no report comes. What it sent before then waits, and the cap's worth
   * of newer events it will send makes that go unread.
   */
  busy(): void {
    this.lastBusy = this.clock.now();
  }

  private takeOrSkip(batch: QueuedBatch<From>): void {
    const { self } = batch;
    if (batch.unsent && self) this.sink.skip({ ...batch, self });
    else this.sink.take(batch);
  }

  /** Reports waiting to be taken in. */
  get backlog(): number {
    return this.waiting;
  }

  /**
   * The "Catching up" figure. During a burst it changes at most every SHOW_EVERY_MS: each change
   * makes the page lay out, paint and composite again, which at every burst check (QUIET_MS) was
   * about a quarter of what the host's main thread did while a burst ran.
   */
  private showWaiting(n: number, force = true): void {
    const t = this.clock.now();
    if (!force && t - this.shownAt < SHOW_EVERY_MS) return;
    this.shownAt = t;
    this.shown = n;
    this.sink.show(n);
  }

  clear(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.head = 0;
    this.waiting = 0;
    this.waitingChars = 0;
    this.waitingSelf.clear();
    this.lastBusy = -Infinity;
    this.shown = 0;
  }

  private inBurst(t: number): boolean {
    return t - this.lastBusy < QUIET_MS;
  }

  /**
   * Whether the backlog may wait: the burst goes on, and the backlog is within its bounds. Memory
   * stays bounded by the cap: a backlog of more than twice the cap is drained at once.
   */
  private mayWait(): boolean {
    return this.inBurst(this.clock.now()) && this.waiting < 2 * this.sink.cap() && this.waitingChars < MAX_WAITING_CHARS;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    if (this.mayWait()) {
      // Held: the count goes up, and the batches wait until the burst may be over.
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = undefined;
          this.showWaiting(this.waiting, false);
          this.schedule();
        },
        this.lastBusy + QUIET_MS - this.clock.now(),
      );
    } else this.timer = this.clock.setTimeout(() => this.drain(), 0);
  }

  /** Takes in every waiting batch now, in one task (for a person's explicit request, not a burst). */
  drainAll(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.head < this.queue.length) this.drain(Infinity);
  }

  private drain(budget = CHUNK_REPORTS): void {
    this.timer = undefined;
    // Long reports (console lines of thousands of characters) cost by their size, not their number.
    let chars = budget === Infinity ? -Infinity : 0;
    const until = budget === Infinity ? Infinity : this.clock.now() + DRAIN_MS;
    // A backlog past MAX_WAITING_CHARS is brought under it in this task, however fast batches come.
    while (this.head < this.queue.length && ((budget > 0 && chars < CHUNK_CHARS && this.clock.now() < until) || this.waitingChars > MAX_WAITING_CHARS)) {
      const batch = this.queue[this.head] as QueuedBatch<From>;
      const { self } = batch;
      // How many of the same window's messages to itself, all made after these, wait behind them.
      const after = self ? (this.waitingSelf.get(self.stream) ?? 0) - self.events : 0;
      // At least a cap's worth: the event cap, which keeps a pair's newest events, will keep none of
      // these. Counted as dropped unread, at the cost of a few numbers instead of a parse.
      const skip = self !== undefined && (batch.unsent === true || after >= this.sink.cap());
      // During a burst, a drain (not drainAll(), which a person asked for) only brings the backlog
      // back within its bounds, which skipping may do alone: a window flooding itself sends what
      // it holds every few seconds, each time the newest cap's worth, and a batch read while the
      // burst goes on takes CPU from the windows sending it.
      if (!skip && budget !== Infinity && this.mayWait()) break;
      // Not reachable from here on: a flood's drained batches would hold tens of megabytes until
      // the queue is cut below.
      this.queue[this.head++] = undefined;
      this.waiting -= batch.count;
      this.waitingChars -= batch.chars ?? 0;
      if (self) {
        if (after > 0) this.waitingSelf.set(self.stream, after);
        else this.waitingSelf.delete(self.stream);
        if (skip) {
          this.sink.skip({ ...batch, self });
          continue;
        }
      }
      chars += batch.chars ?? 0;
      budget -= batch.count;
      this.sink.take(batch);
    }
    // The drained slots themselves go too, now and then.
    if (this.head === this.queue.length || (this.head > 1024 && this.head * 2 > this.queue.length)) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.queue.length) this.sink.flush();
    this.showWaiting(this.waiting);
    if (this.head < this.queue.length) this.schedule();
  }
}
