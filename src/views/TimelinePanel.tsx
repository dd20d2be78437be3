/**
 * The timeline panel: controls (pause, step, filters), the window tree, the sequence diagram and
 * the table side by side with one shared selection, and the inspector for the selected message.
 * Keyboard: ↑/↓ or j/k move between messages, Enter opens the inspector, Escape closes it,
 * p pauses or resumes delivery, s steps (releases the oldest held message).
 */
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { useHost, usePlayground } from "../use-playground";
import { MESSAGE_STATES, type MessageState } from "../timeline/classify";
import { isHeld } from "../timeline/records";
import { Inspector } from "./Inspector";
import { SequenceDiagram } from "./SequenceDiagram";
import { TimelineTable } from "./Timeline";
import { useTimeline } from "./use-timeline";
import { WindowTree } from "./WindowTree";
import { countText } from "./count-text";


/** On its own: it changes with every chunk the host draws (and while a burst is counted), and the panel need not render again for it. */
function CatchingUp() {
  const waiting = usePlayground((s) => s.waitingReports);
  if (waiting === 0) return null;
  return (
    <span className="waiting" role="status" title="While reports pour in, the playground only counts them, so that the windows it watches keep their speed; it draws them when the burst is over (at once if too many wait).">
      Catching up: {countText(waiting)} reports still to draw
    </span>
  );
}

/** On its own too: a flood past the event cap changes it with every commit. */
function DroppedEvents() {
  const { dropped, cap } = usePlayground(useShallow((s) => ({ dropped: s.droppedEvents, cap: s.eventCap })));
  if (dropped === 0) return null;
  return (
    <span className="dropped" role="status">
      {countText(dropped)} older events dropped (the event cap keeps {countText(cap)}; the busiest sender→target pair loses its oldest first)
    </span>
  );
}

export function TimelinePanel() {
  const host = useHost();
  const { all, shown } = useTimeline();
  const v = usePlayground(
    useShallow((s) => ({
      runStart: s.runStart,
      selectedId: s.selectedId,
      inspectorOpen: s.inspectorOpen,
      filter: s.filter,
      paused: s.paused,
      windows: s.scenario.windows,
      select: s.select,
      setInspectorOpen: s.setInspectorOpen,
      setFilter: s.setFilter,
      presenting: s.presenting,
      setPresenting: s.setPresenting,
      summary: s.scenario.summary,
    })),
  );
  // Both walk every entry (a flood keeps thousands): once per new timeline, not once per render.
  const held = useMemo(() => {
    let n = 0;
    for (const e of all) if (e.send && isHeld(e.send)) n++;
    return n;
  }, [all]);
  // Closing the inspector removes the element that had focus: focus goes back to the messages (the
  // selected row is shown there), where the arrow keys go on working, and never falls to <body>.
  const views = useRef<HTMLDivElement>(null);
  const setInspectorOpen = v.setInspectorOpen;
  const closeInspector = useCallback(() => {
    setInspectorOpen(false);
    views.current?.focus();
  }, [setInspectorOpen]);
  const selected = useMemo(
    () => (v.selectedId === null ? undefined : (shown.find((e) => e.id === v.selectedId) ?? all.find((e) => e.id === v.selectedId))),
    [all, shown, v.selectedId],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest("input, textarea, select, [contenteditable], .inspector form") || e.ctrlKey || e.metaKey || e.altKey) return;
    const i = shown.findIndex((x) => x.id === v.selectedId);
    const move = (to: number) => {
      const next = shown[Math.max(0, Math.min(shown.length - 1, to))];
      if (next) v.select(next.id);
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1),
      j: () => move(i + 1),
      ArrowUp: () => move(i < 0 ? shown.length - 1 : i - 1),
      k: () => move(i < 0 ? shown.length - 1 : i - 1),
      Home: () => move(0),
      End: () => move(shown.length - 1),
      Enter: () => v.selectedId && v.setInspectorOpen(true),
      Escape: () => v.inspectorOpen && closeInspector(),
      p: () => host.delivery.setPaused(!v.paused),
      s: () => host.delivery.release(),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  // Presenting: arrow keys anywhere step through the messages, one per key press, each shown in
  // the inspector. Escape closes the innermost thing only: an open inspector first; presentation
  // mode is left by an Escape when nothing else is open.
  useEffect(() => {
    if (!v.presenting) return undefined;
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable], .monaco-editor") || e.ctrlKey || e.metaKey || e.altKey) return;
      const i = shown.findIndex((x) => x.id === v.selectedId);
      const step = ["ArrowRight", "ArrowDown", "PageDown", " "].includes(e.key) ? 1 : ["ArrowLeft", "ArrowUp", "PageUp"].includes(e.key) ? -1 : 0;
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        if (v.inspectorOpen && selected) closeInspector();
        else v.setPresenting(false);
        return;
      }
      if (step === 0) return;
      e.preventDefault();
      e.stopPropagation();
      const next = shown[i < 0 ? (step > 0 ? 0 : shown.length - 1) : Math.max(0, Math.min(shown.length - 1, i + step))];
      if (next) v.select(next.id, true);
    };
    // Capture: the panel's own arrow keys must not move a second time.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [v, shown, selected, closeInspector]);

  return (
    <section className="panel timeline-panel" aria-label="Message timeline" onKeyDown={onKeyDown}>
      <div className="timeline-head">
        <h2>
          Timeline{" "}
          <span className="count">
            {`${shown.length === all.length ? "" : `${countText(shown.length)} of `}${countText(all.length)} ${all.length === 1 ? "message" : "messages"}`}
          </span>
        </h2>
        <DroppedEvents />
        <CatchingUp />
        <div className="delivery" role="group" aria-label="Delivery">
          <button type="button" aria-pressed={v.paused} onClick={() => host.delivery.setPaused(!v.paused)} title="Hold every new send until you release it (p)">
            {v.paused ? "Resume delivery" : "Pause delivery"} <kbd>p</kbd>
          </button>
          <button type="button" disabled={held === 0} onClick={() => host.delivery.release()} title="Release the oldest held message (s)">
            Step <kbd>s</kbd>
          </button>
          <button type="button" disabled={held === 0} onClick={() => host.delivery.releaseAll()}>
            Release all ({held})
          </button>
        </div>
        <div className="filters" role="search" aria-label="Filter messages">
          <label>
            Window
            <select value={v.filter.window} onChange={(e) => v.setFilter({ window: e.target.value })}>
              <option value="">all</option>
              {v.windows.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            State
            <select value={v.filter.states[0] ?? ""} onChange={(e) => v.setFilter({ states: e.target.value ? [e.target.value as MessageState] : [] })}>
              <option value="">all</option>
              {MESSAGE_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Text
            <input type="search" value={v.filter.text} placeholder="data, origin, reason…" onChange={(e) => v.setFilter({ text: e.target.value })} />
          </label>
        </div>
      </div>
      {/* What the scenario shows and what to look for, over the messages it is about. */}
      {v.summary && <p className="scenario-summary">{v.summary}</p>}
      <div className={`timeline-body${v.inspectorOpen && selected ? " with-inspector" : ""}`}>
        <WindowTree />
        <div className="timeline-views" ref={views} tabIndex={0} aria-label="Messages: arrow keys move, Enter opens the inspector">
          <SequenceDiagram entries={shown} />
          <TimelineTable entries={shown} runStart={v.runStart} />
        </div>
        {v.inspectorOpen && selected && <Inspector entry={selected} runStart={v.runStart} onClose={closeInspector} />}
      </div>
    </section>
  );
}
