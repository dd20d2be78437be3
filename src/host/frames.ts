/**
 * The frames of the host page, by window name. The view that renders them fills this through a
 * ref callback (WindowsPanel), so the host finds a frame's contentWindow without reading the DOM
 * by its markup: a hello from a frame of the page is checked against the frame rendered for it.
 */
import type { FrameLookup } from "./session";

/** The early run's holder (src/early-run.ts) goes once its last frame has left it. */
function removeEmptyHolder(element: HTMLElement | null): void {
  if (element?.dataset.earlyHolder !== undefined && element.childElementCount === 0) element.remove();
}

export class FrameRegistry implements FrameLookup {
  private readonly frames = new Map<string, HTMLIFrameElement>();
  /** Frames made before the app rendered (src/early-run.ts), for the view to move in, by URL. */
  private early = new Map<string, { element: HTMLIFrameElement; url: string }>();
  private readonly retired = new WeakSet<HTMLIFrameElement>();

  /** The early run's frames are the run's: found by their window until the view renders them. */
  adopt(early: ReadonlyMap<string, { element: HTMLIFrameElement; url: string }>): void {
    this.early = new Map(early);
    for (const [name, { element }] of early) this.frames.set(name, element);
  }

  /**
   * The early frame of window `name` that was given `url`, for the view to move in instead of
   * making one; none once the view that held it has gone (the host loading the frame again
   * renders a new one).
   */
  earlyFrame(name: string, url: string): HTMLIFrameElement | undefined {
    const hit = this.early.get(name);
    return hit?.url === url && !this.retired.has(hit.element) ? hit.element : undefined;
  }

  /**
   * A ref callback for the element that holds window `name`'s early frame: moves the frame in
   * without reloading it (`moveBefore`), and registers it while mounted.
   */
  moveIn(name: string, frame: HTMLIFrameElement): (slot: HTMLElement | null) => (() => void) | undefined {
    const register = this.ref(name);
    return (slot) => {
      if (!slot) return undefined;
      const from = frame.parentElement;
      if (from !== slot) {
        slot.moveBefore(frame, null);
        removeEmptyHolder(from);
      }
      const unregister = register(frame);
      return () => {
        this.retired.add(frame);
        unregister?.();
      };
    };
  }

  /**
   * A new frame of window `name` replaces the early one (or, with `null`, none does), which is
   * removed if it is still in the holder, so that no frame the app does not show runs on there.
   */
  private dropEarly(name: string, element: HTMLIFrameElement | null): void {
    const hit = this.early.get(name);
    if (!hit || hit.element === element) return;
    this.early.delete(name);
    this.retired.add(hit.element);
    const holder = hit.element.parentElement;
    if (holder?.dataset.earlyHolder === undefined) return;
    if (this.frames.get(name) === hit.element) this.frames.delete(name);
    hit.element.remove();
    removeEmptyHolder(holder);
  }

  /**
   * Removes every early frame the view has not moved in, and their holder: the part of the page
   * that would show them broke, and no window may run on where nobody sees it. The view renders
   * new frames of its own if it comes back.
   */
  endEarly(): void {
    for (const name of [...this.early.keys()]) this.dropEarly(name, null);
  }

  get(name: string): HTMLIFrameElement | undefined {
    return this.frames.get(name);
  }

  /** A ref callback for window `name`'s iframe: registered while mounted. */
  ref(name: string): (element: HTMLIFrameElement | null) => (() => void) | undefined {
    return (element) => {
      if (!element) return undefined;
      this.frames.set(name, element);
      this.dropEarly(name, element);
      // A frame loaded again is a new element, which may mount before the old one is gone: only
      // the element still registered is forgotten.
      return () => {
        if (this.frames.get(name) === element) this.frames.delete(name);
      };
    };
  }
}
