// Saved work is read through the schema, which loads only when there is saved work
// (store/index.ts, loadSavedWorkChecks). Whatever happens to that load, nothing saved is lost: read
// when checked, left exactly as it was when the check could not load, set aside when it cannot be
// checked. The store runs in Node here, on a localStorage kept in memory.
import { beforeEach, describe, expect, it } from "vitest";
import config from "../playground.config.json";
import { validateScenario } from "../src/scenario/schema";
import { createPlaygroundStore, loadSavedWorkChecks, NOTHING_SAVED, STORAGE_KEY, type SavedWorkChecks } from "../src/store";

const SITES = Object.keys(config.sandboxes);
const memory = new Map<string, string>();
const localStorage = {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
};
Object.defineProperty(globalThis, "window", { value: { localStorage }, configurable: true });

const LOADED: SavedWorkChecks = { kind: "loaded", validateScenario };
const store = (checks: SavedWorkChecks) => createPlaygroundStore({ storageKey: STORAGE_KEY, sites: SITES, checks });

/** Saves an edit of the first window's script, as a page would, and returns what was written. */
function saveEdit(script: string): string {
  const s = store(LOADED);
  s.getState().setScript(s.getState().scenario.windows[0]?.name ?? "", script);
  return memory.get(STORAGE_KEY) ?? "";
}

beforeEach(() => memory.clear());

describe("saved work", () => {
  it("loads the schema only when something is saved", async () => {
    expect(await loadSavedWorkChecks(STORAGE_KEY)).toEqual(NOTHING_SAVED);
    saveEdit("console.log('mine');");
    expect((await loadSavedWorkChecks(STORAGE_KEY)).kind).toBe("loaded");
  });

  it("is read back when the schema checked it", () => {
    saveEdit("console.log('mine');");
    const s = store(LOADED).getState();
    expect(s.scenario.windows[0]?.script).toBe("console.log('mine');");
    expect(s.notice).toBeNull();
  });

  it("is neither read nor overwritten when the schema could not load, and the page says so", () => {
    const saved = saveEdit("console.log('mine');");
    const s = store({ kind: "failed", why: "Failed to fetch dynamically imported module" });
    expect(s.getState().notice?.text).toBe(
      "Your saved work could not be opened: the page could not load the code that checks it (Failed to fetch dynamically imported module). It is unchanged; reload the page to try again. Edits made in this page are not saved.",
    );
    expect(s.getState().scenario.windows[0]?.script).not.toBe("console.log('mine');");
    s.getState().setScript(s.getState().scenario.windows[0]?.name ?? "", "console.log('in this page only');");
    s.getState().setTheme("dark");
    expect(memory.get(STORAGE_KEY)).toBe(saved);
  });

  it("saved after the page looked (another tab) cannot be checked, so it is set aside, not dropped", () => {
    const saved = saveEdit("console.log('from another tab');");
    const s = store(NOTHING_SAVED).getState();
    expect(s.notice?.text).toBe(`Some saved work could not be read and was set aside in localStorage under "${STORAGE_KEY}:unreadable".`);
    expect(JSON.parse(memory.get(`${STORAGE_KEY}:unreadable`) ?? "null")).toEqual((JSON.parse(saved) as { state: unknown }).state);
  });
});
