import type { StateCreator } from "zustand";
import type { ConsoleRecord, DocumentSpan, PortEventRecord, ReceiptRecord, SendRecord } from "../timeline/records";
import type { PlaygroundState } from "./index";

export type WindowStatus = "loading" | "running" | "closed" | "removed" | "not opened" | "blocked by the browser";

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
  windows: Record<string, WindowInfo>;
  documents: Record<string, DocumentSpan[]>;
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  consoleLines: ConsoleRecord[];
  portEvents: PortEventRecord[];
  /** Set while an exported timeline is shown instead of a live run. */
  viewing: { exportedAt: string; fileName: string } | null;
  startRun: (run: { runId: string; urls: Record<string, string>; windows: Record<string, WindowInfo>; documents: Record<string, DocumentSpan[]> }) => void;
  setWindowStatus: (window: string, status: WindowStatus) => void;
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

export const createRunSlice: StateCreator<PlaygroundState, [], [], RunSlice> = (set) => ({
  runId: "",
  runStart: 0,
  urls: {},
  windows: {},
  documents: {},
  sends: [],
  receipts: [],
  consoleLines: [],
  portEvents: [],
  viewing: null,
  startRun: ({ runId, urls, windows, documents }) =>
    set({
      viewing: null,
      runId,
      runStart: now(),
      urls,
      windows,
      documents,
      sends: [],
      receipts: [],
      consoleLines: [],
      portEvents: [],
    }),
  setWindowStatus: (window, status) =>
    set((s) => {
      const info = s.windows[window];
      return info ? { windows: { ...s.windows, [window]: { ...info, status } } } : {};
    }),
  addDocument: (window, doc) =>
    set((s) => ({ documents: { ...s.documents, [window]: [...(s.documents[window] ?? []), doc] } })),
  endDocument: (window, time) =>
    set((s) => {
      const docs = s.documents[window];
      const last = docs?.at(-1);
      if (!docs || !last || last.end !== undefined) return {};
      return { documents: { ...s.documents, [window]: [...docs.slice(0, -1), { ...last, end: time }] } };
    }),
  showExported: ({ fileName, exportedAt, runStart, windows, documents, sends, receipts, consoleLines, portEvents }) =>
    set({ viewing: { fileName, exportedAt }, runId: "", urls: {}, runStart, windows, documents, sends, receipts, consoleLines, portEvents }),
  addRecords: ({ sends, receipts, consoleLines, portEvents = [] }) =>
    set((s) => ({
      sends: sends.length ? [...s.sends, ...sends] : s.sends,
      receipts: receipts.length ? [...s.receipts, ...receipts] : s.receipts,
      consoleLines: consoleLines.length ? [...s.consoleLines, ...consoleLines] : s.consoleLines,
      portEvents: portEvents.length ? [...s.portEvents, ...portEvents] : s.portEvents,
    })),
});
