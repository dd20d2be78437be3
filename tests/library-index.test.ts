// The library built-ins' on-demand load (src/scenario/library-index.ts), including the load that
// fails: the page must open all the same, and say why.
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("../src/scenario/library-builtins");
  vi.resetModules();
});

describe("loadLibraryBuiltins", () => {
  it("loads the scenarios once, and then knows them by id", async () => {
    const index = await import("../src/scenario/library-index");
    expect(index.loadedLibraryBuiltin("penpal-frame")).toBeUndefined();
    const loaded = await index.loadLibraryBuiltins();
    expect(loaded.map((b) => b.id)).toEqual(index.LIBRARY_INDEX.map((e) => e.id));
    expect(index.loadedLibraryBuiltin("penpal-frame")?.title).toBe("penpal between a page and its frame");
  });

  it("gives none, and says why, when their chunk cannot be fetched", async () => {
    vi.doMock("../src/scenario/library-builtins", () => {
      throw new Error("Failed to fetch dynamically imported module");
    });
    const index = await import("../src/scenario/library-index");
    const said: string[] = [];
    await expect(index.loadLibraryBuiltins((m) => said.push(m))).resolves.toEqual([]);
    expect(said).toEqual([expect.stringContaining("Could not load the library built-ins (penpal, comlink)")]);
    expect(index.loadedLibraryBuiltin("penpal-frame")).toBeUndefined();
  });
});
