/**
 * The host's end of the private channels. The host page listens to window messages for one
 * reason only: a runtime's hello, which carries a MessagePort. A hello is accepted only from a
 * configured sandbox origin, for the current run, from the very window the scenario says it is
 * (checked by WindowProxy identity: the frame's contentWindow, or a window whose parent/opener is
 * an accepted window). Everything after that travels over the port, never over window messages.
 */
import { syntaxProblem } from "../run/syntax-check";
import {
  isHelloMessage,
  LOOP_GUARD,
  SEND_CALL,
  type HelloMessage,
  type HostToRuntime,
  type InitMessage,
  type PongMessage,
  type ReportBatch,
  type RuntimeReport,
  type WindowPath,
} from "../../sandboxes/protocol";
import { pathLabel } from "../../sandboxes/protocol";
import { preview, shapeOf } from "../../sandboxes/runtime/preview";
import { guardLoops } from "../run/loop-guard";
import { recordSendSites } from "../run/send-sites";
import { own } from "../own";
import { frameSandbox } from "../scenario/sandbox-flags";
import { DEFAULT_LOOP_GUARD_MS, childrenOf, framesMadeFor, isOpaque, type Scenario, type ScenarioWindow } from "../scenario/types";
import { playgroundStore } from "../store";
import type { WindowInfo } from "../store/run-slice";
import { shortenConsoleText } from "../timeline/console-cap";
import type { Notice } from "../store/scenario-slice";
import { HOST, type ConsoleRecord, type DocumentSpan, type PortEventRecord, type ReceiptRecord, type SendRecord } from "../timeline/records";
import { siteOfOrigin } from "../../sandboxes/origins";
import { recentCounter } from "../../sandboxes/recent-count";
import { expandReports } from "../../sandboxes/report-batch";
import { EMBED } from "./embed";
import { reportProblem } from "./report-check";
import { noteRunning } from "./safe-mode";
import { ORIGINS, scenarioAddresses } from "./urls";

interface LiveWindow {
  spec: ScenarioWindow;
  proxy: Window;
  port: MessagePort;
  origin: string;
  /** 1 for the window's first document; a reload or navigation gets the next number. */
  doc: number;
  warnedMalformed?: boolean;
  /** The heartbeat ping still unanswered, and when it left. */
  ping?: { n: number; sent: number };
}

interface Session {
  runId: string;
  scenario: Scenario;
  origins: Record<string, string>;
  urls: Record<string, string>;
  live: Map<string, LiveWindow>;
  /** How many documents each window has had in this run. */
  documentsOf: Map<string, number>;
  closedPoll: ReturnType<typeof setInterval>;
  heartbeat: ReturnType<typeof setInterval>;
  /** Windows already told that their forged hellos are ignored. */
  impostors: Set<string>;
  /** When the run started, and when the host loaded each frame again (performance.now()). */
  started: number;
  reloaded: Map<string, { at: number; stuckSaid: boolean }>;
  /** The windows that open popups wait for a person's click before their scripts run. */
  clickToOpen: boolean;
}

/** How often the host pings each window, and how long an answer may take before it says so. */
export const HEARTBEAT_MS = 1000;
export const UNRESPONSIVE_AFTER_MS = 2500;
/**
 * A frame of the page whose runtime has not said hello by then is loaded again, once: its page
 * did not arrive (the server dropped the request) or its new process failed. Its hello does not
 * wait for its script; still, a busy machine loading several windows at once can take several
 * seconds, and a needless reload would put a false line in the console.
 */
export const FRAME_LOAD_MS = 10_000;

let session: Session | null = null;
let runCounter = 0;
/**
 * The browser blocked a scenario's popup because no click led to it, as stock browsers do (the
 * popup blocker): from then on, the windows that open popups wait for a click in their own frame.
 */
let popupsNeedClick = false;
/** The toolbar's word about the click, taken down once a window got its click. */
let clickNotice: Notice | null = null;

const opensAnyPopup = (scenario: Scenario, name: string) => scenario.windows.some((w) => w.kind === "popup" && w.opener === name);
const hasPopups = (scenario: Scenario) => scenario.windows.some((w) => w.kind === "popup");

const now = () => performance.timeOrigin + performance.now();

function frameElementFor(name: string): HTMLIFrameElement | null {
  return document.querySelector<HTMLIFrameElement>(`iframe[data-window="${CSS.escape(name)}"]`);
}

/** Is `source` the window the scenario says `spec` is? Identity, not claims. */
function isExpectedWindow(s: Session, spec: ScenarioWindow, source: Window): boolean {
  try {
    if (spec.kind === "iframe" && spec.parent === undefined) return frameElementFor(spec.name)?.contentWindow === source;
    if (spec.kind === "iframe" && spec.parent !== undefined) {
      const parent = s.live.get(spec.parent);
      return parent !== undefined && source.parent === parent.proxy;
    }
    const opener = spec.opener === undefined ? undefined : s.live.get(spec.opener);
    return opener !== undefined && source.opener === opener.proxy;
  } catch {
    return false;
  }
}

/**
 * A window's first document must come from its own origin. Later documents (the window navigated,
 * e.g. to `playground.url(name, "evil")`) may come from any configured sandbox origin.
 */
function isAllowedOrigin(s: Session, spec: ScenarioWindow, eventOrigin: string, claimed: string): boolean {
  if (isOpaque(spec)) return eventOrigin === "null";
  if (!s.documentsOf.has(spec.name)) return eventOrigin === s.origins[spec.name];
  return eventOrigin === claimed && siteOfOrigin(ORIGINS, eventOrigin) !== undefined;
}

