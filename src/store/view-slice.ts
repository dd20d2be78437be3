import type { StateCreator } from "zustand";
import type { SafeModeReason } from "../host/safe-mode";
import type { MessageState } from "../timeline/classify";
import type { PlaygroundState } from "./index";

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

export const EMPTY_FILTER: TimelineFilter = { window: "", states: [], text: "" };

export const createViewSlice: StateCreator<PlaygroundState, [], [], ViewSlice> = (set, get) => ({
  selectedId: null,
  inspectorOpen: false,
  filter: EMPTY_FILTER,
  paused: false,
  select: (id, open) => set((s) => ({ selectedId: id, inspectorOpen: open ?? (id !== null && s.inspectorOpen) })),
  setInspectorOpen: (open) => set({ inspectorOpen: open }),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  setPausedFlag: (paused) => set({ paused }),
  theme: "system",
  setTheme: (theme) => set({ theme }),
  presenting: false,
  setPresenting: (presenting) => set({ presenting }),
  safeMode: null,
  setSafeMode: (safeMode) => set({ safeMode }),
  reveal: null,
  revealLine: (window, line, column) => {
    get().selectWindow(window);
    set((s) => ({ reveal: { window, line, column, nonce: (s.reveal?.nonce ?? 0) + 1 } }));
  },
});
