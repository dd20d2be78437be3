/**
 * The frames of the host page, by window name. The view that renders them fills this through a
 * ref callback (WindowsPanel), so the host finds a frame's contentWindow without reading the DOM
 * by its markup: a hello from a frame of the page is checked against the frame rendered for it.
 */
import type { FrameLookup } from "./session";

export class FrameRegistry implements FrameLookup {
  private readonly frames = new Map<string, HTMLIFrameElement>();

  get(name: string): HTMLIFrameElement | undefined {
    return this.frames.get(name);
  }

  /** A ref callback for window `name`'s iframe: registered while mounted. */
  ref(name: string): (element: HTMLIFrameElement | null) => (() => void) | undefined {
    return (element) => {
      if (!element) return undefined;
      this.frames.set(name, element);
      // A frame loaded again is a new element, which may mount before the old one is gone: only
      // the element still registered is forgotten.
      return () => {
        if (this.frames.get(name) === element) this.frames.delete(name);
      };
    };
  }
}
