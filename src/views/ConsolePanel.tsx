import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { usePlayground, usePlaygroundStore } from "../use-playground";
import { CONSOLE_HEAD, MAX_CONSOLE_LINES, MAX_CONSOLE_TEXT } from "../timeline/console-cap";
import type { ConsoleRecord } from "../timeline/records";
import { INITIAL_RECT, measureRow, observeOffset, observeRect, scrollList } from "./virtual-layout";
import { countText } from "./count-text";

/**
 * Up to this many rows are all in the page, so a search in the page (or a test) finds every line
 * of an ordinary run. Beyond it only the rows in view are: a window that floods its console
 * cannot fill the host page with its lines.
 */
const RENDER_ALL = 500;
/** New lines are read out at most this often: a flood would otherwise be read out line by line. */
const ANNOUNCE_MS = 2_000;
/** Characters of the latest line that are read out. */
const ANNOUNCE_TEXT = 160;

/** Console output of every window, each line labelled with the window that printed it. */
export function ConsolePanel() {
  const { lines, dropped, runStart } = usePlayground(
    useShallow((s) => ({ lines: s.consoleLines, dropped: s.droppedConsoleLines, runStart: s.runStart })),
  );
  return (
    <section className="panel console-panel" aria-label="Console">
      <h2>
        Console{" "}
        {lines.length > 0 && <span className="count">{countText(lines.length + dropped)} lines</span>}
      </h2>
      {dropped > 0 && (
        <p className="console-dropped">
          {countText(dropped)} earlier lines dropped: the console keeps a run&apos;s first {countText(CONSOLE_HEAD)} lines and its latest{" "}
          {countText(MAX_CONSOLE_LINES - CONSOLE_HEAD)}, each up to {countText(MAX_CONSOLE_TEXT)} characters.
        </p>
      )}
      {lines.length === 0 ? <p className="empty">Nothing logged.</p> : <ConsoleList lines={lines} dropped={dropped} runStart={runStart} />}
      <Announcer />
    </section>
  );
}

/** Rows of the list: the lines, with one row where dropped lines were (after the first CONSOLE_HEAD). */
function ConsoleList({ lines, dropped, runStart }: { lines: ConsoleRecord[]; dropped: number; runStart: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const gapAt = dropped > 0 ? Math.min(CONSOLE_HEAD, lines.length) : -1;
  const count = lines.length + (gapAt >= 0 ? 1 : 0);
  const lineAt = (row: number): ConsoleRecord | undefined => (gapAt >= 0 && row >= gapAt ? (row === gapAt ? undefined : lines[row - 1]) : lines[row]);
  const rangeExtractor = useCallback((range: Range) => (range.count <= RENDER_ALL ? Array.from({ length: range.count }, (_, i) => i) : defaultRangeExtractor(range)), []);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 24,
    overscan: 10,
    getItemKey: (row) => lineAt(row)?.key ?? "dropped",
    rangeExtractor,
    measureElement: measureRow,
    observeElementRect: observeRect,
    observeElementOffset: observeOffset,
    scrollToFn: scrollList,
    initialRect: INITIAL_RECT,
  });

  // The list follows new lines while it is scrolled to its end, as a console does; scrolled up, it stays.
  const following = useRef(true);
  const onScroll = () => {
    const el = scroller.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };
  useEffect(() => {
    if (following.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: "end" });
  }, [count, lines, virtualizer]);
  // Home and End go to the first and the latest line. The browser's own scroll to either end
  // stops partway: rows are measured as they come into view, and the list moves to keep them in place.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    following.current = e.key === "End";
    virtualizer.scrollToIndex(e.key === "Home" ? 0 : count - 1, { align: e.key === "Home" ? "start" : "end" });
  };

  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    // A scrolling region that takes focus, so the keyboard scrolls it (arrows, Page Up/Down, Home/End).
    <div className="console-scroll" ref={scroller} onScroll={onScroll} onKeyDown={onKeyDown} tabIndex={0} role="region" aria-label="Lines logged by the windows">
      <ol className="console" style={{ paddingTop: top, paddingBottom: Math.max(0, bottom) }}>
        {items.map((item) => {
          const l = lineAt(item.index);
          // Screen readers hear each row's place in the whole list, not among the rows in the page.
          const place = { "aria-setsize": count, "aria-posinset": item.index + 1 };
          if (!l) {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="console-gap" {...place}>
                … {countText(dropped)} lines dropped here
              </li>
            );
          }
          return (
            <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className={`console-line level-${l.level}`} data-window={l.window} {...place}>
              <span className="num">{Math.max(0, l.time - runStart).toFixed(0)}</span>
              <strong>{l.window}</strong>
              <span className="text">{l.text}</span>
              {l.at && <span className="sub">{`${l.window}.js:${l.at.line}`}</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * Reads out new console lines politely, at most every ANNOUNCE_MS: how many came and the latest
 * one, shortened. A live region on the list itself would read every row the list puts in the
 * page as it scrolls, and every line of a flood.
 */
function Announcer() {
  const playgroundStore = usePlaygroundStore();
  const [said, setSaid] = useState("");
  useEffect(() => {
    const total = (s: { consoleLines: ConsoleRecord[]; droppedConsoleLines: number }) => s.consoleLines.length + s.droppedConsoleLines;
    let heard = total(playgroundStore.getState());
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const announce = () => {
      timer = undefined;
      last = performance.now();
      const s = playgroundStore.getState();
      const now = total(s);
      const fresh = now - heard;
      heard = now;
      const latest = s.consoleLines.at(-1);
      if (fresh <= 0 || !latest) return;
      const text = latest.text.length > ANNOUNCE_TEXT ? `${latest.text.slice(0, ANNOUNCE_TEXT)}…` : latest.text;
      setSaid(fresh === 1 ? `${latest.window}: ${text}` : `${countText(fresh)} new console lines; the latest, from ${latest.window}: ${text}`);
    };
    const unsubscribe = playgroundStore.subscribe((s, before) => {
      if (s.consoleLines === before.consoleLines) return;
      // A new run starts its console from nothing.
      if (total(s) < heard) heard = 0;
      timer ??= setTimeout(announce, Math.max(0, last + ANNOUNCE_MS - performance.now()));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [playgroundStore]);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true">
      {said}
    </p>
  );
}
