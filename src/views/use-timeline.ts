/**
 * The timeline's entries for the views: correlated from the store's records at once for a run's
 * first records, then at most every THROTTLE_MS while a flood is arriving (the first change after
 * a quiet spell in the next task), then filtered by what the person asked to see.
 */
import { startTransition, useEffect, useMemo, useRef, useState } from "react";
import { usePlayground, usePlaygroundStore } from "../use-playground";
import type { PlaygroundState } from "../store/types";
import type { TimelineFilter } from "../store/types";
import type { TimelineEntry } from "../timeline/correlate";
import { Correlator } from "../timeline/correlator";

const THROTTLE_MS = 150;
/** Below this many records nothing is throttled: the first messages of a run are drawn at once. */
const UNTHROTTLED_RECORDS = 500;

type Records = Pick<PlaygroundState, "sends" | "receipts" | "documents" | "portEvents" | "droppedBefore">;
const pick = (s: PlaygroundState): Records => ({
  sends: s.sends,
  receipts: s.receipts,
  documents: s.documents,
  portEvents: s.portEvents,
  droppedBefore: s.droppedBefore,
});
const same = (a: Records, b: Records) =>
  a.sends === b.sends && a.receipts === b.receipts && a.documents === b.documents && a.portEvents === b.portEvents && a.droppedBefore === b.droppedBefore;

function useThrottledRecords(): Records {
  const store = usePlaygroundStore();
  const [records, setRecords] = useState(() => pick(store.getState()));
  /** What the first render read, for the subscription to catch up on. */
  const first = useRef(records);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    // A flood's redraws are transitions, in a task of their own: React renders them in slices and
    // lets the reports that keep arriving in between, so no single task holds the page for long.
    const flush = (inTransition: boolean) => {
      timer = undefined;
      last = performance.now();
      const next = pick(store.getState());
      if (inTransition) startTransition(() => setRecords(next));
      else setRecords(next);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (same(pick(s), pick(prev)) || timer !== undefined) return;
      if (s.sends.length + s.receipts.length < UNTHROTTLED_RECORDS) flush(false);
      else timer = setTimeout(() => flush(true), Math.max(0, THROTTLE_MS - (performance.now() - last)));
    });
    // Records committed between the render that read the store and this subscription would
    // otherwise wait for the next change, which may never come: the run may be over.
    if (!same(first.current, pick(store.getState()))) flush(false);
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store]);
  return records;
}

export function matchesFilter(e: TimelineEntry, f: TimelineFilter): boolean {
  if (f.window && e.from !== f.window && e.to !== f.window) return false;
  if (f.states.length > 0 && !f.states.includes(e.state)) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = [e.preview, e.fromOrigin, e.targetOrigin, e.reason, e.receipt?.eventOrigin ?? "", e.from ?? "", e.to ?? ""].join("\n").toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** All entries of the run, and those the filter lets through. */
export function useTimeline(): { all: TimelineEntry[]; shown: TimelineEntry[] } {
  const records = useThrottledRecords();
  const filter = usePlayground((s) => s.filter);
  // One correlator per view keeps what it paired so far; each update pairs only the new records.
  const correlator = useRef<Correlator | null>(null);
  const all = useMemo(() => (correlator.current ??= new Correlator()).update(records), [records]);
  const shown = useMemo(() => all.filter((e) => matchesFilter(e, filter)), [all, filter]);
  return { all, shown };
}
