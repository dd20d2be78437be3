import type { StateCreator } from "zustand";
import { DEFAULT_SCENARIO } from "../scenario/builtin";
import type { Scenario } from "../scenario/types";
import type { PlaygroundState } from "./index";

export interface ScenarioSlice {
  scenario: Scenario;
  /** The window whose script the editor shows. */
  activeWindow: string;
  /** Bumped on every script edit; a debounced rerun follows it. */
  editCount: number;
  setScript: (window: string, script: string) => void;
  selectWindow: (window: string) => void;
  loadScenario: (scenario: Scenario) => void;
}

export const createScenarioSlice: StateCreator<PlaygroundState, [], [], ScenarioSlice> = (set) => ({
  scenario: DEFAULT_SCENARIO,
  activeWindow: DEFAULT_SCENARIO.windows[0]?.name ?? "",
  editCount: 0,
  setScript: (window, script) =>
    set((s) => ({
      scenario: { ...s.scenario, windows: s.scenario.windows.map((w) => (w.name === window ? { ...w, script } : w)) },
      editCount: s.editCount + 1,
    })),
  selectWindow: (window) => set({ activeWindow: window }),
  loadScenario: (scenario) => set({ scenario, activeWindow: scenario.windows[0]?.name ?? "", editCount: 0 }),
});
