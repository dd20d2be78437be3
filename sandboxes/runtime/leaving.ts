/**
 * When a navigation replaces this document. Its runtime goes with it, and a new page without one
 * (about:blank, a data: or blob: page, another site) says nothing: without this, the host would
 * take the silence for a window stuck in a loop, and messages to the new page for queued ones.
 *
 * `pageswap` fires as the new document takes over, for every navigation, whoever started it
 * (Chromium, WebKit). Where an engine has no such event (Firefox), `pagehide` says the document
 * goes, and the Navigation API's `navigate`, for a navigation this document starts itself, where
 * to. (Not in Chromium: there a pagehide listener keeps a removed frame's process alive, and the
 * next run's frame of that site would land in it.) A frame removed or a window closed fires
 * pagehide too; the host then knows the window is gone and takes no new page for it.
 */

import { boundedDestination } from "../protocol";

// Taken when the runtime loads, before any user code could replace them.
const apply = Reflect.apply;
const addListener = EventTarget.prototype.addEventListener;

interface NavigateEventLike extends Event {
  hashChange?: boolean;
  downloadRequest?: string | null;
  destination?: { url?: string; sameDocument?: boolean };
}

interface PageSwapEventLike extends Event {
  activation?: { entry?: { url?: string } | null } | null;
}

const bounded = (url: unknown): string => (typeof url === "string" ? boundedDestination(url) : "");

/** Calls `left` with the new page's URL when the browser tells it (a same-origin navigation), "" when not. */
export function watchLeaving(win: Window, left: (to: string) => void): void {
  // Capturing, and registered before any script of the page: a page's own listener that stops
  // the event cannot keep it from the runtime.
  if ("onpageswap" in win) {
    apply(addListener, win, ["pageswap", (e: PageSwapEventLike) => left(bounded(e.activation?.entry?.url)), true]);
    return;
  }
  let to = "";
  const navigation = (win as { navigation?: EventTarget }).navigation;
  if (navigation) {
    apply(addListener, navigation, [
      "navigate",
      (e: NavigateEventLike) => {
        if (e.hashChange || e.downloadRequest || e.destination?.sameDocument !== false) return;
        to = bounded(e.destination.url);
      },
      true,
    ]);
  }
  apply(addListener, win, ["pagehide", () => left(to), true]);
}
