import { appendConsole } from "../timeline/console-cap";
import { dropSkipped, trimToCap } from "../timeline/event-cap";
import type { StateCreator } from "zustand";
import type { PlaygroundState, RunSlice } from "./types";
import { own } from "../own";
import { EVENT_CAP } from "../../sandboxes/protocol";

/**
 * Enough for any hand-written scenario; a flood loses its own oldest messages first (event-cap.ts).
 * A window flooding itself counts what this cap would drop and does not send it (EVENT_CAP).
 */
export const DEFAULT_EVENT_CAP = EVENT_CAP;

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
  startRun: ({ runId, runStart, urls, windows, documents }) =>
    set({
      viewing: null,
      runId,
      runStart,
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
  dropUnwatched: (window) =>
    set((s) => {
      const docs = own(s.documents, window);
      if (!docs?.at(-1)?.unwatched) return {};
      const kept = docs.slice(0, -1);
      const previous = kept.at(-1);
      if (previous) {
        const reopened = { ...previous };
        delete reopened.end;
        kept[kept.length - 1] = reopened;
      }
      return { documents: { ...s.documents, [window]: kept } };
    }),
  showExported: ({ fileName, exportedAt, runStart, windows, documents, sends, receipts, consoleLines, portEvents }) => {
    // A file's console is held to the same bounds as a live run's.
    const kept = appendConsole({ lines: [], dropped: 0 }, consoleLines);
    set({ viewing: { fileName, exportedAt }, runId: "", urls: {}, runStart, windows, documents, sends, receipts, consoleLines: kept.lines, droppedConsoleLines: kept.dropped, portEvents, waitingReports: 0 });
  },
  addRecords: ({ sends, receipts, consoleLines, portEvents = [], skipped }) =>
    set((s) => {
      let nextSends = sends.length ? [...s.sends, ...sends] : s.sends;
      let nextReceipts = receipts.length ? [...s.receipts, ...receipts] : s.receipts;
      const nextConsole = appendConsole({ lines: s.consoleLines, dropped: s.droppedConsoleLines }, consoleLines);
      let { droppedEvents, droppedBefore } = s;
      if (skipped && skipped.size > 0) {
        const kept = dropSkipped(nextSends, nextReceipts, skipped, droppedBefore);
        nextSends = kept.sends;
        nextReceipts = kept.receipts;
        droppedEvents += kept.dropped;
        droppedBefore = kept.droppedBefore;
      }
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
