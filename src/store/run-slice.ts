import { appendConsole } from "../timeline/console-cap";
import { trimToCap } from "../timeline/event-cap";
import type { StateCreator } from "zustand";
import type { ConsoleRecord, DocumentSpan, PortEventRecord, ReceiptRecord, SendRecord } from "../timeline/records";
import type { PlaygroundState } from "./index";
import { own } from "../own";

export type WindowStatus =
  | "loading"
  | "running"
  | "closed"
  | "removed"
  | "not opened"
  | "blocked by the browser"
  /** Its script waits for a click in its frame: it opens a popup, which browsers allow only then. */
  | "waiting for your click"
  /** Its event loop has not answered the host's heartbeat for a while (a long task or a loop). */
  | "unresponsive"
  /** The user stopped it (after it became unresponsive). */
  | "stopped"
  /** Its script could not run: it does not parse, or the page refused it (its console says why). */
  | "error";

export interface WindowInfo {
  status: WindowStatus;
  origin: string;
}

/** Everything one run produced. A rerun starts from an empty run with fresh windows. */
export interface RunSlice {
  runId: string;
  /** Shared-clock time the run started; the timeline shows times relative to it. */
  runStart: number;
  /** Window name -> the URL that loads it in this run. */
  urls: Record<string, string>;
  /** Frame name -> how many times the host loaded that frame again in this run (its element's key). */
  frameLoads: Record<string, number>;
  reloadFrame: (window: string) => void;
  windows: Record<string, WindowInfo>;
  documents: Record<string, DocumentSpan[]>;
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  /** At most MAX_CONSOLE_LINES, each shortened (console-cap.ts). */
  consoleLines: ConsoleRecord[];
  /** Console lines dropped by the cap, all from right after the first CONSOLE_HEAD lines. */
  droppedConsoleLines: number;
  portEvents: PortEventRecord[];
  /** Most messages (sends plus receipts) kept; older ones are dropped and counted. */
  eventCap: number;
  droppedEvents: number;
  /** Records before this time were dropped by the cap (their partners may still be here). */
  droppedBefore: Record<string, number>;
  setEventCap: (cap: number) => void;
  /** Reports received but not yet on the timeline: the host drawing a burst late, to let it run. */
  waitingReports: number;
  setWaitingReports: (n: number) => void;
  /** A held send was released or dropped. */
  updateSend: (key: string, patch: Partial<SendRecord>) => void;
  /** Listener results arrived for receipts already stored (receipt key -> results). */
  setListeners: (results: ReadonlyMap<string, ReceiptRecord["listeners"]>) => void;
  /** Set while an exported timeline is shown instead of a live run. */
  viewing: { exportedAt: string; fileName: string } | null;
  startRun: (run: { runId: string; urls: Record<string, string>; windows: Record<string, WindowInfo>; documents: Record<string, DocumentSpan[]> }) => void;
  setWindowStatus: (window: string, status: WindowStatus) => void;
  /** A window that navigated now shows its new document's origin. */
  setWindowOrigin: (window: string, origin: string) => void;
  addDocument: (window: string, doc: DocumentSpan) => void;
  endDocument: (window: string, time: number) => void;
  /** Shows the records of an exported run; nothing runs until the person runs again. */
  showExported: (run: {
    fileName: string;
    exportedAt: string;
    runStart: number;
    windows: Record<string, WindowInfo>;
    documents: Record<string, DocumentSpan[]>;
    sends: SendRecord[];
    receipts: ReceiptRecord[];
    consoleLines: ConsoleRecord[];
    portEvents: PortEventRecord[];
  }) => void;
  addRecords: (records: { sends: SendRecord[]; receipts: ReceiptRecord[]; consoleLines: ConsoleRecord[]; portEvents?: PortEventRecord[] }) => void;
}

const now = () => performance.timeOrigin + performance.now();

/** Enough for any hand-written scenario; a flood loses its own oldest messages first (event-cap.ts). */
export const DEFAULT_EVENT_CAP = 20_000;

