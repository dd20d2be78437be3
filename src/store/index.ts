/**
 * A playground's store, in slices with their actions beside their state (types in types.ts). Views
 * read it with small selectors; the host writes runtime reports into it. Only the person's work is
 * persisted (the open scenario and the drafts); a run's records are not. Where it saves and which
 * sites exist are given by whoever creates it: the store knows nothing of the host page.
 */
import { create, type StoreApi, type UseBoundStore } from "zustand";
import { createJSONStorage, persist, type PersistStorage } from "zustand/middleware";
import { toScenarioFile, fromScenarioFile } from "../scenario/scenario-file";
import type { validateScenario } from "../scenario/schema";
import type { Scenario } from "../scenario/types";
import { createRunSlice } from "./run-slice";
import { createScenarioSlice } from "./scenario-slice";
import type { PlaygroundState } from "./types";
import { createViewSlice } from "./view-slice";

export type { PlaygroundState } from "./types";
export type PlaygroundStore = UseBoundStore<StoreApi<PlaygroundState>>;

export const STORAGE_KEY = "postmessage-playground:v1";

interface Persisted {
  theme?: unknown;
  scenario?: unknown;
  drafts?: unknown;
  activeWindow?: unknown;
}

/**
 * What checks the saved work. The schema (and zod with it) loads only when there is saved work to
 * check: a first visit opens without it.
 */
export type SavedWorkChecks =
  | { kind: "nothing saved" }
  | { kind: "loaded"; validateScenario: typeof validateScenario }
  | { kind: "failed"; why: string };

export const NOTHING_SAVED: SavedWorkChecks = { kind: "nothing saved" };

/** Loads the schema if `storageKey` holds saved work; says why if it could not be loaded. */
export async function loadSavedWorkChecks(storageKey: string): Promise<SavedWorkChecks> {
  if (browserStorage().getItem(storageKey) === null) return NOTHING_SAVED;
  try {
    return { kind: "loaded", validateScenario: (await import("../scenario/schema")).validateScenario };
  } catch (e) {
    return { kind: "failed", why: e instanceof Error ? e.message : String(e) };
  }
}

function readable(s: unknown, sites: readonly string[], checks: SavedWorkChecks): Scenario | null {
  // Saved work that appeared after the page looked (another tab) cannot be checked: set aside.
  if (typeof s !== "object" || s === null || checks.kind !== "loaded") return null;
  const result = checks.validateScenario(toScenarioFile(s as Scenario), [...sites]);
  return result.ok ? fromScenarioFile(result.value) : null;
}

/**
 * localStorage, or memory where the browser refuses it (e.g. third-party storage blocked in an
 * embedded playground): the page must work either way, it just cannot remember.
 */
function browserStorage(): Storage {
  try {
    const s = window.localStorage;
    s.getItem(STORAGE_KEY);
    return s;
  } catch {
    return memoryStorage();
  }
}

function memoryStorage(): Storage {
  const memory = new Map<string, string>();
  return {
    get length() {
      return memory.size;
    },
    clear: () => memory.clear(),
    getItem: (k) => memory.get(k) ?? null,
    key: (i) => [...memory.keys()][i] ?? null,
    removeItem: (k) => void memory.delete(k),
    setItem: (k, v) => void memory.set(k, v),
  };
}

/**
 * What autosave writes through. zustand's persist writes after every state change, and a
 * message flood changes the state thousands of times: unchanged work is not written again.
 * A full or refused storage is said once, and the work stays in the page.
 */
function autosaveStorage(storage: Storage, onFailure: (why: string) => void): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const written = new Map<string, string>();
  let warned = false;
  return {
    getItem: (k) => storage.getItem(k),
    removeItem: (k) => {
      written.delete(k);
      storage.removeItem(k);
    },
    setItem: (k, v) => {
      if (written.get(k) === v) return;
      try {
        storage.setItem(k, v);
        written.set(k, v);
      } catch (e) {
        if (warned) return;
        warned = true;
        const why = e instanceof DOMException && e.name === "QuotaExceededError" ? "the browser's storage for this site is full" : String(e);
        // Not from inside a store update: persist calls this while one is running.
        setTimeout(() => onFailure(why));
      }
    },
  };
}

type Saved = Pick<PlaygroundState, "scenario" | "drafts" | "activeWindow" | "theme">;

/**
 * persist serializes the saved part after every state change, a flood's thousands included; when
 * none of its parts changed (compared by identity, as the store replaces what it changes), there
 * is nothing new to write and no JSON to build.
 */
