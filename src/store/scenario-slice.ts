import type { StateCreator } from "zustand";
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO } from "../scenario/builtin";
import type { Scenario } from "../scenario/types";
import type { PlaygroundState } from "./index";

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
   * Opens a scenario: a built-in or saved one comes back with its edits; an imported one replaces its
   * draft. An exported timeline being shown is left: the opened scenario is what runs next.
   */
  openScenario: (scenario: Scenario, opts?: { imported?: boolean }) => void;
  /** Drops the edits of the current built-in scenario and restores its original scripts. */
  resetScenario: () => void;
  setNotice: (notice: Notice | null) => void;
}

export const builtinById = (id: string) => BUILTIN_SCENARIOS.find((b) => b.id === id);

export const createScenarioSlice: StateCreator<PlaygroundState, [], [], ScenarioSlice> = (set) => ({
  scenario: DEFAULT_SCENARIO,
  drafts: {},
  activeWindow: DEFAULT_SCENARIO.windows[0]?.name ?? "",
  editCount: 0,
  notice: null,
  setScript: (window, script) =>
    set((s) => {
      const scenario = { ...s.scenario, windows: s.scenario.windows.map((w) => (w.name === window ? { ...w, script } : w)) };
      return { scenario, drafts: { ...s.drafts, [scenario.id]: scenario }, editCount: s.editCount + 1 };
    }),
  selectWindow: (window) => set({ activeWindow: window }),
  openScenario: (incoming, opts) =>
    set((s) => {
      const scenario = opts?.imported ? incoming : (s.drafts[incoming.id] ?? incoming);
      const drafts = { ...s.drafts, [s.scenario.id]: s.scenario, [scenario.id]: scenario };
      return { scenario, drafts, activeWindow: scenario.windows[0]?.name ?? "", editCount: 0, viewing: null };
    }),
  resetScenario: () =>
    set((s) => {
      const original = builtinById(s.scenario.id);
      if (!original) return {};
      const drafts = { ...s.drafts };
      delete drafts[original.id];
      return { scenario: original, drafts, editCount: 0 };
    }),
  setNotice: (notice) => set({ notice }),
});
