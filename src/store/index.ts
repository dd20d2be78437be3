/**
 * The playground's one store, in slices with their actions beside their state. Views read it with
 * small selectors; the bridge writes runtime reports into it. Only the scenario is persisted:
 * a person's edits survive a reload, a run's records do not need to.
 */
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { createRunSlice, type RunSlice } from "./run-slice";
import { createScenarioSlice, type ScenarioSlice } from "./scenario-slice";

export type PlaygroundState = ScenarioSlice & RunSlice;

export const STORAGE_KEY = "postmessage-playground:v1";

export const usePlayground = create<PlaygroundState>()(
  persist(
    (...a) => ({
      ...createScenarioSlice(...a),
      ...createRunSlice(...a),
    }),
    {
      name: STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ scenario: s.scenario, activeWindow: s.activeWindow }),
    },
  ),
);

export const playgroundStore = usePlayground;
