/**
 * What a hostile (or clumsy) script does to its own window, made visible instead of harmful:
 * - window.open: each popup is remembered (scenario popups by name, for source labels), the
 *   browser's own refusals are reported, and a storm is capped per document;
 * - alert/confirm/prompt: recorded, never shown (a modal loop would hold the window, and in
 *   some browsers the whole page);
 * - document.open/write after load: the page is replaced and the browser erases the window's
 *   event listeners, the runtime's own receipt listener too, which is put back.
 *
 * A script reaches more realms than its own: a same-origin about:blank or srcdoc iframe it makes,
 * an about:blank popup it opens, and their children, each with its own `open` and `alert`. A guard
 * that only patched this window would be one `b.open(…)` away from nothing, so every such realm is
 * guarded too, sharing this document's one list of popups (one cap, and one close on rerun). Other
 * origins are out of reach: they are other sites, or windows with a runtime of their own.
 *
 * A realm is guarded as soon as this document can see it:
 * - the return value of window.open (an about:blank popup is same-origin);
 * - iframe/frame/object `contentWindow` and `contentDocument`;
 * - a DOM insertion (appendChild, append, innerHTML, insertAdjacentHTML, …) in a guarded realm:
 *   the frames it connects are guarded before the call returns, so `frames[i]` in the next
 *   statement already reaches a guarded realm. A frame's initial about:blank Window is kept for
 *   its first same-origin document (a srcdoc; Chromium keeps it, with its properties, as the
 *   standard says), so that document starts guarded;
 * - a `load` event in a guarded document, for every later document of a frame;
 * - a MutationObserver on each guarded document, for frames connected in a way not listed above.
 * What stays open: a document that runs before any guard can see it, a page made from a blob: URL
 * that a script sends its own window (or a frame's, until that frame's load) to. Dialogs hold there
 * too: frames and every sandbox page have a browser sandbox without allow-modals, which such a page
 * inherits (sandboxes/frame-sandbox.ts, src/host/security-headers.ts). Popups it opens are past the
 * cap, and the popup blocker refuses them without a click there, unless popups were allowed.
 * A popup opened onto this window's own origin keeps the Window of its initial about:blank
 * document, guarded here: if it is a scenario window, its runtime's own guard wraps this one, so
 * its popups count against both caps and either document's rerun closes them.
 */
import { PARAM_INIT } from "../first-document";
import { PARAM_WINDOW } from "../protocol";
import type { Describer } from "./describe";
import { guardFunctionSources, standIn } from "./function-source";
import { preview } from "./preview";
import { patchDialogs, patchFrameGetters, type Realm } from "./realm-patches";
import type { Recorder } from "./recorder";
import type { Positioned, Reporting } from "./reporting";

/** Popups one document may open; more is a storm. */
export const MAX_POPUPS = 10;

export interface EscapeGuards {
  /**
   * Closes every window this document opened, from any realm it guards (when the host ends the
   * run), but the one popup it opened for each scenario window named in `keep`: the host retired
   * it, and it closes itself.
   */
  closeOpened(keep?: readonly string[]): void;
  /** The window is retiring (retire.ts replaces its page on purpose): nothing more to put back or say. */
  stop(): void;
}

// Taken when the runtime loads, before any user code: a script may replace any global, and these
// run when a script calls open() or inserts a frame.
const apply = Reflect.apply;
const getOwn = Object.getOwnPropertyDescriptor;
const define = Object.defineProperty;
const addListener = EventTarget.prototype.addEventListener;
const NativeObserver = MutationObserver;
const observe = MutationObserver.prototype.observe;
const getterOf = (obj: object, key: string) => getOwn(obj, key)?.get;
// Window members live on each window itself ([Global]); these getters work on any window of any
// realm, and throw SecurityError for a cross-origin one.
const documentOf = getterOf(window, "document");
const lengthOf = getterOf(window, "length");
const closedOf = getterOf(window, "closed");
const closeWindow = window.close;
const rootOf = getterOf(Document.prototype, "documentElement");
const ownerOf = getterOf(Node.prototype, "ownerDocument");
const viewOf = getterOf(Document.prototype, "defaultView");
const indexOf = String.prototype.indexOf;