function nameOfWindow(s: Session, w: Window | null | undefined): string | null {
  if (!w) return null;
  if (w === window) return HOST;
  for (const [name, live] of s.live) if (live.proxy === w) return name;
  return null;
}

/** Follows a path by the scenario's own structure, for windows that have not said hello yet. */
function resolveStatically(s: Session, from: string, path: WindowPath): string | null {
  let cur: string | null = from;
  for (const step of path) {
    if (cur === null || cur === HOST) return null;
    const spec = s.scenario.windows.find((w) => w.name === cur);
    if (!spec) return null;
    if (step === "self") continue;
    if (step === "parent") cur = spec.kind === "iframe" ? (spec.parent ?? HOST) : cur;
    else if (step === "top") cur = spec.kind === "popup" ? cur : HOST;
    else if (step === "opener") cur = spec.opener ?? null;
    else if (step.startsWith("frames:")) cur = childrenOf(s.scenario, cur)[Number(step.slice(7))]?.name ?? null;
    else if (step.startsWith("popup:")) {
      // Only a popup the scenario says this window opens: any other name is the script's own.
      const popup = step.slice(6);
      cur = opensPopup(s, cur, popup) ? popup : null;
    }
  }
  return cur;
}

/**
 * Whether `opener`'s script is the one the scenario says opens popup `name`. A window's reports
 * speak for that window only: no other may change the popup's state or its documents.
 */
function opensPopup(s: Session, opener: string, name: string): boolean {
  return s.scenario.windows.some((w) => w.kind === "popup" && w.name === name && w.opener === opener);
}

/** The one frame or popup of `from` that is gone (its WindowProxy reads closed), or null if none or several. */
function goneWindowOf(s: Session, from: string): string | null {
  const gone = s.scenario.windows.filter((w) => {
    if (w.parent !== from && w.opener !== from) return false;
    try {
      return s.live.get(w.name)?.proxy.closed === true;
    } catch {
      return false;
    }
  });
  return gone.length === 1 ? (gone[0]?.name ?? null) : null;
}

/** Names the window a runtime's path leads to: by live WindowProxy identity first. */
function resolvePath(s: Session, from: string, path: WindowPath): string | null {
  // No path: the runtime found no way to the window. It is not the sender itself, which is ["self"].
  if (path.length === 0) return null;
  // A gone window (a removed frame, a closed popup) is no longer where the path leads: named by
  // the scenario's structure instead, or, with no path, by which of the sender's windows is gone.
  if (path[0] === "gone") return (path.length > 1 ? resolveStatically(s, from, path.slice(1)) : null) ?? goneWindowOf(s, from);
  let w: Window | null = s.live.get(from)?.proxy ?? null;
  try {
    for (const step of path) {
      if (!w) break;
      if (step === "self") continue;
      if (step === "parent") w = w.parent;
      else if (step === "top") w = w.top;
      else if (step === "opener") w = w.opener as Window | null;
      else if (step.startsWith("frames:")) w = (w as unknown as Record<number, Window | undefined>)[Number(step.slice(7))] ?? null;
      else if (step.startsWith("popup:")) {
        // The popup the scenario says this window opens, and no other: a script can name any
        // window it opens after a scenario popup, and would then speak for that popup.
        const popup = step.slice(6);
        w = opensPopup(s, nameOfWindow(s, w) ?? "", popup) ? (s.live.get(popup)?.proxy ?? null) : null;
      }
    }
  } catch {
    w = null;
  }
  return nameOfWindow(s, w) ?? resolveStatically(s, from, path);
}

/**
 * Records wait here and reach the store together, at most every COMMIT_MS: a flood arrives as
 * thousands of report batches a second, and one store update (one render) per batch would fall
 * behind it, with the backlog piling up in the page's task queue.
 */
interface Pending {
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  consoleLines: ConsoleRecord[];
  portEvents: PortEventRecord[];
  sendByKey: Map<string, SendRecord>;
  receiptByKey: Map<string, ReceiptRecord>;
  /** For records already in the store. */
  heldOutcomes: { key: string; patch: Partial<SendRecord> }[];
  listeners: Map<string, ReceiptRecord["listeners"]>;
}

const COMMIT_MS = 50;
const emptyPending = (): Pending => ({
  sends: [],
  receipts: [],
  consoleLines: [],
  portEvents: [],
  sendByKey: new Map(),
  receiptByKey: new Map(),
  heldOutcomes: [],
  listeners: new Map(),
});
let pending = emptyPending();
let commitTimer: ReturnType<typeof setTimeout> | undefined;
let lastCommit = -Infinity;

function scheduleCommit(): void {
  if (commitTimer !== undefined) return;
  commitTimer = setTimeout(commit, Math.max(0, lastCommit + COMMIT_MS - performance.now()));
}

function commitNow(): void {
  clearTimeout(commitTimer);
  commit();
}

function commit(): void {
  commitTimer = undefined;
  lastCommit = performance.now();
  const p = pending;
  pending = emptyPending();
  const store = playgroundStore.getState();
  if (p.sends.length || p.receipts.length || p.consoleLines.length || p.portEvents.length) {
    store.addRecords({ sends: p.sends, receipts: p.receipts, consoleLines: p.consoleLines, portEvents: p.portEvents });
  }
  for (const { key, patch } of p.heldOutcomes) store.updateSend(key, patch);
  if (p.listeners.size > 0) store.setListeners(p.listeners);
}

function discardPending(): void {
  clearTimeout(commitTimer);
  commitTimer = undefined;
  pending = emptyPending();
  inbox.clear();
}

