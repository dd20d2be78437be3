/**
 * Sizes for the virtualized lists, read without forcing a layout. TanStack Virtual's defaults read
 * offsetHeight as each row mounts and clientHeight as the list mounts; each read in the middle of
 * React's commit makes the browser lay out the page there and then. Under a flood that was most of
 * the host's time, and on load it delayed the first message. ResizeObserver reports the same
 * sizes after the browser's own layout, before the frame is painted.
 */
import { elementScroll, observeElementOffset, type VirtualizerOptions } from "@tanstack/react-virtual";

type Options = VirtualizerOptions<HTMLDivElement, Element>;

/** Until the observer reports: a list's height before its first layout (rows in view plus overscan cover it). */
export const INITIAL_RECT = { width: 0, height: 600 };

/** A row's height from its ResizeObserver entry; until then its last known (or estimated) height. */
export const measureRow: Options["measureElement"] = (el, entry, v) => {
  const box = entry?.borderBoxSize[0];
  if (box) return Math.round(box.blockSize);
  const index = v.indexFromElement(el);
  return v.itemSizeCache.get(v.options.getItemKey(index)) ?? v.options.estimateSize(index);
};

/** The scrolling element's inner size, from ResizeObserver only. */
export const observeRect: Options["observeElementRect"] = (v, cb) => {
  const el = v.scrollElement;
  if (!el) return undefined;
  const observer = new ResizeObserver(() => cb({ width: el.clientWidth, height: el.clientHeight }));
  observer.observe(el);
  return () => observer.disconnect();
};

/** Lists that have been scrolled, by the person or by the virtualizer. */
const scrolled = new WeakSet<Element>();

/**
 * Scrolls as TanStack Virtual does, except that a list that has never scrolled is not "scrolled"
 * to the top it is already at. The virtualizer does that each time a list mounts (the timeline's
 * first message mounts its table), and the scrollTo made the browser lay out the whole page in the
 * middle of React's commit: 130 to 200 ms on load and at a flood's first redraw.
 */
export const scrollList: Options["scrollToFn"] = (offset, options, v) => {
  const el = v.scrollElement;
  if (!el) return;
  if (offset + (options.adjustments ?? 0) === 0 && !scrolled.has(el)) return;
  scrolled.add(el);
  elementScroll(offset, options, v);
};

/** The default scroll listener, noting that the list has scrolled (see scrollList). */
export const observeOffset: Options["observeElementOffset"] = (v, cb) =>
  observeElementOffset(v, (offset, isScrolling) => {
    if (v.scrollElement) scrolled.add(v.scrollElement);
    cb(offset, isScrolling);
  });
