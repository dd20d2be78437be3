/**
 * Which scenario window a WindowProxy is, and where a runtime's path (`parent.frames[1]`) leads.
 * Identity, never claims: a window is named by the live WindowProxy it said hello from, and a path
 * that cannot be followed live is followed by the scenario's own structure.
 */
import type { WindowPath } from "../../../sandboxes/protocol";
import { childrenOf } from "../../scenario/types";
import { HOST } from "../../timeline/records";
import type { Session } from "../session";

export function nameOfWindow(s: Session, host: Window, w: Window | null | undefined): string | null {
  if (!w) return null;
  if (w === host) return HOST;
  for (const [name, live] of s.live) if (live.proxy === w) return name;
  return null;
}

/**
 * Whether `opener`'s script is the one the scenario says opens popup `name`. A window's reports
 * speak for that window only: no other may change the popup's state or its documents.
 */
export function opensPopup(s: Session, opener: string, name: string): boolean {
  return s.scenario.windows.some((w) => w.kind === "popup" && w.name === name && w.opener === opener);
}

/** Gone, removed or navigated out of reach (null: gone before its hello came): a later hello may then come from another window. */
export function isGone(w: Window | null): boolean {
  if (w === null) return true;
  try {
    return w.closed;
  } catch {
    return true;
  }
}

/** Follows a path by the scenario's own structure, for windows that have not said hello yet. */
export function resolveStatically(s: Session, from: string, path: WindowPath): string | null {
  let cur: string | null = from;
  for (const step of path) {
    if (cur === null || cur === HOST) return null;
    const spec = s.scenario.windows.find((w) => w.name === cur);
    if (!spec) return null;
    if (step === "self") continue;
    if (step === "parent") cur = spec.kind === "iframe" ? (spec.parent ?? HOST) : cur;
    else if (step === "top") cur = spec.kind === "popup" ? cur : HOST;
    else if (step === "opener") cur = spec.opener ?? null;
    else if (step.startsWith("frames:")) cur = childrenOf(s.scenario, cur)[Number(step.slice(7))]?.name ?? null;
    else if (step.startsWith("popup:")) {
      // Only a popup the scenario says this window opens: any other name is the script's own.
      const popup = step.slice(6);
      cur = opensPopup(s, cur, popup) ? popup : null;
    }
  }
  return cur;
}

/** The one frame or popup of `from` that is gone (its WindowProxy reads closed), or null if none or several. */
function goneWindowOf(s: Session, from: string): string | null {
  const gone = s.scenario.windows.filter((w) => {
    if (w.parent !== from && w.opener !== from) return false;
    try {
      const live = s.live.get(w.name);
      return live !== undefined && (live.proxy === null || live.proxy.closed);
    } catch {
      return false;
    }
  });
  return gone.length === 1 ? (gone[0]?.name ?? null) : null;
}

/**
 * The window a message came from when the browser gave its receiver no source: Firefox and WebKit
 * give none for a message whose sender went away (its frame removed, its popup closed) before the
 * dispatch. It is the one window of the run, other than the receiver, that is gone and whose
 * document had the message's origin; null when none or several are.
 */
export function goneSender(s: Session, receiver: string, origin: string): string | null {
  let found: string | null = null;
  for (const [name, live] of s.live) {
    if (name === receiver || live.origin !== origin || !isGone(live.proxy)) continue;
    if (found !== null) return null;
    found = name;
  }
  return found;
}

/** Names the window a runtime's path leads to: by live WindowProxy identity first. */
export function resolvePath(s: Session, host: Window, from: string, path: WindowPath): string | null {
  // No path: the runtime found no way to the window. It is not the sender itself, which is ["self"].
  if (path.length === 0) return null;
  // A gone window (a removed frame, a closed popup) is no longer where the path leads: named by
  // the scenario's structure instead, or, with no path, by which of the sender's windows is gone.
  if (path[0] === "gone") return (path.length > 1 ? resolveStatically(s, from, path.slice(1)) : null) ?? goneWindowOf(s, from);
  let w: Window | null = s.live.get(from)?.proxy ?? null;
  try {
    for (const step of path) {
      if (!w) break;
      if (step === "self") continue;
      if (step === "parent") w = w.parent;
      else if (step === "top") w = w.top;
      else if (step === "opener") w = w.opener as Window | null;
      else if (step.startsWith("frames:")) w = (w as unknown as Record<number, Window | undefined>)[Number(step.slice(7))] ?? null;
      else if (step.startsWith("popup:")) {
        // The popup the scenario says this window opens, and no other: a script can name any
        // window it opens after a scenario popup, and would then speak for that popup.
        const popup = step.slice(6);
        w = opensPopup(s, nameOfWindow(s, host, w) ?? "", popup) ? (s.live.get(popup)?.proxy ?? null) : null;
      }
    }
  } catch {
    w = null;
  }
  return nameOfWindow(s, host, w) ?? resolveStatically(s, from, path);
}