export const createRunSlice: StateCreator<PlaygroundState, [], [], RunSlice> = (set) => ({
  runId: "",
  runStart: 0,
  urls: {},
  frameLoads: {},
  reloadFrame: (window) => set((s) => ({ frameLoads: { ...s.frameLoads, [window]: (own(s.frameLoads, window) ?? 0) + 1 } })),
  windows: {},
  documents: {},
  sends: [],
  receipts: [],
  consoleLines: [],
  droppedConsoleLines: 0,
  portEvents: [],
  eventCap: DEFAULT_EVENT_CAP,
  droppedEvents: 0,
  droppedBefore: {},
  setEventCap: (cap) => set({ eventCap: Math.max(100, Math.floor(cap)) }),
  waitingReports: 0,
  setWaitingReports: (n) => set((s) => (s.waitingReports === n ? {} : { waitingReports: n })),
  updateSend: (key, patch) =>
    set((s) => {
      const i = s.sends.findIndex((x) => x.key === key);
      const old = s.sends[i];
      if (!old) return {};
      const sends = [...s.sends];
      sends[i] = { ...old, ...patch };
      return { sends };
    }),
  setListeners: (results) =>
    set((s) => ({ receipts: s.receipts.map((r) => (results.has(r.key) ? { ...r, listeners: results.get(r.key) ?? r.listeners } : r)) })),
  viewing: null,
  startRun: ({ runId, urls, windows, documents }) =>
    set({
      viewing: null,
      runId,
      runStart: now(),
      urls,
      frameLoads: {},
      windows,
      documents,
      sends: [],
      receipts: [],
      consoleLines: [],
      droppedConsoleLines: 0,
      portEvents: [],
      droppedEvents: 0,
      droppedBefore: {},
      waitingReports: 0,
    }),
  setWindowStatus: (window, status) =>
    set((s) => {
      const info = own(s.windows, window);
      return info ? { windows: { ...s.windows, [window]: { ...info, status } } } : {};
    }),
  setWindowOrigin: (window, origin) =>
    set((s) => {
      const info = own(s.windows, window);
      return info && info.origin !== origin ? { windows: { ...s.windows, [window]: { ...info, origin } } } : {};
    }),
  addDocument: (window, doc) =>
    set((s) => ({ documents: { ...s.documents, [window]: [...(own(s.documents, window) ?? []), doc] } })),
  endDocument: (window, time) =>
    set((s) => {
      const docs = own(s.documents, window);
      const last = docs?.at(-1);
      if (!docs || !last || last.end !== undefined) return {};
      return { documents: { ...s.documents, [window]: [...docs.slice(0, -1), { ...last, end: time }] } };
    }),
  showExported: ({ fileName, exportedAt, runStart, windows, documents, sends, receipts, consoleLines, portEvents }) => {
    // A file's console is held to the same bounds as a live run's.
    const kept = appendConsole({ lines: [], dropped: 0 }, consoleLines);
    set({ viewing: { fileName, exportedAt }, runId: "", urls: {}, runStart, windows, documents, sends, receipts, consoleLines: kept.lines, droppedConsoleLines: kept.dropped, portEvents, waitingReports: 0 });
  },
  addRecords: ({ sends, receipts, consoleLines, portEvents = [] }) =>
    set((s) => {
      let nextSends = sends.length ? [...s.sends, ...sends] : s.sends;
      let nextReceipts = receipts.length ? [...s.receipts, ...receipts] : s.receipts;
      const nextConsole = appendConsole({ lines: s.consoleLines, dropped: s.droppedConsoleLines }, consoleLines);
      let { droppedEvents, droppedBefore } = s;
      const trimmed = trimToCap(nextSends, nextReceipts, s.eventCap, droppedBefore);
      if (trimmed) {
        nextSends = trimmed.sends;
        nextReceipts = trimmed.receipts;
        droppedEvents += trimmed.dropped;
        droppedBefore = trimmed.droppedBefore;
      }
      return {
        sends: nextSends,
        receipts: nextReceipts,
        consoleLines: nextConsole.lines,
        droppedConsoleLines: nextConsole.dropped,
        portEvents: portEvents.length ? [...s.portEvents, ...portEvents] : s.portEvents,
        droppedEvents,
        droppedBefore,
      };
    }),
});
