/**
 * The sequence diagram: one lane per window, one arrow per message. Blocked arrows stop short
 * with the reason, lost ones end in a cross, errors are marked at the sender, queued ones (and
 * unobserved ones, sent to a window the playground does not watch) are dashed and open-ended. Rows are virtualized like the table's, and each is a real button, so the
 * diagram can be used with the keyboard and read by a screen reader.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { INITIAL_RECT, observeOffset, observeRect, scrollList } from "./virtual-layout";
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useShallow } from "zustand/react/shallow";
import { usePlayground } from "../store";
import type { TimelineEntry } from "../timeline/correlate";
import { HOST } from "../timeline/records";
import { windowName } from "./Timeline";
import { own } from "../own";

const ROW = 30;
/** Characters of an origin such as `http://alice.localhost:5173`, which a lane shows on one line. */
const ORIGIN_CHARS = 28;

/**
 * The diagram's width as laid out, so that the lanes spread over all of it, and the width of one
 * character of its labels (monospace, --text-sm, which scales with the root font size in
 * presentation mode), so that labels are cut to the room between lanes. Read when the observer
 * reports, after the browser's own layout (presentation mode resizes the diagram too).
 */
function useMetrics(el: RefObject<HTMLElement | null>): { width: number; charWidth: number } {
  const [metrics, setMetrics] = useState({ width: 0, charWidth: 7.4 });
  useEffect(() => {
    const node = el.current;
    if (!node) return undefined;
    const observer = new ResizeObserver(() => {
      const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 14;
      setMetrics({ width: node.clientWidth, charWidth: ((root * 12) / 14) * 0.62 });
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [el]);
  return metrics;
}
const UNKNOWN = "(unknown)";

export function SequenceDiagram({ entries }: { entries: TimelineEntry[] }) {
  const { scenarioWindows, windows, selectedId, select } = usePlayground(
    useShallow((s) => ({ scenarioWindows: s.scenario.windows, windows: s.windows, selectedId: s.selectedId, select: s.select })),
  );
  const lanes = useMemo(() => {
    const names = scenarioWindows.map((w) => w.name);
    const used = new Set(entries.flatMap((e) => [e.from ?? UNKNOWN, e.to ?? UNKNOWN]));
    return [...(used.has(HOST) ? [HOST] : []), ...names, ...(used.has(UNKNOWN) ? [UNKNOWN] : [])];
  }, [scenarioWindows, entries]);
  const scroller = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const { width: boxWidth, charWidth } = useMetrics(box);
  const LANE = Math.max(ORIGIN_CHARS * charWidth + 12, Math.floor(boxWidth / Math.max(1, lanes.length)));
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 6,
    observeElementRect: observeRect,
    observeElementOffset: observeOffset,
    scrollToFn: scrollList,
    initialRect: INITIAL_RECT,
  });
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);

  const x = (name: string | null) => {
    const i = lanes.indexOf(name ?? UNKNOWN);
    return (i < 0 ? lanes.length : i) * LANE + LANE / 2;
  };
  const width = lanes.length * LANE;
  const laneLines = lanes.map((l) => <line key={l} x1={x(l)} x2={x(l)} y1={0} y2={ROW} className="lane-line" />);

  return (
    <div className="sequence" role="region" aria-label="Sequence diagram" ref={box}>
      <div className="lane-heads" style={{ width }}>
        {lanes.map((l) => (
          <div key={l} className="lane-head" style={{ width: LANE }}>
            <strong>{l === UNKNOWN ? "unknown" : windowName(l)}</strong>
            {(() => {
              const origin = l === HOST ? window.location.origin : (own(windows, l)?.origin ?? "");
              return (
                <code className="origin" title={origin}>
                  {origin}
                </code>
              );
            })()}
          </div>
        ))}
      </div>
      {/* Focusable: a region that scrolls must be scrollable from the keyboard too. */}
      <div className="sequence-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Sequence diagram arrows">
        <ol className="sequence-rows" style={{ height: virtualizer.getTotalSize(), width }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = entries[item.index];
            if (!e) return null;
            return (
              <li key={e.id} style={{ transform: `translateY(${item.start}px)` }}>
                <button
                  type="button"
                  tabIndex={-1}
                  className={`arrow-row state-${e.state}${e.id === selectedId ? " selected" : ""}`}
                  aria-pressed={e.id === selectedId}
                  aria-label={`${item.index + 1}: ${windowName(e.from)} to ${windowName(e.to)}, ${e.state}, ${e.preview}`}
                  onClick={() => select(e.id, true)}
                  data-id={e.id}
                >
                  <svg width={width} height={ROW} aria-hidden="true">
                    {laneLines}
                    <Arrow e={e} x1={x(e.from)} x2={x(e.to)} charWidth={charWidth} />
                  </svg>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

/** `text` cut with "…" to at most `chars` characters. */
function fit(text: string, chars: number): string {
  const n = Math.max(1, Math.floor(chars));
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function Arrow({ e, x1, x2, charWidth }: { e: TimelineEntry; x1: number; x2: number; charWidth: number }) {
  const y = ROW / 2 + 4;
  const text = `${e.preview}${e.channel ? " (port)" : ""}`;
  if (e.state === "error") {
    return (
      <g className="arrow arrow-error">
        <path d={`M${x1 - 6},${y - 6} l12,12 m0,-12 l-12,12`} />
        <text x={x1 + 10} y={y - 4}>
          {fit(`${e.send?.error?.name ?? "error"} · ${text}`, 40)}
        </text>
      </g>
    );
  }
  if (x1 === x2) {
    // A window posting to itself: a small loop.
    return (
      <g className={`arrow arrow-${e.state}`}>
        <path d={`M${x1},${y - 6} c30,-4 30,12 0,8`}/>
        <text x={x1 + 34} y={y}>
          {fit(text, 28)}
        </text>
      </g>
    );
  }
  const dir = x2 > x1 ? 1 : -1;
  const short = e.state === "blocked" || e.state === "lost";
  // Not (yet) known to have arrived: dashed, without a head.
  const open = e.state === "queued" || e.state === "unobserved";
  const end = short ? x1 + (x2 - x1) * 0.6 : x2 - dir * 4;
  // The label stays over its own line, clear of the lanes and of a blocked or lost arrow's end mark.
  const from = Math.min(x1, end) + (dir < 0 && short ? 10 : 4);
  const to = Math.max(x1, end) - (dir > 0 && short ? 10 : 4);
  const prefix = e.state === "blocked" ? "blocked: " : e.state === "lost" ? "lost: " : "";
  const label = fit(`${prefix}${text}`, (to - from) / charWidth);
  return (
    <g className={`arrow arrow-${e.state}${e.channel ? " arrow-port" : ""}`}>
      <line x1={x1} x2={end} y1={y} y2={y} strokeDasharray={open ? "5 4" : e.channel ? "2 3" : undefined} />
      {e.state === "blocked" && <path d={`M${end},${y - 7} v14`} className="stop" />}
      {e.state === "lost" && <path d={`M${end - 5},${y - 5} l10,10 m0,-10 l-10,10`} className="stop" />}
      {!short && !open && <path d={`M${end},${y} l${-dir * 7},-4 v8 z`} className="head" />}
      <text x={(from + to) / 2} y={y - 5} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}