function unchangedSkipped(storage: PersistStorage<Saved>): PersistStorage<Saved> {
  let last: Saved | null = null;
  return {
    getItem: (name) => storage.getItem(name),
    removeItem: (name) => {
      last = null;
      return storage.removeItem(name);
    },
    setItem: (name, value) => {
      const v = value.state;
      if (last && last.scenario === v.scenario && last.drafts === v.drafts && last.activeWindow === v.activeWindow && last.theme === v.theme) return;
      last = v;
      return storage.setItem(name, value);
    },
  };
}

const pickSaved = (s: PlaygroundState): Saved => ({ scenario: s.scenario, drafts: s.drafts, activeWindow: s.activeWindow, theme: s.theme });

export interface StoreOptions {
  /** The localStorage key the person's work is saved under. */
  storageKey: string;
  /** The configured sandbox sites: saved scenarios naming others are set aside. */
  sites: readonly string[];
  /** What checks the saved work (loadSavedWorkChecks). */
  checks: SavedWorkChecks;
}

/** One playground's store: each instance saves under its own key and holds its own run. */
export function createPlaygroundStore({ storageKey, sites, checks }: StoreOptions): PlaygroundStore {
  // Saved work that cannot be checked is neither read nor overwritten: this page keeps its edits in memory.
  const unchecked = checks.kind === "failed";
  const savedWork = createJSONStorage<Saved>(() =>
    autosaveStorage(unchecked ? memoryStorage() : browserStorage(), (why) =>
      store.setState({ notice: { kind: "error", text: `Autosave failed (${why}). Your edits are still here: use Save scenario to keep them in a file.` } }),
    ),
  );
  /**
   * What autosave last wrote (or read at start). While a scenario opened from a link is not yet
   * part of the person's work (`unsavedLink`), autosave keeps writing this instead: a link, or a
   * page a sandbox opened with one, changes nothing saved until the person acts on it.
   */
  let savedPart: Saved | null = null;
  const store: PlaygroundStore = create<PlaygroundState>()(
    persist(
      (...a) => ({
        ...createScenarioSlice(...a),
        ...createRunSlice(...a),
        ...createViewSlice(...a),
      }),
      {
        name: storageKey,
        version: 1,
        storage: savedWork && unchangedSkipped(savedWork),
        partialize: (s): Saved => {
          if (s.unsavedLink !== null && savedPart !== null) {
            // The theme is the person's own choice, made in this page.
            if (savedPart.theme !== s.theme) savedPart = { ...savedPart, theme: s.theme };
            return savedPart;
          }
          return (savedPart = pickSaved(s));
        },
        onRehydrateStorage: () => (state) => {
          if (state) savedPart = pickSaved(state);
        },
        // Saved work is input like any other: what cannot be read is set aside, never thrown away.
        merge: (persisted, current) => {
          const p = (persisted ?? {}) as Persisted;
          const scenario = p.scenario === undefined ? current.scenario : readable(p.scenario, sites, checks);
          // Kept by each draft's own id, and made with fromEntries: an assignment to a key such
          // as "__proto__" would set the object's prototype instead of storing a draft.
          const kept: [string, Scenario][] = [];
          let unreadable = scenario === null;
          if (typeof p.drafts === "object" && p.drafts !== null) {
            for (const d of Object.values(p.drafts)) {
              const ok = readable(d, sites, checks);
              if (ok) kept.push([ok.id, ok]);
              else unreadable = true;
            }
          }
          const drafts: Record<string, Scenario> = Object.fromEntries(kept);
          if (unreadable) {
            try {
              browserStorage().setItem(`${STORAGE_KEY}:unreadable`, JSON.stringify(persisted));
            } catch {
              // Storage full or unavailable: the notice still tells the person.
            }
          }
          const active = scenario ?? current.scenario;
          return {
            ...current,
            theme: p.theme === "light" || p.theme === "dark" ? p.theme : "system",
            scenario: active,
            drafts,
            activeWindow:
              typeof p.activeWindow === "string" && active.windows.some((w) => w.name === p.activeWindow) ? p.activeWindow : (active.windows[0]?.name ?? ""),
            notice: unreadable
              ? { kind: "error", text: `Some saved work could not be read and was set aside in localStorage under "${STORAGE_KEY}:unreadable".` }
              : unchecked
                ? {
                    kind: "error",
                    text: `Your saved work could not be opened: the page could not load the code that checks it (${checks.why}). It is unchanged; reload the page to try again. Edits made in this page are not saved.`,
                  }
                : null,
          };
        },
      },
    ),
  );
  return store;
}