/**
 * Report batches that arrive during a burst wait here. Drawing a message costs the host more than
 * sending it costs a sandbox, and on a machine with few cores a host that kept up with a flood would
 * take the CPU from the very windows it watches (halving their postMessage rate; drawing a slice
 * of the burst every 500 ms still cost them a sixth of it). So while reports pour in, the host only
 * counts them, and catches up in frame-sized chunks once the burst is over, or at once while the
 * backlog is past what it may hold.
 */
/**
 * This many reports within the last one to two BURST_WINDOW_MS make a burst: a send loop of a few
 * hundred messages, far above what a person follows row by row. Every report drawn before the
 * burst is seen costs the sandboxes CPU while they send (at 1,500 the throughput bench's sends
 * took about a tenth longer than at 500, paired runs).
 */
const BURST_REPORTS = 500;
const BURST_WINDOW_MS = 200;
/** A burst is over when no batch came for this long. */
const QUIET_MS = 150;
/** How often the "Catching up" figure may change while a burst is held back. */
const SHOW_EVERY_MS = 500;
/** Reports per drain task: about a frame's work, and what one redraw then has to pair. */
const CHUNK_REPORTS = 1000;
/**
 * Characters of report JSON a held burst may hold before it is drained anyway: counted in reports
 * alone, a backlog of long console lines (40,000 of 5,000 characters) held 200 MB.
 */
const MAX_WAITING_CHARS = 8 * 1024 * 1024;
/** Characters of report JSON per drain task, for the same reason as CHUNK_REPORTS. */
const CHUNK_CHARS = 2 * 1024 * 1024;
/**
 * A batch's size in characters: its JSON, or, for a batch sent as objects (as a window whose
 * script gave objects a toJSON sends them), the texts that can be long.
 */
function charsOf(batch: QueuedBatch): number {
  if (typeof batch.reports === "string") return batch.reports.length;
  let chars = 0;
  for (const r of batch.reports) {
    if (typeof r !== "object" || r === null) continue;
    const { text, preview } = r as { text?: unknown; preview?: unknown };
    if (typeof text === "string") chars += text.length;
    if (typeof preview === "string") chars += preview.length;
  }
  return chars;
}

interface QueuedBatch {
  s: Session;
  live: LiveWindow;
  /** The reports, or their JSON: parsed when drawn, so a burst costs the host a copy per batch. */
  reports: readonly unknown[] | string;
  count: number;
  /** charsOf(this), once it is queued. */
  chars?: number;
}

/** The reports of a batch as it came, each still to be checked; unreadable JSON is one bad report. */
function reportsOf(batch: QueuedBatch): readonly unknown[] {
  if (typeof batch.reports !== "string") return expandReports(batch.reports);
  try {
    const parsed: unknown = JSON.parse(batch.reports);
    return Array.isArray(parsed) ? expandReports(parsed) : [parsed];
  } catch {
    return [null];
  }
}

class Inbox {
  private queue: (QueuedBatch | undefined)[] = [];
  private head = 0;
  /** Reports in the queue. */
  private waiting = 0;
  private waitingChars = 0;
  private readonly recentReports = recentCounter(BURST_WINDOW_MS);
  private lastBusy = -Infinity;
  private shownAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Ingests a batch now, or queues it behind the ones already waiting (order is kept). */
  receive(batch: QueuedBatch): void {
    const t = performance.now();
    if (this.recentReports(batch.count) >= BURST_REPORTS) this.lastBusy = t;
    if (this.waiting === 0 && !this.inBurst(t)) {
      ingest(batch.s, batch.live, reportsOf(batch));
      return;
    }
    this.queue.push(batch);
    if (this.waiting === 0) this.showWaiting(batch.count);
    this.waiting += batch.count;
    batch.chars = charsOf(batch);
    this.waitingChars += batch.chars;
    if (this.waitingChars > MAX_WAITING_CHARS) {
      // Past what the backlog may hold: drained in this task. A timer's task can wait behind many
      // more batches.
      clearTimeout(this.timer);
      this.drain();
      return;
    }
    this.schedule();
  }

  /**
   * The "Catching up" figure. During a burst it changes at most every SHOW_EVERY_MS: each change
   * makes the page lay out, paint and composite again, and at every burst check (QUIET_MS) that
   * was about a quarter of what the host's main thread did while a burst ran (traced).
   */
  private showWaiting(n: number, force = true): void {
    const t = performance.now();
    if (!force && t - this.shownAt < SHOW_EVERY_MS) return;
    this.shownAt = t;
    playgroundStore.getState().setWaitingReports(n);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.head = 0;
    this.waiting = 0;
    this.waitingChars = 0;
    this.lastBusy = -Infinity;
  }

  private inBurst(t: number): boolean {
    return t - this.lastBusy < QUIET_MS;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const t = performance.now();
    // Memory stays bounded by the cap: a backlog of more than twice the cap is drained at once.
    if (this.inBurst(t) && this.waiting < 2 * playgroundStore.getState().eventCap && this.waitingChars < MAX_WAITING_CHARS) {
      // Held: the count goes up, and the batches wait until the burst may be over.
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.showWaiting(this.waiting, false);
        this.schedule();
      }, this.lastBusy + QUIET_MS - t);
    } else this.timer = setTimeout(() => this.drain(), 0);
  }

  /** Takes in every waiting batch now, in one task (for a person's explicit request, not a burst). */
  drainAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.head < this.queue.length) this.drain(Infinity);
  }

  private drain(budget = CHUNK_REPORTS): void {
    this.timer = undefined;
    // Long reports (console lines of thousands of characters) cost by their size, not their number.
    let chars = budget === Infinity ? -Infinity : 0;
    // A backlog past MAX_WAITING_CHARS is brought under it in this task, however fast batches come.
    while (this.head < this.queue.length && ((budget > 0 && chars < CHUNK_CHARS) || this.waitingChars > MAX_WAITING_CHARS)) {
      const batch = this.queue[this.head] as QueuedBatch;
      // Not reachable from here on: a flood's drained batches would hold tens of megabytes until
      // the queue is cut below.
      this.queue[this.head++] = undefined;
      this.waiting -= batch.count;
      this.waitingChars -= batch.chars ?? 0;
      chars += batch.chars ?? 0;
      budget -= batch.count;
      ingest(batch.s, batch.live, reportsOf(batch));
    }
    // The drained slots themselves go too, now and then.
    if (this.head === this.queue.length || (this.head > 1024 && this.head * 2 > this.queue.length)) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    commitNow();
    this.showWaiting(this.waiting);
    if (this.head < this.queue.length) this.schedule();
  }
}
const inbox = new Inbox();

