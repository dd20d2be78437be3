import type { StateCreator } from "zustand";
import { DEFAULT_SCENARIO, PROMISED } from "../scenario/builtin";
import { contentKey, WINDOW_FIELDS } from "../scenario/content-key";
import { libraryEntry, loadedLibraryBuiltin } from "../scenario/library-index";
import type { Scenario } from "../scenario/types";
import { own } from "../own";
import type { PlaygroundState, ScenarioSlice } from "./types";

/** A built-in by id: a library one only once loaded (library-index.ts). */
export const builtinById = (id: string): Scenario | undefined => PROMISED.find((b) => b.id === id) ?? loadedLibraryBuiltin(id);

/** The window's script differs from the built-in scenario's original (false for other scenarios). */
export function isScriptEdited(scenario: Scenario, window: string): boolean {
  const original = builtinById(scenario.id)?.windows.find((w) => w.name === window);
  const now = scenario.windows.find((w) => w.name === window);
  return original !== undefined && now !== undefined && original.script !== now.script;
}

/** Any script of a built-in scenario differs from its original. */
export const isEdited = (scenario: Scenario) => scenario.windows.some((w) => isScriptEdited(scenario, w.name));

/** Field by field: scenarios from files, links and the library write their keys in other orders. */
const sameContent = (a: Scenario, b: Scenario) =>
  a.id === b.id &&
  a.title === b.title &&
  a.summary === b.summary &&
  a.loopGuardMs === b.loopGuardMs &&
  a.windows.length === b.windows.length &&
  a.windows.every((w, i) => WINDOW_FIELDS.every((k) => w[k] === b.windows[i]?.[k]));

/**
 * An imported scenario as it opens beside the person's own: under its own id when that id is
 * free or holds the same content, else as a copy under the first free `<id>-2`, `<id>-3`, ...
 */
export function besideOthers(incoming: Scenario, drafts: Readonly<Record<string, Scenario>>): Scenario {
  /** Whether `candidate` may open under its id: the id is free, or holds the same content. */
  const fits = (candidate: Scenario): boolean => {
    const there = own(drafts, candidate.id) ?? builtinById(candidate.id);
    if (there !== undefined) return sameContent(there, candidate);
    // A library built-in whose scripts are not loaded yet: known by its content key.
    const library = libraryEntry(candidate.id);
    return library === undefined || library.key === contentKey(candidate);
  };
  if (fits(incoming)) return incoming;
  const stem = incoming.id.replace(/-\d+$/, "").slice(0, 34);
  for (let n = 2; ; n++) {
    const copy = { ...incoming, id: `${stem}-${n}` };
    if (fits(copy)) return copy;
  }
}

export const createScenarioSlice: StateCreator<PlaygroundState, [], [], ScenarioSlice> = (set, get) => ({
  scenario: DEFAULT_SCENARIO,
  drafts: {},
  activeWindow: DEFAULT_SCENARIO.windows[0]?.name ?? "",
  editCount: 0,
  notice: null,
  setScript: (window, script) =>
    set((s) => {
      const scenario = { ...s.scenario, windows: s.scenario.windows.map((w) => (w.name === window ? { ...w, script } : w)) };
      return { scenario, drafts: { ...s.drafts, [scenario.id]: scenario }, editCount: s.editCount + 1, unsavedLink: null, resetUndo: null };
    }),
  selectWindow: (window) => set({ activeWindow: window }),
  unsavedLink: null,
  openScenario: (incoming, opts) => {
    const s = get();
    const scenario = opts?.imported ? besideOthers(incoming, s.drafts) : (own(s.drafts, incoming.id) ?? incoming);
    const drafts = { ...s.drafts, [s.scenario.id]: s.scenario, [scenario.id]: scenario };
    set({
      scenario,
      drafts,
      activeWindow: scenario.windows[0]?.name ?? "",
      editCount: 0,
      viewing: null,
      resetUndo: null,
      unsavedLink: opts?.fromLink ? { title: scenario.title, ...(scenario.id !== incoming.id ? { copyOf: incoming.id } : {}) } : null,
    });
    return scenario;
  },
  keepLinkedScenario: () => set({ unsavedLink: null }),
  resetScenario: () =>
    set((s) => {
      const original = builtinById(s.scenario.id);
      if (!original) return {};
      const drafts = { ...s.drafts };
      delete drafts[original.id];
      const resetUndo = isEdited(s.scenario) ? s.scenario : null;
      return { scenario: original, drafts, editCount: 0, unsavedLink: null, resetUndo };
    }),
  resetUndo: null,
  undoReset: () =>
    set((s) => {
      const edited = s.resetUndo;
      if (!edited) return {};
      return { scenario: edited, drafts: { ...s.drafts, [edited.id]: edited }, resetUndo: null, editCount: 0 };
    }),
  setNotice: (notice) => set({ notice }),
});