type Open = (this: unknown, ...args: unknown[]) => Window | null;

/**
 * `colorScheme`: the theme this window was told to follow (index.ts), passed on to the scenario
 * windows it opens in the same fragment of their URL, which their runtime reads and removes. The
 * script's own URL and what `playground.url` returns stay as they are.
 */
export function installEscapeGuards(
  o: Reporting & Positioned & { describer: Describer; recorder: Recorder; colorScheme: string | undefined },
): EscapeGuards {
  const { win } = o;
  const warn = (text: string) =>
    o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level: "warn", text, at: o.positionIn(new Error().stack) });

  /** Each window this document opened, from any realm it guards, with the scenario window it was opened for, if any. */
  const opened: { w: Window; for: string | undefined }[] = [];
  let refused = 0;
  /** The runtime's own functions, so that a realm seen twice (its Window outlives its first document) is patched once. */
  const ours = new WeakSet<object>();
  const guardedDocs = new WeakSet<Document>();

  const isClosed = (w: Window): boolean => {
    try {
      return closedOf ? (apply(closedOf, w, []) as boolean) : w.closed;
    } catch {
      return true;
    }
  };
  /** The windows still open; closed ones are forgotten, so a long open-and-close loop keeps the list short. */
  const stillOpen = () => {
    let n = 0;
    for (const entry of opened) if (!isClosed(entry.w)) opened[n++] = entry;
    opened.length = n;
    return opened;
  };

  function openFrom(self: Window, nativeOpen: Open, args: Parameters<Window["open"]>, main: boolean): Window | null {
    let forWindow: string | undefined;
    if (args[0] !== undefined && args[0] !== "") {
      try {
        const text = String(args[0]);
        forWindow = new URL(text, win.location.href).searchParams.get(PARAM_WINDOW) ?? undefined;
        // A page of the scenario, without a fragment of its own: it is drawn in the same theme.
        // (A fragment that holds the window's init only, sandboxes/first-document.ts, takes it too.)
        if (forWindow !== undefined && o.colorScheme) {
          const hash = apply(indexOf, text, ["#"]);
          if (hash < 0) args[0] = `${text}#color-scheme=${o.colorScheme}`;
          else if (apply(indexOf, text, [`#${PARAM_INIT}=`]) === hash && apply(indexOf, text, ["&", hash]) < 0) args[0] = `${text}&color-scheme=${o.colorScheme}`;
        }
      } catch {
        // Not a URL: the browser's own open() reports it.
      }
    }
    const label = forWindow ?? String(args[0] ?? "about:blank");
    if (stillOpen().length >= MAX_POPUPS) {
      // Said once per storm, not once per call.
      if (refused++ === 0) warn(`window.open(${preview(label)}) refused: this window already has ${MAX_POPUPS} open popups (the playground's cap).`);
      return null;
    }
    // Stamped before the call: the popup's own document starts (timeOrigin) during it.
    const openedAt = o.now();
    const popup = apply(nativeOpen, self, args);
    if (popup === null) {
      o.report({ kind: "lifecycle", seq: o.nextSeq(), time: openedAt, what: "popup-blocked", detail: label });
    } else {
      opened.push({ w: popup, for: forWindow });
      if (forWindow && main) o.describer.rememberPopup(popup, forWindow);
      o.report({ kind: "lifecycle", seq: o.nextSeq(), time: openedAt, what: "popup-opened", detail: label });
      // Before the caller has it: its initial about:blank document is this origin's.
      guardRealm(popup);
    }
    return popup;
  }

  /** Replaces `w.open` (an own property of every window) with one that counts in this document's list. */
  function patchOpen(w: Window, main: boolean): void {
    const native = getOwn(w, "open")?.value as Open | undefined;
    if (typeof native !== "function" || ours.has(native)) return;
    const open = standIn({
      open(this: unknown, ...args: Parameters<Window["open"]>): Window | null {
        return openFrom(w, native, args, main);
      },
    }.open, native);
    ours.add(open);
    define(w, "open", { configurable: true, writable: true, enumerable: true, value: open });
  }

  /**
   * DOM insertions guard the frames they connect before the inserting call returns: a frame has
   * its Window (its initial about:blank, which a srcdoc document keeps) as soon as it is in the
   * document, and the script may reach it through `frames[i]` in the very next statement, before
   * a MutationObserver or a load event could run.
   */
  function patchInsertions(w: Realm): void {
    const afterInsert = (node: unknown): void => {
      let view: Window | null = null;
      try {
        const doc = ownerOf ? (apply(ownerOf, node, []) as Document | null) : null;
        view = viewOf ? (apply(viewOf, doc ?? node, []) as Window | null) : null;
      } catch {
        // Not a node of a document: nothing was connected.
      }
      if (view) scan(view);
    };
    const methods: [object | undefined, string][] = [];
    for (const ctor of [w.Node, w.Element, w.CharacterData, w.Document, w.DocumentType]) {
      const proto = ctor?.prototype as object | undefined;
      for (const key of ["appendChild", "insertBefore", "replaceChild", "moveBefore", "append", "prepend", "before", "after", "replaceWith", "insertAdjacentElement", "insertAdjacentHTML", "setHTMLUnsafe"]) {
        methods.push([proto, key]);
      }
    }
    methods.push([w.Range?.prototype, "insertNode"], [w.Range?.prototype, "surroundContents"], [w.ShadowRoot?.prototype, "setHTMLUnsafe"]);
    for (const [proto, key] of methods) {
      const d = proto ? getOwn(proto, key) : undefined;
      const native = d?.value as ((...a: unknown[]) => unknown) | undefined;
      if (!proto || typeof native !== "function" || ours.has(native)) continue;
      // A method keeps its name and length, as the browser's does.
      const patched = {
        [key](this: unknown, ...args: unknown[]): unknown {
          const result = apply(native, this, args);
          afterInsert(key === "insertNode" || key === "surroundContents" ? args[0] : this);
          return result;
        },
      }[key] as (...a: unknown[]) => unknown;
      standIn(patched, native);
      ours.add(patched);
      define(proto, key, { ...d, value: patched });
    }
    for (const proto of [w.Element?.prototype, w.ShadowRoot?.prototype] as (object | undefined)[]) {
      for (const key of ["innerHTML", "outerHTML"]) {
        const d = proto ? getOwn(proto, key) : undefined;
        const set = d?.set;
        if (!proto || !d || !set || ours.has(set)) continue;
        const patched = {
          [key](this: unknown, value: unknown) {
            // outerHTML replaces `this`: its document is read first.
            const doc = ownerOf ? (apply(ownerOf, this, []) as Document | null) : null;
            apply(set, this, [value]);
            afterInsert(doc ?? this);
          },
        }[key] as (v: unknown) => void;
        standIn(patched, set);
        ours.add(patched);
        define(proto, key, { ...d, set: patched });
      }
    }
  }

  /** Frames found cross-origin: a mutation's scan skips them, a load's (the frame has a new document) does not. */
  const foreign = new WeakSet<Window>();
  /** Guards every child window of `w` that is same-origin (a cross-origin one throws, and is skipped). */
  function scan(w: Window, loaded = false): void {
    let n: number;
    try {
      n = lengthOf ? (apply(lengthOf, w, []) as number) : 0;
    } catch {
      return;
    }
    for (let i = 0; i < n; i++) {
      let child: Window | undefined;
      try {
        child = (w as unknown as Record<number, Window | undefined>)[i];
      } catch {
        continue;
      }
      if (child && (loaded || !foreign.has(child)) && !guardRealm(child)) foreign.add(child);
    }
  }

  function guardDocument(doc: Document): void {
    if (guardedDocs.has(doc)) return;
    const view = viewOf ? (apply(viewOf, doc, []) as Window | null) : null;
    if (view) guardRealm(view);
  }

  /** False if `w` is out of reach (cross-origin). */
  function guardRealm(w: Window): boolean {
    let doc: Document;
    try {
      if (!documentOf) return false;
      doc = apply(documentOf, w, []) as Document;
    } catch {
      // Cross-origin: another site, or a window with a runtime of its own.
      return false;
    }
    if (!doc || guardedDocs.has(doc)) return true;
    guardedDocs.add(doc);
    try {
      if (w !== win) {
        patchOpen(w, false);
        patchDialogs(w, " in a window this one made", ours, warn);
        patchFrameGetters(w as Realm, ours, guardDocument);
        patchInsertions(w as Realm);
        guardFunctionSources(w);
      }
      watch(doc, w);
      scan(w);
    } catch {
      // A realm the script shaped first (its globals replaced) may refuse a patch; the call that
      // led here (an open(), a getter) must still be the browser's.
    }
    return true;
  }

  const onLoadHere = () => scan(win, true);
  /** Sees frames inserted into `doc`, and (for this window's own document) a replaced page. */
  function watch(doc: Document, w: Window): void {
    apply(addListener, doc, ["load", w === win ? onLoadHere : () => scan(w, true), true]);
    const observer = new NativeObserver(() => {
      if (w === win) pageReplaced();
      scan(w);
    });
    apply(observe, observer, [doc, { childList: true, subtree: true }]);
  }

  patchOpen(win, true);
  patchDialogs(win, "", ours, warn);
  patchFrameGetters(win as Realm, ours, guardDocument);
  patchInsertions(win as Realm);

  const doc = win.document;
  let root = rootOf ? (apply(rootOf, doc, []) as Element | null) : doc.documentElement;
  /**
   * document.open() erases the listeners of the window, the document and its nodes, but not a
   * MutationObserver: when the page's root element changes, the runtime's listeners are put back.
   * This also catches a document.open the patch below never sees (Document.prototype.open, or
   * another realm's, called on this document). It runs at the microtask checkpoint right after
   * the call, and a message is always a task of its own, so no receipt can come first.
   */
  let stopped = false;
  function pageReplaced(said?: string): void {
    if (stopped) return;
    const now = rootOf ? (apply(rootOf, doc, []) as Element | null) : doc.documentElement;
    if (now === root) return;
    root = now;
    o.recorder.relisten();
    apply(addListener, doc, ["load", onLoadHere, true]);
    warn(`document.${said ?? "open"}() replaced this window's page; the browser dropped its message listeners (the playground still records receipts).`);
  }
  // The name of the call in the console, and listeners back before the calling script goes on.
  for (const name of ["open", "write", "writeln"] as const) {
    const native = doc[name] as (...args: unknown[]) => unknown;
    const replacing = {
      [name](this: Document, ...args: unknown[]) {
        const result: unknown = apply(native, this, args);
        if (this === doc) pageReplaced(name);
        return result;
      },
    }[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(doc, name, { configurable: true, writable: true, value: standIn(replacing, native) });
  }
  guardRealm(win);

  return {
    stop() {
      stopped = true;
    },
    closeOpened(keep = []) {
      const open = stillOpen().slice();
      // Kept only when it is the one open window for that name: then it is the host's live popup
      // (its opener is this window), and a second one, which the host refused, is closed here.
      const kept = (o: (typeof open)[number]) => o.for !== undefined && keep.includes(o.for) && open.filter((x) => x.for === o.for).length === 1;
      for (const o of open) {
        if (kept(o)) continue;
        try {
          apply(closeWindow, o.w, []);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