/**
 * Puts every report that has arrived into the store: those a burst holds back and those waiting
 * for the next commit. What the store holds next is then all that the windows reported so far,
 * e.g. for an export made while the timeline says it is catching up.
 */
export function catchUpNow(): void {
  inbox.drainAll();
  commitNow();
}

function ingest(s: Session, live: LiveWindow, batch: readonly unknown[]): void {
  if (session !== s) return;
  const store = playgroundStore.getState();
  const { sends, receipts, consoleLines, portEvents } = pending;
  const name = live.spec.name;
  const doc = `${name}#${live.doc}`;
  const key = (seq: number) => `${doc}:${seq}`;
  // Port names are per document in the runtime; the host makes them unique per run.
  const portName = (id: string) => `${doc}/${id}`;
  let rejected: string | null = null;
  // A batch names the same few windows again and again (a flood: one target, hundreds of times),
  // and each step of a path is a cross-origin property read: followed once per batch.
  const resolved = new Map<string, { name: string | null; label: string }>();
  const follow = (path: WindowPath) => {
    const k = path.join("/");
    let hit = resolved.get(k);
    if (!hit) resolved.set(k, (hit = { name: resolvePath(s, name, path), label: pathLabel(path) }));
    return hit;
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
        origin: live.origin,
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
        portsSent: r.portsSent.length === 0 ? [] : r.portsSent.map(portName),
        error: r.error,
        at: r.at,
      };
      if (r.port !== undefined) record.port = portName(r.port);
      if (r.target[0] === "gone") record.targetGone = true;
      if (r.tree) record.tree = r.tree;
      if (r.held) record.held = true;
      if (r.resent) record.resent = true;
      if (r.toInitial) record.toInitial = true;
      sends.push(record);
      pending.sendByKey.set(record.key, record);
    } else if (r.kind === "receipt") {
      const record: ReceiptRecord = {
        kind: "receipt",
        key: key(r.seq),
        window: name,
        doc,
        origin: live.origin,
        time: r.time,
        type: r.type,
        eventOrigin: r.origin,
        source: r.source === null ? null : follow(r.source).name,
        sourceLabel: r.source === null ? pathLabel(null) : follow(r.source).label,
        preview: r.preview,
        shape: r.shape,
        ports: r.ports.length === 0 ? [] : r.ports.map(portName),
        listeners: r.listeners,
      };
      if (r.port !== undefined) record.port = portName(r.port);
      if (r.tree) record.tree = r.tree;
      receipts.push(record);
      pending.receiptByKey.set(record.key, record);
    } else if (r.kind === "listeners") {
      // Usually its receipt is still pending: merged there, no pass over the stored receipts.
      const receipt = pending.receiptByKey.get(key(r.receipt));
      if (receipt) receipt.listeners = r.listeners;
      else pending.listeners.set(key(r.receipt), r.listeners);
    } else if (r.kind === "released" || r.kind === "dropped") {
      const k = key(r.send);
      const patch: Partial<SendRecord> =
          r.kind === "dropped"
            ? { dropped: true }
            : {
                releasedAt: r.time,
                ...(r.error ? { error: r.error } : {}),
                ...(r.transferAfter ? { transferAfter: r.transferAfter } : {}),
                ...(r.portsSent ? { portsSent: r.portsSent.map(portName) } : {}),
              };
      const send = pending.sendByKey.get(k);
      if (send) Object.assign(send, patch);
      else pending.heldOutcomes.push({ key: k, patch });
    } else if (r.kind === "console") {
      const text = shortenConsoleText(r.text);
      consoleLines.push({ kind: "console", key: key(r.seq), window: name, time: r.time, level: r.level, text, at: r.at });
    } else if (r.kind === "lifecycle" && (r.what === "port-started" || r.what === "port-closed")) {
      portEvents.push({ kind: "port", key: key(r.seq), window: name, time: r.time, port: portName(r.detail), what: r.what === "port-started" ? "started" : "closed" });
    } else if (r.kind === "lifecycle" && r.what === "popup-opened" && opensPopup(s, name, r.detail)) {
      // Until its page loads, a popup holds an about:blank document with its opener's origin.
      store.addDocument(r.detail, { origin: live.origin, start: r.time, initial: true });
      store.setWindowStatus(r.detail, "loading");
    } else if (r.kind === "lifecycle" && r.what === "script-started") {
      if (own(store.windows, name)?.status === "waiting for your click") {
        store.setWindowStatus(name, "running");
        if (clickNotice !== null && playgroundStore.getState().notice === clickNotice) store.setNotice(null);
      }
    } else if (r.kind === "lifecycle" && r.what === "popup-blocked") {
      if (opensPopup(s, name, r.detail)) {
        store.setWindowStatus(r.detail, "blocked by the browser");
        if (!s.clickToOpen) runAgainForClicks(s, name, r.detail);
      }
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

  if (rejected !== null && !live.warnedMalformed) {
    // Once per document: a tampering script could otherwise flood the console with these.
    live.warnedMalformed = true;
    consoleLines.push({
      kind: "console",
      key: `${doc}:malformed`,
      window: name,
      time: now(),
      level: "warn",
      text: `The playground ignored malformed runtime reports from ${name} (first: ${rejected}). Its script may have tampered with the runtime; a window can only ever forge events of its own.`,
    });
  }

  scheduleCommit();
}

