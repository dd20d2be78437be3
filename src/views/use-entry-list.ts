/**
 * The virtualized list of timeline entries both views draw (the table and the diagram): sizes read
 * without forcing a layout (virtual-layout.ts), and the selected entry, which the two views share,
 * scrolled into view when it changes.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, type RefObject } from "react";
import type { TimelineEntry } from "../timeline/correlate";
import { INITIAL_RECT, measureRow, observeOffset, observeRect, scrollList } from "./virtual-layout";

/** `rowHeight`: fixed (the diagram), or an estimate that each row's measured height replaces (the table). */
export function useEntryList(entries: readonly TimelineEntry[], selectedId: string | null, scroller: RefObject<HTMLDivElement | null>, rowHeight: { fixed: number } | { estimate: number }) {
  const measured = "estimate" in rowHeight;
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => (measured ? rowHeight.estimate : rowHeight.fixed),
    overscan: 6,
    ...(measured ? { getItemKey: (i: number) => entries[i]?.id ?? i, measureElement: measureRow } : {}),
    observeElementRect: observeRect,
    observeElementOffset: observeOffset,
    scrollToFn: scrollList,
    initialRect: INITIAL_RECT,
  });
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);
  return virtualizer;
}
