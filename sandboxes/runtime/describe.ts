/**
 * Names a WindowProxy the way the script in this window would reach it (`parent`, `frames[0]`,
 * `opener`, `popup bob`, `parent.frames[1]`). The host resolves these paths against the windows it
 * knows, so the runtime never needs to know other windows' names, which it cannot read cross-origin.
 */
import type { PathStep, WindowPath } from "../protocol";

const MAX_FRAMES = 32;
const MAX_DEPTH = 3;

/** Reads a property of a possibly cross-origin window, treating a refusal as "absent". */
function read<K extends "parent" | "top" | "opener" | "length">(w: Window, key: K): Window[K] | null {
  try {
    return w[key];
  } catch {
    return null;
  }
}

function frameAt(w: Window, i: number): Window | null {
  try {
    return (w as unknown as Record<number, Window | undefined>)[i] ?? null;
  } catch {
    return null;
  }
}

export interface Describer {
  describe(target: Window): WindowPath;
  /** Remember a popup this window opened, under the scenario window name it was opened for. */
  rememberPopup(popup: Window, name: string): void;
  /** Follows a path from this window; null if it leads nowhere now. */
  resolve(path: WindowPath): Window | null;
}

/** Whether a window is gone: a removed frame's WindowProxy reads as closed, as a closed window's does. */
function isGone(w: Window): boolean {
  try {
    return w.closed === true;
  } catch {
    return false;
  }
}

export function createDescriber(self: Window, raw: { parent: () => Window | null; opener: () => Window | null }): Describer {
  const popups = new Map<Window, string>();
  /**
   * The last path that led to each window, kept after it stops leading there: a script may keep a
   * frame's WindowProxy after the frame is removed (`w = iframe.contentWindow; iframe.remove()`),
   * and a send to it is then named by where that frame was.
   */
  const last = new WeakMap<Window, WindowPath>();
  // This window's own frames are learnt as the page adds them, so a frame removed before any
  // message named it is still known by its place.
  function learnFrames(): void {
    const length = Math.min(Number(read(self, "length") ?? 0), MAX_FRAMES);
    for (let i = 0; i < length; i++) {
      const child = frameAt(self, i);
      if (child) last.set(child, [`frames:${i}`]);
    }
  }
  try {
    new MutationObserver(learnFrames).observe(self.document, { childList: true, subtree: true });
  } catch {
    // No document to watch: frames are then learnt when a message names them.
  }

  function roots(): [PathStep, Window][] {
    const out: [PathStep, Window][] = [["self", self]];
    const parent = raw.parent();
    if (parent && parent !== self) out.push(["parent", parent]);
    const opener = raw.opener();
    if (opener) out.push(["opener", opener]);
    for (const [w, name] of popups) out.push([`popup:${name}`, w]);
    const top = read(self, "top");
    if (top && top !== self && top !== parent) out.push(["top", top]);
    return out;
  }

  // Paths found, checked again on each use: a send loop names the same window thousands of times,
  // and the search reads many cross-origin properties, each of which costs a security check.
  let known = new WeakMap<Window, WindowPath>();
  function describe(target: Window): WindowPath {
    const path = known.get(target);
    if (path && resolve(path) === target) return path;
    const found = search(target);
    if (found.length > 0) {
      known.set(target, found);
      last.set(target, found);
      return found;
    }
    // No way leads to it now. A gone window is named by the path that last led to it.
    if (isGone(target)) return ["gone", ...(last.get(target) ?? path ?? [])];
    return found;
  }

  function search(target: Window): WindowPath {
    // Breadth-first over the windows this one can name, shortest path first.
    let layer: [WindowPath, Window][] = roots().map(([step, w]) => [[step], w]);
    const seen = new Set<Window>();
    for (let depth = 0; depth < MAX_DEPTH && layer.length > 0; depth++) {
      for (const [path, w] of layer) {
        if (w === target) return path;
        if (!last.has(w)) last.set(w, path);
      }
      const next: [WindowPath, Window][] = [];
      for (const [path, w] of layer) {
        if (seen.has(w)) continue;
        seen.add(w);
        const length = Math.min(Number(read(w, "length") ?? 0), MAX_FRAMES);
        // `self.frames[0]` is written `frames[0]`.
        const base = path.length === 1 && path[0] === "self" ? [] : path;
        for (let i = 0; i < length; i++) {
          const child = frameAt(w, i);
          if (child) next.push([[...base, `frames:${i}`], child]);
        }
        const parent: Window | null = read(w, "parent");
        if (parent && parent !== w) next.push([[...path, "parent"], parent]);
        const opener: Window | null = read(w, "opener") as Window | null;
        if (opener) next.push([[...path, "opener"], opener]);
      }
      layer = next;
    }
    return [];
  }

  function resolve(path: WindowPath): Window | null {
    let w: Window | null = self;
    for (const step of path) {
      if (!w || step === "gone") return null;
      if (step === "self") continue;
      if (step === "parent") w = w === self ? raw.parent() : read(w, "parent");
      else if (step === "opener") w = w === self ? raw.opener() : (read(w, "opener") as Window | null);
      else if (step === "top") w = read(w, "top");
      else if (step.startsWith("frames:")) w = frameAt(w, Number(step.slice(7)));
      else if (step.startsWith("popup:")) w = [...popups].find(([, n]) => n === step.slice(6))?.[0] ?? null;
    }
    return w;
  }

  return {
    describe,
    resolve,
    rememberPopup(popup, name) {
      popups.set(popup, name);
      // A popup may be a shorter way to name a window than the path found before.
      known = new WeakMap();
    },
  };
}