/**
 * The browser blocked `popup` because no click led to it: the run starts again at once, with its
 * openers waiting for a click in their frames, and the toolbar says why. Once per page: later runs
 * start that way.
 */
function runAgainForClicks(s: Session, opener: string, popup: string): void {
  popupsNeedClick = true;
  setTimeout(() => {
    if (session !== s) return;
    runScenario();
    clickNotice = {
      kind: "info",
      text: `Your browser blocked the popup ${opener} opens (${popup}): browsers open a popup only after a click in the window that opens it. Click ▶ in ${opener}'s frame to run its script with your click.`,
    };
    playgroundStore.getState().setNotice(clickNotice);
  });
}

function accept(s: Session, spec: ScenarioWindow, hello: HelloMessage, source: Window, port: MessagePort, origin: string): void {
  const previous = s.live.get(spec.name);
  previous?.port.close();
  const documentNumber = (s.documentsOf.get(spec.name) ?? 0) + 1;
  s.documentsOf.set(spec.name, documentNumber);
  const live: LiveWindow = { spec, proxy: source, port, origin, doc: documentNumber };
  s.live.set(spec.name, live);
  const store = playgroundStore.getState();
  const start = typeof hello.start === "number" ? hello.start : now();
  store.endDocument(spec.name, start);
  store.addDocument(spec.name, { id: `${spec.name}#${live.doc}`, origin, start });
  // A later document of the window (it navigated or reloaded) runs at once: the click was given.
  const waitForClick = s.clickToOpen && documentNumber === 1 && opensAnyPopup(s.scenario, spec.name);
  store.setWindowStatus(spec.name, waitForClick ? "waiting for your click" : "running");
  if (documentNumber > 1 && !isOpaque(spec)) store.setWindowOrigin(spec.name, origin);
  port.onmessage = (event: MessageEvent<ReportBatch | PongMessage>) => {
    const data: unknown = event.data;
    if (typeof data === "object" && data !== null && (data as PongMessage).type === "pong") {
      if (live.ping?.n === (data as PongMessage).n) {
        live.ping = undefined;
        if (playgroundStore.getState().windows[spec.name]?.status === "unresponsive" && s.live.get(spec.name) === live) {
          store.setWindowStatus(spec.name, "running");
        }
      }
      return;
    }
    if (typeof data !== "object" || data === null || (data as ReportBatch).type !== "reports") return;
    const batch = data as Partial<{ reports: unknown; json: unknown; count: unknown }>;
    if (Array.isArray(batch.reports)) inbox.receive({ s, live, reports: batch.reports, count: batch.reports.length });
    else if (typeof batch.json === "string") {
      // The count only paces drawing and the "Catching up" figure; the reports themselves are
      // checked when parsed. A window that overstates it delays drawing as a real flood would.
      const count = typeof batch.count === "number" && batch.count >= 1 ? Math.min(Math.floor(batch.count), 100_000) : 1;
      inbox.receive({ s, live, reports: batch.json, count });
    }
  };
  const loopGuardMs = s.scenario.loopGuardMs ?? DEFAULT_LOOP_GUARD_MS;
  const unparsed = syntaxProblem(spec.name, spec.script);
  // Sends first: their sites are positions in the script as written, and the loop guard keeps lines.
  const recorded = recordSendSites(spec.script, { call: SEND_CALL });
  const init: InitMessage = {
    type: "init",
    run: s.runId,
    window: spec.name,
    script: loopGuardMs > 0 ? guardLoops(recorded.code, { guard: LOOP_GUARD }).code : recorded.code,
    sendSites: recorded.sites,
    loopGuardMs,
    html: spec.html ?? "",
    runStart: store.runStart,
    origins: s.origins,
    urls: s.urls,
    sites: ORIGINS.sandboxes,
    site: siteOfOrigin(ORIGINS, hello.origin) ?? spec.origin,
    paused: store.paused,
    documentNumber,
    ...(waitForClick ? { waitForClick } : {}),
    frames: framesMadeFor(s.scenario, spec.name).map((child) => ({
      name: child.name,
      url: s.urls[child.name] ?? "about:blank",
      origin: s.origins[child.name] ?? "",
      sandbox: frameSandbox(child),
    })),
    ...(unparsed ? { syntaxError: { line: unparsed.line, column: unparsed.column, message: unparsed.message } } : {}),
  };
  port.postMessage(init);
  // The window is up, but its script will not run: "running" would say otherwise.
  if (unparsed) store.setWindowStatus(spec.name, "error");
}

function recordHostReceipt(s: Session, event: MessageEvent): void {
  const from = nameOfWindow(s, event.source as Window | null);
  if (from === null || from === HOST) return;
  const data: unknown = event.data;
  const time = now();
  pending.receipts.push({
    kind: "receipt",
    key: `${HOST}:${time}:${pending.receipts.length}:${Math.random()}`,
    window: HOST,
    doc: `${HOST}#1`,
    origin: window.location.origin,
    time,
    type: event.type === "messageerror" ? "messageerror" : "message",
    eventOrigin: event.origin,
    source: from,
    sourceLabel: from,
    preview: preview(data),
    shape: shapeOf(data),
    ports: [],
    listeners: [],
  });
  scheduleCommit();
}

