/**
 * The event cap's shares: while several windows flood themselves at once, each holds (and later
 * sends) only its share of the cap (HoldMessage), not a whole cap's worth each that the host would
 * read and then mostly drop. The cap cuts the busiest pair first (src/timeline/event-cap.ts), so
 * of equal floods it keeps an equal part of each: that is the share. The host tells a window only
 * when its share changes; a window forgets its share when its flood pauses (runtime/outbox.ts).
 */
import { EVENT_CAP, type HostToRuntime } from "../../../sandboxes/protocol";
import type { LiveWindow } from "../session";

/** Each holding window's share of a cap of `cap` events, when `holders` windows hold at once. */
export function holdShare(holders: number, cap: number): number {
  const whole = Math.min(cap, EVENT_CAP);
  return Math.max(1, Math.floor(whole / Math.max(1, holders)));
}

/**
 * After a window said it holds a flood, or sent what it held (LiveWindow.held): each window that
 * holds now is told its share if it has not been told that already.
 */
export function shareHolds(windows: Iterable<LiveWindow>, cap: number): void {
  const holders: LiveWindow[] = [];
  for (const live of windows) {
    if ((live.held ?? 0) > 0) holders.push(live);
    // Its flood paused: it holds a whole cap's worth again, until told otherwise.
    else live.holdShare = undefined;
  }
  const share = holdShare(holders.length, cap);
  for (const live of holders) {
    if ((live.holdShare ?? EVENT_CAP) === share) continue;
    live.holdShare = share;
    live.port.postMessage({ type: "hold", events: share } satisfies HostToRuntime);
  }
}
