/**
 * The state of one playground and the actions beside it, slice by slice. Slices and the host
 * import these types from here, never from the store that combines them.
 */
import type { Scenario } from "../scenario/types";
import type { MessageState } from "../timeline/classify";
import type { Skipped } from "../timeline/event-cap";
import type { ConsoleRecord, DocumentSpan, PortEventRecord, ReceiptRecord, SendRecord } from "../timeline/records";

export interface Notice {
  kind: "error" | "info";
  text: string;
}

export interface ScenarioSlice {
  scenario: Scenario;
  /** Edited copies of every scenario the person has worked on, by id: switching never loses edits. */
  drafts: Record<string, Scenario>;
  /** The window whose script the editor shows. */
  activeWindow: string;
  /** Bumped on every script edit; a debounced rerun follows it. */
  editCount: number;
  notice: Notice | null;
  setScript: (window: string, script: string) => void;
  selectWindow: (window: string) => void;
  /**
   * Opens a scenario: a built-in or saved one comes back with its edits. An imported one (a file, a
   * link) never replaces another: if its id is taken by a built-in or a draft with other content,
   * it opens as a copy under a new id, and `notice` says so. An exported timeline being shown is
   * left: the opened scenario is what runs next. Returns the scenario opened.
   */
  openScenario: (scenario: Scenario, opts?: { imported?: boolean; fromLink?: boolean }) => Scenario;
  /**
   * A scenario opened from a link and not yet part of the person's saved work: autosave leaves the
   * saved work as it was until the person edits it, keeps it, or opens something else.
   */
  unsavedLink: { title: string; copyOf?: string } | null;
  keepLinkedScenario: () => void;
  /** Drops the edits of the current built-in scenario and restores its original scripts. */
  resetScenario: () => void;
  /** The edits the last Reset dropped, until the person edits or opens something else. */
  resetUndo: Scenario | null;
  /** Puts back the edits the last Reset dropped. */
  undoReset: () => void;
  setNotice: (notice: Notice | null) => void;
}

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
  /** Its page was replaced by one without the playground's runtime (about:blank, a data: page, another site). */
  | "on an unwatched page"
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
  /** Reports received but not yet on the timeline: the host drawing a burst late, to let it run. */
  waitingReports: number;
  setWaitingReports: (n: number) => void;
  /** A held send was released or dropped. */
  updateSend: (key: string, patch: Partial<SendRecord>) => void;
  /** Listener results arrived for receipts already stored (receipt key -> results). */
  setListeners: (results: ReadonlyMap<string, ReceiptRecord["listeners"]>) => void;
  /** Set while an exported timeline is shown instead of a live run. */
  viewing: { exportedAt: string; fileName: string } | null;
  /** `urls`: the address each frame of the page loads; `runStart`: when the run began, on the shared clock. */
  startRun: (run: { runId: string; runStart: number; urls: Record<string, string>; windows: Record<string, WindowInfo>; documents: Record<string, DocumentSpan[]> }) => void;
  setWindowStatus: (window: string, status: WindowStatus) => void;
  /** A window that navigated now shows its new document's origin. */
  setWindowOrigin: (window: string, origin: string) => void;
  addDocument: (window: string, doc: DocumentSpan) => void;
  endDocument: (window: string, time: number) => void;
  /** Takes back the window's last document when it is an unwatched page (see DocumentSpan.unwatched) and the previous one's end. */
  dropUnwatched: (window: string) => void;
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
  addRecords: (records: NewRecords) => void;
}

/** What one commit brings: new records, and skipped events by event-cap pair. */
export interface NewRecords {
  sends: SendRecord[];
  receipts: ReceiptRecord[];
  consoleLines: ConsoleRecord[];
  portEvents?: PortEventRecord[];
  skipped?: ReadonlyMap<string, Skipped>;
}

export interface SafeModeReason {
  /** The scenario that was running when the page died, if known. */
  title: string | null;
  why: "crashed" | "broken" | "asked";
}

export interface TimelineFilter {
  /** Only messages from or to this window ("" for all). */
  window: string;
  /** Only these states (empty for all). */
  states: MessageState[];
  /** Text anywhere in the data, origins, targetOrigin or reason. */
  text: string;
}

/** How the person is looking at the timeline: selection, inspector, filters and pausing. */
export interface ViewSlice {
  selectedId: string | null;
  inspectorOpen: boolean;
  filter: TimelineFilter;
  /** Delivery is paused: new sends are held in their senders until released. */
  paused: boolean;
  select: (id: string | null, open?: boolean) => void;
  setInspectorOpen: (open: boolean) => void;
  setFilter: (patch: Partial<TimelineFilter>) => void;
  setPausedFlag: (paused: boolean) => void;
  /** Asks the editor to show a line of a window's script (from the inspector's stack position). */
  reveal: { window: string; line: number; column: number; nonce: number } | null;
  revealLine: (window: string, line: number, column: number) => void;
  /** Colours: follow the system, or forced light or dark (saved with the person's work). */
  theme: "system" | "light" | "dark";
  setTheme: (theme: "system" | "light" | "dark") => void;
  /** Presentation mode for talks: large type, high contrast, timeline first, arrow keys step. */
  presenting: boolean;
  setPresenting: (on: boolean) => void;
  /**
   * Opened without running (host/safe-mode.ts): why, or "checking" while the load still finds out.
   * Nothing runs by itself until the person presses Run.
   */
  safeMode: SafeModeReason | "checking" | null;
  setSafeMode: (safeMode: SafeModeReason | "checking" | null) => void;
}

export type PlaygroundState = ScenarioSlice & RunSlice & ViewSlice;