/** A window of the run sent a hello it had no right to: say so once, on that window's console. */
function noteImpostor(s: Session, source: Window | null, claimed: string): void {
  const from = nameOfWindow(s, source);
  if (from === null || from === HOST || s.impostors.has(from)) return;
  s.impostors.add(from);
  hostNote(from, `${from} sent a runtime hello claiming to be ${claimed === from ? "a new document of itself" : (claimed.length > 60 ? `${claimed.slice(0, 60)}…` : claimed)}; the playground ignored it (only the window itself, from its own origin, can say hello).`);
}

/**
 * A window the run does not know loaded `spec`'s page: say so once, on that window's console, and
 * what to change when it is the scenario's own frame made by a script.
 */
function noteStranger(s: Session, spec: ScenarioWindow, liveElsewhere: boolean): void {
  const key = `stranger:${spec.name}`;
  if (s.impostors.has(key)) return;
  s.impostors.add(key);
  const where = spec.kind === "popup" ? `a popup that ${spec.opener ?? "its opener"} opens` : spec.parent === undefined ? "a frame of the page" : `a frame in ${spec.parent}`;
  const why = liveElsewhere
    ? `while ${spec.name} was already running elsewhere; the playground watches one window per name and ignored this one`
    : `but it is not where the scenario puts ${spec.name} (${where}); the playground ignored it`;
  const hint =
    spec.kind === "iframe" && spec.parent !== undefined && spec.createdByScript !== true
      ? ` If ${spec.parent}'s script makes ${spec.name}'s frame itself, mark ${spec.name} "createdByScript": true, so that the playground does not make one too.`
      : "";
  hostNote(spec.name, `Another window loaded ${spec.name}'s page ${why}.${hint}`);
}

/** Gone, removed or navigated out of reach: a later hello may then come from another window. */
function isGone(w: Window): boolean {
  try {
    return w.closed;
  } catch {
    return true;
  }
}

function onWindowMessage(event: MessageEvent): void {
  const s = session;
  if (!s) return;
  if (!isHelloMessage(event.data)) {
    // A sandbox posting to the playground page itself (e.g. `parent` of a top-level frame):
    // recorded as a receipt of the host, never acted upon.
    recordHostReceipt(s, event);
    return;
  }
  const hello = event.data;
  const port = event.ports[0];
  const spec = s.scenario.windows.find((w) => w.name === hello.window);
  const source = event.source as Window | null;
  const current = spec ? s.live.get(spec.name) : undefined;
  const ok =
    port !== undefined &&
    spec !== undefined &&
    hello.run === s.runId &&
    source !== null &&
    isAllowedOrigin(s, spec, event.origin, hello.origin) &&
    isExpectedWindow(s, spec, source) &&
    // A window keeps its WindowProxy across navigations: a hello for a live window from any other
    // window (e.g. a second popup its opener made) is an impostor.
    (current === undefined || current.proxy === source || isGone(current.proxy));
  if (!ok) {
    port?.close();
    // It reached the page all the same: a window's send to the page is drawn as delivered.
    recordHostReceipt(s, event);
    if (nameOfWindow(s, source) !== null) noteImpostor(s, source, hello.window);
    else if (spec !== undefined && hello.run === s.runId) noteStranger(s, spec, current !== undefined && !isGone(current.proxy));
    return;
  }
  accept(s, spec, hello, source, port, event.origin);
}

// At module top level, not in an effect: a hello may arrive before React has committed.
window.addEventListener("message", onWindowMessage);
window.addEventListener("messageerror", onWindowMessage);

/**
 * A rerun keeps the last run's popups open for a moment, retired: nameless, with nothing of their
 * script left running (sandboxes/runtime/retire.ts). While a document of a site is alive in the
 * page's browsing context group, Chromium puts the next document of that site into its process
 * instead of starting one, and closing a window just as the next run's frames load kept the
 * browser busy as well. Reruns of the default scenario, medians of 9 in four paired runs: 195 to
 * 243 ms to the first message with its popup closed at once, 165 to 200 ms with it retired.
 */
const RETIRE_MS = 1000;
/** How long a rerun waits for the popups to say they retired; one that does not is closed. */
const RETIRE_WAIT_MS = 100;
/** A rerun waiting for the last run's popups: more reruns meanwhile are this one. */
let retiring = false;

/** How long closing a stuck popup may take before the next run starts anyway. */
const EVICT_MS = 1000;

/**
 * Closes a popup, even one whose page is stuck in a loop. close() alone waits for that page,
 * forever in Chromium, and a named window.open of the next run would find the window again (and
 * navigate it, in the stuck process). Sent to about:blank by this page, the window holds a
 * document of the host's origin in the host's process, which closes at once. Must be started
 * while the popup's opener is still on the page: that is what lets this page navigate it.
 */
function evictPopup(proxy: Window, then?: () => void): void {
  if (isGone(proxy)) {
    then?.();
    return;
  }
  try {
    proxy.location.replace("about:blank");
  } catch {
    // Gone already.
  }
  const started = performance.now();
  const poll = setInterval(() => {
    let ours: boolean;
    try {
      ours = proxy.closed || proxy.location.href === "about:blank";
    } catch {
      ours = false;
    }
    if (!ours && performance.now() - started < EVICT_MS) return;
    clearInterval(poll);
    try {
      proxy.close();
    } catch {
      // Gone already.
    }
    then?.();
  }, 10);
}

/** Answered its last ping, or was pinged only just now: a busy window is closed, not kept. */
const answersPings = (live: LiveWindow) => live.ping === undefined || performance.now() - live.ping.sent < 500;

