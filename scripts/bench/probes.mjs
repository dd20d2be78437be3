/**
 * Code the bench runs inside pages (with addInitScript or page.evaluate): each function is
 * serialized on its own, so it may use nothing from this module.
 */

/** What draws a message: the timeline's table rows (not a virtualized list's spacer rows), or marked rows. */
export const ROW = 'table.timeline tbody tr:not([aria-hidden="true"]), [data-timeline-row]';

/**
 * On the plain page's sandbox windows: drop its per-message receipt lines. Each console call is
 * a DevTools protocol event to this process, which would make "raw" measure the console, not
 * postMessage. Its console lines (what scripts print) still go out.
 */
export const QUIET_PLAIN_RECEIPTS = () => {
  if (new URLSearchParams(location.search).get("plain") !== "1") return;
  const debug = console.debug;
  console.debug = function (...args) {
    if (typeof args[0] === "string" && args[0].startsWith('[pg-plain] {"t":"receipt"')) return undefined;
    return debug.apply(this, args);
  };
};

/** In the host page only: when the first message row appeared (epoch ms), and the scripts fetched by then. */
export const FIRST_ROW_PROBE = (sel) => {
  if (location.hostname !== "localhost" || window.top !== window) return;
  const check = () => {
    if (window.__benchFirstRow === undefined && document.querySelector(sel)) {
      window.__benchFirstRow = performance.timeOrigin + performance.now();
      // A resource entry appears once its fetch is over.
      window.__benchFirstRowScripts = performance
        .getEntriesByType("resource")
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && u.pathname.endsWith(".js"))
        .map((u) => u.pathname);
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
};

/** In the host page only: every long task, kept from the start. */
export const LONGTASK_PROBE = () => {
  if (location.hostname !== "localhost" || window.top !== window) return;
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {
    window.__benchLongTasks = null;
  }
};

/**
 * Arms a watcher in the host page: it notes when the trigger happens (Ctrl+Enter keydown, or the
 * last keydown of an edit) and resolves with the time from then until a row that was not there
 * before is in the DOM (a rerun empties the timeline first, so the old rows go away).
 */
export const ARM_RERUN_WATCH = ({ sel, trigger }) => {
  const old = document.querySelector(sel);
  let t0 = null;
  const onKey = (e) => {
    if (trigger === "ctrl-enter" ? e.key === "Enter" && (e.ctrlKey || e.metaKey) && t0 === null : true) t0 = performance.now();
  };
  window.addEventListener("keydown", onKey, true);
  window.__benchRerun = new Promise((resolve) => {
    const check = () => {
      const row = document.querySelector(sel);
      if (t0 === null || !row || row === old || (old && old.isConnected)) return;
      const t = performance.now();
      mo.disconnect();
      window.removeEventListener("keydown", onKey, true);
      resolve(t - t0);
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { childList: true, subtree: true });
  });
};

/**
 * On the plain page's sandbox windows: the first message each document receives (not a port's),
 * as a console line with its epoch time. Taken before the page's own code wraps the console.
 */
export const FIRST_RECEIPT_PROBE = () => {
  if (new URLSearchParams(location.search).get("plain") !== "1") return;
  const log = console.log.bind(console);
  const first = (e) => {
    if (e.ports.length > 0) return;
    removeEventListener("message", first, true);
    log(`bench-first-receipt ${performance.timeOrigin + performance.now()}`);
  };
  addEventListener("message", first, true);
};

/**
 * In the plain page: each of its frames replaced by a fresh one of the same URL, as a rerun makes
 * new windows; returns the epoch time just before.
 */
export const REPLACE_FRAMES = () => {
  const t = performance.timeOrigin + performance.now();
  for (const old of document.querySelectorAll("body > iframe")) {
    const fresh = document.createElement("iframe");
    for (const a of old.attributes) fresh.setAttribute(a.name, a.value);
    old.replaceWith(fresh);
  }
  return t;
};

/**
 * In the host page only: each time the element `sel` (the timeline's "Catching up" figure)
 * appears or goes, with its epoch time, in `window.__benchWaiting` as [time, shown]. Timed where
 * it happens: a wait from Node polls, and Playwright's polls come 500 ms apart after the first
 * few, which would round a catch-up up by as much.
 */
export const CATCH_UP_PROBE = (sel) => {
  if (location.hostname !== "localhost" || window.top !== window) return;
  const changes = (window.__benchWaiting = []);
  let shown = false;
  const check = () => {
    const now = document.querySelector(sel) !== null;
    if (now === shown) return;
    shown = now;
    changes.push([performance.timeOrigin + performance.now(), now]);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};

/**
 * In the host page with CATCH_UP_PROBE: resolves once the figure has been gone for `quietMs`
 * (it can come back while a window still writes what it held), with the epoch time it last went
 * after `after`, or null if it never showed after `after`.
 */
export const CAUGHT_UP = ({ sel, after, quietMs }) =>
  new Promise((resolve) => {
    const started = performance.timeOrigin + performance.now();
    const poll = () => {
      const now = performance.timeOrigin + performance.now();
      const changes = window.__benchWaiting;
      const last = changes.at(-1);
      const quietSince = Math.max(started, last ? last[0] : -Infinity);
      if (document.querySelector(sel) === null && now - quietSince >= quietMs) {
        const gone = changes.filter(([t, shown]) => !shown && t >= after).at(-1);
        resolve(gone ? gone[0] : null);
      } else setTimeout(poll, 50);
    };
    poll();
  });
