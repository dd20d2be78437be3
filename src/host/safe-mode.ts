/**
 * Safe mode: a scenario that crashed or hung the page must not do it again on the next load, since
 * saved work reruns when the playground opens. Every tab notes, in localStorage, the scenario it is
 * running while its page lives, and holds a Web Lock for as long as it exists. The browser releases
 * the lock when the tab goes away, however it goes (closed, crashed, killed while hung), while the
 * note is removed only by a page that unloads normally. So a note whose tab's lock is free belongs
 * to a tab that died running that scenario, and the next load opens without running it.
 */
const NOTES_KEY = "postmessage-playground:v1:running";
const LOCK_PREFIX = "postmessage-playground:tab:";
/** `?safe` in the address opens without running, whatever happened before. */
const SAFE_PARAM = "safe";

interface RunNote {
  title: string;
  /** Set when the page itself broke (an error no panel could contain): kept across the unload. */
  broken?: boolean;
}

import type { SafeModeReason } from "../store/types";

export type { SafeModeReason };

const tab = crypto.randomUUID();
let broken = false;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readNotes(): Map<string, RunNote> {
  const notes = new Map<string, RunNote>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage()?.getItem(NOTES_KEY) ?? "{}");
  } catch {
    return notes;
  }
  if (typeof parsed !== "object" || parsed === null) return notes;
  for (const [id, note] of Object.entries(parsed)) {
    const n = note as Partial<RunNote> | null;
    if (typeof n?.title === "string") notes.set(id, { title: n.title.slice(0, 200), ...(n.broken === true ? { broken: true } : {}) });
  }
  return notes;
}

function writeNotes(notes: Map<string, RunNote>): void {
  try {
    if (notes.size === 0) storage()?.removeItem(NOTES_KEY);
    else storage()?.setItem(NOTES_KEY, JSON.stringify(Object.fromEntries(notes)));
  } catch {
    // Storage full or refused: safe mode then cannot help, and the page works as before.
  }
}

const locks = (): LockManager | undefined => (typeof navigator !== "undefined" ? navigator.locks : undefined);

/** Holds this tab's lock for the page's lifetime (released by the browser when the tab goes). */
function holdTabLock(): void {
  void locks()
    ?.request(`${LOCK_PREFIX}${tab}`, () => new Promise<void>(() => {}))
    .catch(() => {});
}

/**
 * Why this load must not run anything: known at once (`now`), or once the browser's lock list says
 * whether the tabs that left notes are still there (`later`). Only localStorage is read unless
 * another tab left a note.
 */
export function checkSafeMode(search = window.location.search): { now: SafeModeReason | null } | { later: Promise<SafeModeReason | null> } {
  holdTabLock();
  if (new URLSearchParams(search).has(SAFE_PARAM)) return { now: { title: null, why: "asked" } };
  const notes = readNotes();
  if (notes.size === 0) return { now: null };
  return { later: deadTabsNote(notes) };
}

async function deadTabsNote(notes: Map<string, RunNote>): Promise<SafeModeReason | null> {
  let held: Set<string>;
  try {
    const state = await locks()?.query();
    if (!state) return null;
    held = new Set((state.held ?? []).map((l) => l.name ?? ""));
  } catch {
    return null;
  }
  const deadIds = [...notes.keys()].filter((id) => !held.has(`${LOCK_PREFIX}${id}`));
  const dead = deadIds.length > 0 ? notes.get(deadIds[0] as string) : undefined;
  // Another tab may have written meanwhile: only the dead tabs' notes are taken out.
  const current = readNotes();
  for (const id of deadIds) current.delete(id);
  writeNotes(current);
  return dead ? { title: dead.title, why: dead.broken ? "broken" : "crashed" } : null;
}

/** This tab now runs `title`: noted until the page unloads normally. */
export function noteRunning(title: string): void {
  running = title;
  const notes = readNotes();
  notes.set(tab, { title: title.slice(0, 200), ...(broken ? { broken } : {}) });
  writeNotes(notes);
}

/** The page broke: the note stays when it unloads, so the next load opens safely. */
export function notePageBroken(): void {
  broken = true;
  const notes = readNotes();
  const note = notes.get(tab);
  if (note) {
    notes.set(tab, { ...note, broken: true });
    writeNotes(notes);
  } else noteRunning("the open scenario");
}

/** What this tab runs now, put back if the page comes back from the back-forward cache. */
let running: string | null = null;

if (typeof window !== "undefined") {
  window.addEventListener("pagehide", () => {
    if (broken) return;
    const notes = readNotes();
    if (notes.delete(tab)) writeNotes(notes);
  });
  window.addEventListener("pageshow", (e) => {
    if (e.persisted && running !== null) noteRunning(running);
  });
}

/** The address that opens the playground without running anything. */
export function safeModeUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.set(SAFE_PARAM, "");
  url.hash = "";
  return url.href;
}