/**
 * Asks each popup of the run that answers pings to retire, and calls `then` with those that did,
 * once all have answered or RETIRE_WAIT_MS is over. A retired popup no longer has a name, so the
 * next run's scripts cannot find it, and it closes itself after RETIRE_MS.
 */
function retirePopups(s: Session, then: (retired: LiveWindow[]) => void): void {
  const popups = [...s.live.values()].filter((l) => l.spec.kind === "popup");
  if (popups.length === 0) {
    then([]);
    return;
  }
  const answering = popups.filter(answersPings);
  const keep = answering.map((l) => l.spec.name);
  const retired: LiveWindow[] = [];
  retiring = true;
  const start = () => {
    retiring = false;
    if (session === s) then(retired);
  };
  // Those that did not retire are closed before the next run starts: until they are, a named
  // window.open of its scripts would find them.
  const done = () => {
    clearTimeout(timer);
    const stuck = popups.filter((l) => !retired.includes(l));
    let left = stuck.length;
    if (left === 0) start();
    for (const live of stuck) evictPopup(live.proxy, () => --left === 0 && start());
  };
  const timer = setTimeout(done, answering.length === 0 ? 0 : RETIRE_WAIT_MS);
  for (const live of answering) {
    const reports = live.port.onmessage;
    live.port.onmessage = (event: MessageEvent<unknown>) => {
      if ((event.data as { type?: unknown } | null)?.type !== "retired") {
        reports?.call(live.port, event);
        return;
      }
      retired.push(live);
      if (retired.length === answering.length) done();
    };
    live.port.postMessage({ type: "retire", keep, closeAfterMs: RETIRE_MS } satisfies HostToRuntime);
  }
}

/** Ends a run: its windows are told so, its frames go with the next render, its popups close (but those `retired`). */
function dispose(s: Session, retired: readonly LiveWindow[] = []): void {
  clearInterval(s.closedPoll);
  clearInterval(s.heartbeat);
  discardPending();
  const keep = retired.map((l) => l.spec.name);
  for (const live of s.live.values()) {
    if (retired.includes(live)) {
      // It closes itself (RetireMessage.closeAfterMs): nothing more to say to it.
      live.port.close();
      continue;
    }
    try {
      live.port.postMessage({ type: "dispose", keep } satisfies HostToRuntime);
    } catch {
      // Already gone.
    }
    if (live.spec.kind === "popup") evictPopup(live.proxy);
    live.port.close();
  }
}

/** Ends the live run (closes its popups, ignores its reports), e.g. before showing an export. */
export function stopRun(): void {
  if (session) dispose(session);
  session = null;
}

/** Whether opening a scenario runs it: not while an exported timeline is shown, nor in an embed that runs on click. */
export function shouldRunOnOpen(): boolean {
  const { viewing, safeMode, scenario } = playgroundStore.getState();
  // An embed that runs on click loads a scenario with popups at once: its openers wait for the
  // reader's click in their frames, which is then the one click that runs it.
  return !viewing && safeMode === null && (!EMBED?.runOnClick || hasPopups(scenario));
}

/** The id of the scenario the live run is running, if any. */
export function runningScenarioId(): string | null {
  return session?.scenario.id ?? null;
}

/**
 * Starts a fresh run of the current scenario: new run id, new windows, empty timeline. After a
 * run with popups it starts a moment later, once they have retired (retirePopups).
 */
export function runScenario(): void {
  if (retiring) return;
  if (session) retirePopups(session, startRun);
  else startRun([]);
}

function startRun(retired: readonly LiveWindow[]): void {
  if (session) dispose(session, retired);
  const store = playgroundStore.getState();
  const scenario = store.scenario;
  // A run is the person's choice or a load that found nothing wrong: safe mode is over.
  if (store.safeMode !== null) store.setSafeMode(null);
  noteRunning(scenario.title);
  const windows: Record<string, WindowInfo> = {};
  const documents: Record<string, DocumentSpan[]> = { [HOST]: [{ origin: window.location.origin, start: 0 }] };
  for (const w of scenario.windows) {
    const served = ORIGINS.sandboxes[w.origin] ?? "";
    windows[w.name] = { status: w.kind === "popup" ? "not opened" : "loading", origin: isOpaque(w) ? `null (opaque; served from ${served})` : served };
    documents[w.name] = [];
  }
  const runId = `r${++runCounter}-${crypto.randomUUID().slice(0, 8)}`;
  const { origins, urls } = scenarioAddresses(scenario, runId);
  store.startRun({ runId, urls, windows, documents });
  const s: Session = {
    runId,
    scenario,
    origins,
    urls,
    live: new Map(),
    documentsOf: new Map(),
    closedPoll: setInterval(() => {
      // A removed iframe's WindowProxy reads as closed too.
      for (const live of s.live.values()) {
        let closed = true;
        try {
          closed = live.proxy.closed;
        } catch {
          // Treat an unreadable window as gone.
        }
        const info = playgroundStore.getState().windows[live.spec.name];
        const status = live.spec.kind === "popup" ? "closed" : "removed";
        if (closed && info?.status !== status) {
          playgroundStore.getState().endDocument(live.spec.name, now());
          playgroundStore.getState().setWindowStatus(live.spec.name, status);
        }
      }
    }, 250),
    heartbeat: setInterval(() => heartbeat(s), HEARTBEAT_MS),
    impostors: new Set(),
    started: performance.now(),
    reloaded: new Map(),
    clickToOpen: popupsNeedClick || (EMBED?.runOnClick === true && hasPopups(scenario)),
  };
  session = s;
}

let pings = 0;
let notes = 0;

