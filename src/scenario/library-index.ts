/**
 * The library built-ins (library-builtins.ts) as the first screen knows them: their ids, titles
 * and content keys. Their scripts carry whole libraries, about 7 kB of the first download (gzip),
 * so the scenarios themselves load on demand: when picked, when the page opens on one, or with the
 * editor. The key tells a link or file holding one of them from a copy before they load.
 * tests/library-scenarios.test.ts checks this list against the scenarios.
 */
import type { Scenario } from "./types";

export interface LibraryIndexEntry {
  id: string;
  title: string;
  /** contentKey() of the built-in (content-key.ts). */
  key: string;
}

export const LIBRARY_INDEX: readonly LibraryIndexEntry[] = [
  { id: "penpal-frame", title: "penpal between a page and its frame", key: "7b0024368a4aeae0" },
  { id: "comlink-channel", title: "comlink over a MessageChannel", key: "27b34610ff99526a" },
];

export const libraryEntry = (id: string): LibraryIndexEntry | undefined => LIBRARY_INDEX.find((e) => e.id === id);

let loaded: readonly Scenario[] | undefined;

/**
 * The library built-ins, loaded once; none if their chunk cannot be fetched (the network, or a
 * deploy that replaced it since the page loaded), with `onError` told why: the page must open all
 * the same, the picker then says it could not load them.
 */
export async function loadLibraryBuiltins(onError?: (message: string) => void): Promise<readonly Scenario[]> {
  try {
    loaded ??= (await import("./library-builtins")).LIBRARY_BUILTINS;
    return loaded;
  } catch (e) {
    onError?.(`Could not load the library built-ins (penpal, comlink): ${e instanceof Error ? e.message : String(e)}. Reload the page to try again.`);
    return [];
  }
}

/** A library built-in already loaded, by id. */
export const loadedLibraryBuiltin = (id: string): Scenario | undefined => loaded?.find((b) => b.id === id);
