/**
 * The sequence diagram: one lane per window, one arrow per message. Blocked arrows stop short
 * with the reason, lost ones end in a cross, errors are marked at the sender, queued ones (and
 * unobserved ones, sent to a window the playground does not watch) are dashed and open-ended. Rows are virtualized like the table's, and each is a real button, so the
 * diagram can be used with the keyboard and read by a screen reader.
 */
import { useMemo, useRef, type CSSProperties, type ReactNode } from "react";
import { useEntryList } from "./use-entry-list";
import { Breakable } from "./Breakable";
import { useShallow } from "zustand/react/shallow";
import { usePlayground } from "../use-playground";
import type { TimelineEntry } from "../timeline/correlate";
import { HOST } from "../timeline/records";
import { windowName } from "./Timeline";
import { own } from "../own";

const ROW = 30;
const UNKNOWN = "(unknown)";

/**
 * Lanes and arrows are placed in percentages of the diagram's width, and labels are cut by CSS
 * (an ellipsis) to the room between lanes: the layout is right in the frame where the width
 * changes (the inspector opens, the window is resized), with nothing to measure first. The
 * diagram's least width (styles.css, from --lanes) keeps each lane wide enough for its origin.
 */
const pct = (n: number) => `${n}%`;

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
  const virtualizer = useEntryList(entries, selectedId, scroller, { fixed: ROW });

  /** The middle of a window's lane, in percent of the diagram's width. */
  const x = (name: string | null) => {
    const i = lanes.indexOf(name ?? UNKNOWN);
    return (((i < 0 ? lanes.length : i) + 0.5) * 100) / Math.max(1, lanes.length);
  };
  const laneLines = lanes.map((l) => <line key={l} x1={pct(x(l))} x2={pct(x(l))} y1={0} y2={ROW} className="lane-line" />);

  return (
    <div className="sequence" role="region" aria-label="Sequence diagram" style={{ "--lanes": lanes.length } as CSSProperties}>
      <div className="lane-heads">
        {lanes.map((l) => (
          <div key={l} className="lane-head">
            <strong>{l === UNKNOWN ? "unknown" : windowName(l)}</strong>
            {(() => {
              const origin = l === HOST ? window.location.origin : (own(windows, l)?.origin ?? "");
              return (
                <code className="origin" title={origin}>
                  <Breakable text={origin} />
                </code>
              );
            })()}
          </div>
        ))}
      </div>
      {/* Focusable: a region that scrolls must be scrollable from the keyboard too. */}
      <div className="sequence-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Sequence diagram arrows">
        <ol className="sequence-rows" style={{ height: virtualizer.getTotalSize() }}>
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
                  <Arrow e={e} x1={x(e.from)} x2={x(e.to)} lane={100 / Math.max(1, lanes.length)} laneLines={laneLines} />
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

/** A label between `left` and `right` (percentages of the row, each with a margin in px), cut with "…" when it does not fit. */
function Label({ text, left, right, align = "center" }: { text: string; left: [number, number]; right: [number, number]; align?: "center" | "start" | "end" }) {
  const style: CSSProperties = {
    left: `calc(${pct(left[0])} + ${left[1]}px)`,
    right: `calc(${pct(100 - right[0])} + ${right[1]}px)`,
    textAlign: align,
  };
  return (
    <span className="arrow-label" style={style}>
      {text}
    </span>
  );
}

/** A mark drawn at `at` percent of the row, in px around that point. */
function Mark({ at, d, className }: { at: number; d: string; className?: string }) {
  return (
    <svg x={pct(at)} y={0} overflow="visible">
      <path d={d} className={className} />
    </svg>
  );
}

/**
 * One message's row: `x1` and `x2` are the middles of the sender's and the target's lanes, and
 * `lane` a lane's width, in percent of the row. A label stays in the room it is given, clear of the
 * lane lines and of a blocked or lost arrow's end mark.
 */
function Arrow({ e, x1, x2, lane, laneLines }: { e: TimelineEntry; x1: number; x2: number; lane: number; laneLines: ReactNode[] }) {
  const y = ROW / 2 + 4;
  const text = `${e.preview}${e.channel ? " (port)" : ""}`;
  const frame = (marks: ReactNode, label: ReactNode) => (
    <>
      <svg width="100%" height={ROW} aria-hidden="true">
        {laneLines}
        <g className={`arrow arrow-${e.state}${e.channel ? " arrow-port" : ""}`}>{marks}</g>
      </svg>
      {label}
    </>
  );
  // Beside the sender's lane, on the side that has another lane (the last lane's goes left), `gap`
  // px from the lane on the right and `back` px on the left.
  const besideSender = (text: string, gap: number, back: number) =>
    x1 + lane < 100 ? (
      <Label text={text} left={[x1, gap]} right={[x1 + lane, 4]} align="start" />
    ) : (
      <Label text={text} left={[Math.max(0, x1 - lane), 4]} right={[x1, back]} align="end" />
    );
  if (e.state === "error") {
    return frame(<Mark at={x1} d={`M-6,${y - 6} l12,12 m0,-12 l-12,12`} />, besideSender(`${e.send?.error?.name ?? "error"} · ${text}`, 10, 10));
  }
  if (x1 === x2) {
    // A window posting to itself: a small loop, to the right of its lane.
    return frame(<Mark at={x1} d={`M0,${y - 6} c30,-4 30,12 0,8`} />, besideSender(text, 30, 6));
  }
  const dir = x2 > x1 ? 1 : -1;
  const short = e.state === "blocked" || e.state === "lost";
  // Not (yet) known to have arrived: dashed, without a head.
  const open = e.state === "queued" || e.state === "unobserved";
  const end = short ? x1 + (x2 - x1) * 0.6 : x2;
  const prefix = e.state === "blocked" ? "blocked: " : e.state === "lost" ? "lost: " : "";
  // Over its own line, next to the sender: up to the end (10 px from its head or mark, which are 7 px
  // long) or, for an arrow that passes other lanes, up to the first of them (4 px from each lane).
  const stop = dir > 0 ? Math.min(end, x1 + lane) : Math.max(end, x1 - lane);
  const far = stop === end ? 10 : 4;
  const label = <Label text={`${prefix}${text}`} left={[Math.min(x1, stop), dir < 0 ? far : 4]} right={[Math.max(x1, stop), dir > 0 ? far : 4]} />;
  return frame(
    <>
      <line x1={pct(x1)} x2={pct(end)} y1={y} y2={y} strokeDasharray={open ? "5 4" : e.channel ? "2 3" : undefined} />
      {e.state === "blocked" && <Mark at={end} d={`M0,${y - 7} v14`} className="stop" />}
      {e.state === "lost" && <Mark at={end} d={`M-5,${y - 5} l10,10 m0,-10 l-10,10`} className="stop" />}
      {!short && !open && <Mark at={end} d={`M0,${y} l${-dir * 7},-4 v8 z`} className="head" />}
    </>,
    label,
  );
}