/** Frames of the page that never said hello: loaded again once, then said to be stuck (FRAME_LOAD_MS). */
function checkFrameLoads(s: Session, t: number): void {
  const store = playgroundStore.getState();
  for (const spec of childrenOf(s.scenario, undefined)) {
    if (s.live.has(spec.name) || store.windows[spec.name]?.status !== "loading") continue;
    const reloaded = s.reloaded.get(spec.name);
    if (!reloaded && t - s.started > FRAME_LOAD_MS) {
      s.reloaded.set(spec.name, { at: t, stuckSaid: false });
      store.reloadFrame(spec.name);
      hostNote(spec.name, `${spec.name} did not start within ${FRAME_LOAD_MS / 1000} s (its page did not arrive, or its process failed); the playground loaded its frame again.`);
    } else if (reloaded && !reloaded.stuckSaid && t - reloaded.at > FRAME_LOAD_MS) {
      reloaded.stuckSaid = true;
      hostNote(spec.name, `${spec.name} still did not start. Press Run to start over, or check that ${s.origins[spec.name] ?? "its origin"} answers.`);
    }
  }
}

/** A line from the playground itself, shown with the window's console output. */
function hostNote(window: string, text: string): void {
  playgroundStore.getState().addRecords({
    sends: [],
    receipts: [],
    consoleLines: [{ kind: "console", key: `${window}:note${++notes}`, window, time: now(), level: "warn", text }],
  });
}

/**
 * A window whose event loop does not answer is busy: say so, and let the user stop it. (And a
 * frame that never started is loaded again: checkFrameLoads.)
 */
let lastBeat: number | undefined;
function heartbeat(s: Session): void {
  const t = performance.now();
  // A late beat means the host's own event loop was held up, and the answers queued for it with
  // it: in WebKit every frame shares the host's process, so the host's long tasks (the editor
  // starting) and a starved CPU delay them all. That time is not the window's: its ping starts over.
  const late = lastBeat !== undefined && t - lastBeat > 1.5 * HEARTBEAT_MS;
  lastBeat = t;
  checkFrameLoads(s, t);
  for (const [name, live] of s.live) {
    if (live.ping === undefined) {
      live.ping = { n: ++pings, sent: t };
      live.port.postMessage({ type: "ping", n: live.ping.n } satisfies HostToRuntime);
    } else if (late) {
      live.ping.sent = t;
    } else if (t - live.ping.sent > UNRESPONSIVE_AFTER_MS) {
      const store = playgroundStore.getState();
      if (own(store.windows, name)?.status !== "running") continue;
      store.setWindowStatus(name, "unresponsive");
      hostNote(name, `${name} has not answered for ${(UNRESPONSIVE_AFTER_MS / 1000).toFixed(1)} s: a long task or an endless loop. Stop it from the Windows panel, or press Run to start over.`);
    }
  }
}

/**
 * Stops one window of the run: a frame of the host page is removed (its process may stay busy,
 * but nothing of it is on the page), a popup is closed, a nested frame is sent to about:blank.
 */
export function stopWindow(name: string): void {
  const s = session;
  const live = s?.live.get(name);
  if (!s || !live) return;
  s.live.delete(name);
  live.port.close();
  const store = playgroundStore.getState();
  store.endDocument(name, now());
  store.setWindowStatus(name, "stopped");
  hostNote(name, `You stopped ${name}. Sends to it from now on are lost; the rest of the run goes on.`);
  if (live.spec.kind === "popup") evictPopup(live.proxy);
  try {
    if (live.spec.parent !== undefined) live.proxy.location.replace("about:blank");
  } catch {
    // Gone already, or out of reach: it is no longer part of the run either way.
  }
}


/** Posts to a window's runtime; with `doc`, only if that document is still the window's. */
function post(windowName: string, message: HostToRuntime, doc?: string): boolean {
  const live = session?.live.get(windowName);
  if (!live || (doc !== undefined && doc !== `${windowName}#${live.doc}`)) return false;
  live.port.postMessage(message);
  return true;
}

/** Pauses or resumes delivery in every window of the run (and in windows that start later). */
export function setDeliveryPaused(paused: boolean): void {
  playgroundStore.getState().setPausedFlag(paused);
  if (session) for (const name of session.live.keys()) post(name, { type: "pause", paused });
}

const heldSends = (): SendRecord[] =>
  playgroundStore
    .getState()
    .sends.filter((s) => s.held && s.releasedAt === undefined && !s.dropped)
    .sort((a, b) => a.time - b.time);

/** Releases one held send (the oldest, or the one given): its window's own postMessage runs now. */
export function releaseHeld(key?: string): boolean {
  const send = key ? heldSends().find((s) => s.key === key) : heldSends()[0];
  if (!send) return false;
  return post(send.window, { type: "release", send: seqOf(send.key) }, send.doc);
}

export function releaseAllHeld(): void {
  for (const send of heldSends()) post(send.window, { type: "release", send: seqOf(send.key) }, send.doc);
}

export function dropHeld(key: string): void {
  const send = heldSends().find((s) => s.key === key);
  if (send) post(send.window, { type: "drop", send: seqOf(send.key) }, send.doc);
}

/** Sends `data` (JSON text) again from the window that made `send`, to the same target. */
export function resend(send: SendRecord, data: string, targetOrigin: string): boolean {
  if (!send.path) return false;
  // Same window and realm (same origin); a later document of the window would be another sender.
  return post(send.window, { type: "resend", target: send.path, data, targetOrigin }, send.doc);
}

/** `alice#1:12` -> 12: the runtime's own sequence number. */
function seqOf(key: string): number {
  return Number(key.slice(key.lastIndexOf(":") + 1));
}
