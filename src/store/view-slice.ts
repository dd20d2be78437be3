import type { StateCreator } from "zustand";
import type { PlaygroundState, TimelineFilter, ViewSlice } from "./types";

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
